/**
 * Reading a request body as the event of a function (or the login's choice): a JSON object of at
 * most MAX_BODY_BYTES, nested at most MAX_EVENT_DEPTH deep, with finite numbers only. Everything
 * else is refused here, with a 4xx and a stable code, before the event is re-serialised or any
 * function runs: JSON.parse accepts `1e999` (Infinity), which the JSON round trip to the function
 * would silently turn into null, and any depth, which recursive code after it would overflow on.
 */
import type { IncomingMessage } from 'http';
import { findShapeProblem, NOT_FINITE_MESSAGE, TOO_DEEP_MESSAGE } from '../../cloudfunctions/common/eventShape';
import { err } from '../../src/domain/errors';
import { refuse, type Refusal } from './respond';

/** Bodies above this are refused before parsing; functions enforce their own, smaller limit. */
export const MAX_BODY_BYTES = 1024 * 1024;

export type JsonBody = { ok: true; value: Record<string, unknown> } | { ok: false; refusal: Refusal };

const TOO_LARGE = refuse(413, err('PAYLOAD_TOO_LARGE'));
const refused = (refusal: Refusal): JsonBody => ({ ok: false, refusal });

export function readJsonObject(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<JsonBody> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: JsonBody) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    // node's parser has already checked that Content-Length is a single number
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) {
      // answered at once; the rest is read and dropped so the client gets to read the answer
      req.resume();
      return settle(refused(TOO_LARGE));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) return settle(refused(TOO_LARGE));
      chunks.push(chunk);
    });
    req.on('end', () => settle(parseEvent(Buffer.concat(chunks))));
    // the client went away mid-body: nobody reads the answer, but the handler must not fail
    req.on('error', () => settle(refused(refuse(400, err('BAD_REQUEST', '请求内容不完整')))));
    req.on('close', () => settle(refused(refuse(400, err('BAD_REQUEST', '请求内容不完整')))));
  });
}

function parseEvent(bytes: Buffer): JsonBody {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refused(refuse(400, err('BAD_REQUEST', '请求内容不是有效的 UTF-8 文本')));
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refused(refuse(400, err('BAD_REQUEST')));
  }
  const shape = findShapeProblem(value);
  if (shape?.kind === 'too_deep') return refused(refuse(400, err('BAD_REQUEST', TOO_DEEP_MESSAGE)));
  if (shape) {
    // field paths name the payload's fields, as the functions' own errors do
    const inPayload = shape.path[0] === 'payload' && shape.path.length > 1;
    const field = inPayload ? shape.path.slice(1).join('.') : undefined;
    const extra = field ? { field, errors: [{ code: 'BAD_REQUEST' as const, field, message: NOT_FINITE_MESSAGE }] } : undefined;
    return refused(refuse(400, err('BAD_REQUEST', NOT_FINITE_MESSAGE, extra)));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return refused(refuse(400, err('BAD_REQUEST', '请求内容应为 JSON 对象')));
  }
  return { ok: true, value: value as Record<string, unknown> };
}

export type RawBody = { ok: true; bytes: Buffer } | { ok: false; refusal: Refusal };

/** A request body as bytes (file uploads), refused with 413 past `maxBytes` before it is all read. */
export function readRawBody(req: IncomingMessage, maxBytes: number, tooLarge: Refusal = TOO_LARGE): Promise<RawBody> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: RawBody) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const incomplete = () => settle({ ok: false, refusal: refuse(400, err('BAD_REQUEST', '请求内容不完整')) });
    if (Number(req.headers['content-length'] ?? 0) > maxBytes) {
      req.resume();
      return settle({ ok: false, refusal: tooLarge });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) {
        req.resume();
        return settle({ ok: false, refusal: tooLarge });
      }
      chunks.push(chunk);
    });
    req.on('end', () => settle({ ok: true, bytes: Buffer.concat(chunks) }));
    req.on('error', incomplete);
    req.on('close', incomplete);
  });
}
