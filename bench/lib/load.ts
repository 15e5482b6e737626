/**
 * HTTP load with autocannon's programmatic API (autocannon ships no TypeScript types: the part used
 * here is typed below), and the checks the benchmark makes on every response.
 *
 * Each request body comes from a generator (`setupRequest`), so every request is unique. Every
 * response body is classified by its envelope prefix (`{"ok":true` / `{"ok":false`), which is
 * cheap enough to do for all of them, and one in `sampleEvery` is parsed and checked in full.
 */
import { createRequire } from 'module';

interface AcRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: AcRequest, context: Record<string, unknown>) => AcRequest;
  onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
}

interface AcOptions {
  url: string;
  connections: number;
  duration: number;
  /** seconds before a request counts as a timeout */
  timeout: number;
  requests: AcRequest[];
}

/** The percentiles autocannon reports (hdr-histogram-percentiles-obj). */
interface AcHistogram {
  average: number;
  mean: number;
  stddev: number;
  min: number;
  max: number;
  total: number;
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
}

interface AcResult {
  requests: AcHistogram & { sent: number };
  latency: AcHistogram;
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
}

interface AcInstance extends PromiseLike<AcResult> {
  stop(): void;
}

type Autocannon = (opts: AcOptions) => AcInstance;

const autocannon = createRequire(__filename)('autocannon') as Autocannon;

/** The autocannon instance in flight, so an abort (Ctrl+C, watchdog) can stop it. */
let running: AcInstance | null = null;

export function stopLoad(): void {
  running?.stop();
}

export interface LoadSpec {
  url: string;
  path: string;
  token: string;
  connections: number;
  seconds: number;
  /** the body of the next request (called once per request: make each one unique) */
  body: () => unknown;
  /** full check of a parsed `data` of an ok response; returns a problem or null */
  check: (data: unknown) => string | null;
  /** parse and check one response in this many (default 20) */
  sampleEvery?: number;
}

export interface LoadResult {
  seconds: number;
  connections: number;
  /** responses received (any status) */
  requests: number;
  /** mean of autocannon's per-second request counts */
  requestsPerSecond: number;
  /** HTTP 2xx responses with an `{ ok: true }` envelope */
  ok: number;
  /** `ok` per second of the run */
  okPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  non2xx: number;
  /** 2xx responses whose envelope was `{ ok: false }` */
  okFalse: number;
  /** error codes of `ok: false` envelopes (first 20 distinct messages kept) */
  okFalseCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  sampled: number;
  sampleProblems: string[];
  statusCodes: Record<string, number>;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const sampleEvery = spec.sampleEvery ?? 20;
  let okTrue = 0;
  let okFalse = 0;
  let sampled = 0;
  let seen = 0;
  const okFalseCodes: Record<string, number> = {};
  const sampleProblems: string[] = [];

  const instance = autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: spec.path,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${spec.token}` },
        setupRequest: (req) => ({ ...req, body: JSON.stringify(spec.body()) }),
        onResponse: (status, body) => {
          if (status < 200 || status >= 300) return;
          seen++;
          if (body.startsWith('{"ok":true')) okTrue++;
          else {
            okFalse++;
            const code = /"code":"([A-Z_]+)"/.exec(body)?.[1] ?? 'UNPARSEABLE';
            if (Object.keys(okFalseCodes).length < 20 || code in okFalseCodes) okFalseCodes[code] = (okFalseCodes[code] ?? 0) + 1;
          }
          if (seen % sampleEvery !== 1) return;
          sampled++;
          let problem: string | null;
          try {
            const envelope = JSON.parse(body) as { ok?: unknown; data?: unknown };
            problem = envelope.ok === true ? spec.check(envelope.data) : null;
          } catch {
            problem = 'response body is not JSON';
          }
          if (problem && sampleProblems.length < 10) sampleProblems.push(problem);
        },
      },
    ],
  });
  running = instance;
  let r: AcResult;
  try {
    r = await instance;
  } finally {
    running = null;
  }
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(r.statusCodeStats ?? {})) statusCodes[code] = Number(count);
  return {
    seconds: r.duration,
    connections: spec.connections,
    requests: r.requests.total,
    requestsPerSecond: r.requests.average,
    ok: okTrue,
    okPerSecond: okTrue / r.duration,
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, mean: r.latency.average },
    non2xx: r.non2xx,
    okFalse,
    okFalseCodes,
    errors: r.errors,
    timeouts: r.timeouts,
    sampled,
    sampleProblems,
    statusCodes,
  };
}
