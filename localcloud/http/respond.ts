/** Answers of the local cloud's HTTP layer: the function envelope, as JSON, with a status. */
import type { ServerResponse } from 'http';
import type { Socket } from 'net';
import { err, type Err } from '../../src/domain/errors';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** An HTTP-level refusal: the status for HTTP, the envelope (stable code + Chinese message) for the client. */
export interface Refusal {
  status: number;
  error: Err;
}

export const refuse = (status: number, error: Err): Refusal => ({ status, error });

export function sendRefusal(res: ServerResponse, r: Refusal, headers?: Record<string, string>): void {
  sendJson(res, r.status, r.error, headers);
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/**
 * Requests node's parser refuses (a malformed request line or Content-Length, headers over the
 * limit…) never reach the handler; answer them with the same envelope instead of node's bare text.
 */
export function answerClientError(e: NodeJS.ErrnoException, socket: Socket): void {
  if (e.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
  const [status, body] =
    e.code === 'HPE_HEADER_OVERFLOW'
      ? [431, err('PAYLOAD_TOO_LARGE', '请求地址或请求头过长')]
      : e.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, err('BAD_REQUEST', '请求超时，请重试')]
        : [400, err('BAD_REQUEST')];
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}
