/**
 * The local transport of the real wx-server-sdk database API.
 *
 * Every database call of wx-server-sdk goes through `@cloudbase/database`, which sends one request
 * per call with `TcbDBApiHttpRequester#send(action, params)` from `@cloudbase/node-sdk`. Replacing
 * that one method keeps the whole SDK (query building, EJSON serialisation, reply decoding, error
 * mapping, runTransaction's retry loop) real and answers each request from a DocumentStore, in the
 * reply shapes `@cloudbase/database` reads:
 *
 * | action                       | request params (EJSON strings)                          | reply `data`             |
 * |------------------------------|---------------------------------------------------------|--------------------------|
 * | database.insertDocument      | data: string[], transactionId?                          | { insertedIds }          |
 * | database.getDocument         | query?, order?, offset?, limit?, projection?, queryType, transactionId? | { list: string[] } |
 * | database.calculateDocument   | query?                                                  | { total }                |
 * | database.modifyDocument      | query, data, queryType, multi, merge, upsert, transactionId? | { updated, upsert_id? } |
 * | database.removeDocument      | query, queryType, multi, transactionId?                 | { deleted }              |
 * | database.modifyAndReturnDoc  | query, data, transactionId?                             | { updated, doc? }        |
 * | database.aggregateDocuments  | stages: { stageKey, stageValue }[]                      | { list: string[] }       |
 * | database.addCollection       | collectionName                                          | {}                       |
 * | database.startTransaction    | –                                                       | top-level transactionId  |
 * | database.commitTransaction / abortTransaction | transactionId                          | {}                       |
 *
 * Each reply carries a `requestId`; failures are `{ code, message, requestId }` with CloudBase's
 * error codes, which the SDK turns into its usual errors (`errCode` -502001 and so on). Documents go
 * out as their stored text: Dates are `{"$date": ms}`, which the SDK's `EJSON.parse` turns into
 * `Date` objects. (`@cloudbase/database` also ships a legacy transaction API with the actions
 * getInTransaction / updateDocInTransaction / deleteDocInTransaction; `Db` does not use it, so those
 * are answered as unsupported.)
 *
 * CloudBase's server-side limits for a cloud function are applied here: `get()` returns 100
 * documents without a limit and at most 1000 with one, and an aggregation without a `$limit` stage
 * returns 20 rows (not in the API reference, but reported by developers in the WeChat developer
 * community and a common production surprise).
 */
import { createRequire } from 'module';
import { decodeEjson, encodeValue, isPlainObject, type Doc } from './codec';
import { StoreError, type DocumentStore, type SortSpec, type StoreErrorCode } from './store';

/** What `TcbDBApiHttpRequester#send` resolves to: a reply or a `{ code, message }` failure. */
interface DbReply {
  requestId: string;
  data?: Record<string, unknown>;
  transactionId?: string;
  code?: StoreErrorCode;
  message?: string;
}

type Params = Record<string, unknown>;
type Send = (action: string, params?: Params) => Promise<DbReply>;

interface RequesterModule {
  TcbDBApiHttpRequester: { prototype: { send: Send } };
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const AGGREGATE_DEFAULT_LIMIT = 20;

/**
 * The requester class wx-server-sdk itself loads: resolved from the SDK's folder, so a second copy
 * of @cloudbase/node-sdk elsewhere in node_modules cannot be patched by mistake.
 */
function requesterModule(): RequesterModule {
  const requireFromSdk = createRequire(require.resolve('wx-server-sdk'));
  return requireFromSdk('@cloudbase/node-sdk/dist/utils/tcbdbapirequester') as RequesterModule;
}

/**
 * Environment for running wx-server-sdk without CloudBase; call before `cloud.init()`.
 *
 * With the transport installed no database request reaches `tcbapirequester.request()`, which is
 * where a run without credentials goes wrong: it arms a 3 s "slow request" warning timer for
 * database actions, then `TcbApiHttpRequester#prepareCredentials` calls the module's async
 * `prepareCredentials()` without awaiting it, so `missing secretId or secretKey of tencent cloud`
 * becomes an unhandled rejection (it kills Node, fails jest) instead of a rejected call, while the
 * request carries on and the timer keeps the process alive. No fake credentials are set: they would
 * only hide a request that escaped the transport. What remains is the SDK's own start-up:
 * - `TENCENTCLOUD=true`: `cloud.init()` runs `preflightRuntimeCloudPlatform()`, an un-awaited GET
 *   of the Tencent Cloud metadata service (metadata.tencentyun.com) that opens a socket and a DNS
 *   lookup; this variable makes the SDK skip it;
 * - `SILENCE=true`: the slow-request timer above is never armed, should a database request from a
 *   second, unpatched copy of the SDK reach the network path;
 * - `TCB_ENV=local` (when unset): the env id `cloud.DYNAMIC_CURRENT_ENV` and `getWXContext().ENV`
 *   resolve to.
 */
export function initLocalSdk(env: NodeJS.ProcessEnv = process.env): void {
  env.TENCENTCLOUD = 'true';
  env.SILENCE = 'true';
  env.TCB_ENV ??= 'local';
}

/**
 * Latency mode. The store answers each request synchronously, so on the local cloud two calls never
 * interleave between their database requests — on CloudBase every request is a network round trip
 * and they do. With a latency each request is answered after a random delay in [min, max] ms, so
 * races show locally (`GRIDLINK_DB_LATENCY_MS=0-3`, or `5` for a fixed delay).
 */
export interface Latency {
  min: number;
  max: number;
}

export function parseLatency(text: string | undefined): Latency | null {
  if (text === undefined || text.trim() === '') return null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?))?\s*$/.exec(text);
  if (!match) throw new Error(`GRIDLINK_DB_LATENCY_MS must be "ms" or "min-max" (e.g. 0-3), got "${text}"`);
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  if (max < min) throw new Error(`GRIDLINK_DB_LATENCY_MS: ${max} is below ${min}`);
  return { min, max };
}

let latency: Latency | null = null;

/** Sets the latency of every database request from now on (null: answer at once). */
export function setDatabaseLatency(value: Latency | null): void {
  latency = value;
}

export function databaseLatency(): Latency | null {
  return latency;
}

function delay(l: Latency): Promise<void> {
  const ms = l.min + Math.random() * (l.max - l.min);
  // Below a millisecond still yields to the event loop, so other calls' requests can go first.
  return new Promise((done) => (ms < 1 ? setImmediate(done) : setTimeout(done, ms)));
}

/** Database requests answered since the transport was installed, per action (the benchmarks count round trips). */
export const requestCounts = { total: 0, byAction: new Map<string, number>() };

/**
 * Answer every SDK database request from `store`. Returns a function that restores the SDK's transport.
 * The latency starts from `GRIDLINK_DB_LATENCY_MS` unless given.
 */
export function installLocalTransport(store: DocumentStore, options: { latency?: Latency | null } = {}): () => void {
  const proto = requesterModule().TcbDBApiHttpRequester.prototype;
  const original = proto.send;
  let requests = 0;
  latency = options.latency !== undefined ? options.latency : parseLatency(process.env.GRIDLINK_DB_LATENCY_MS);
  proto.send = async (action: string, params: Params = {}): Promise<DbReply> => {
    const requestId = `local-${++requests}`;
    requestCounts.total += 1;
    requestCounts.byAction.set(action, (requestCounts.byAction.get(action) ?? 0) + 1);
    if (latency) await delay(latency);
    try {
      return { requestId, ...handle(store, action, params) };
    } catch (e) {
      if (e instanceof StoreError) return { requestId, code: e.code, message: e.message };
      return { requestId, code: 'DATABASE_REQUEST_FAILED', message: messageOf(e) };
    }
  };
  return () => {
    proto.send = original;
  };
}

/** The message of anything thrown; not `instanceof Error`, as SQLite errors may come from another realm (see store.ts). */
function messageOf(e: unknown): string {
  const { message, code } = typeof e === 'object' && e !== null ? (e as { message?: unknown; code?: unknown }) : {};
  const text = typeof message === 'string' ? message : String(e);
  // SQLite's extended code (SQLITE_BUSY_SNAPSHOT, …) names which lock it was
  return typeof code === 'string' && code.startsWith('SQLITE_') ? `${text} (${code})` : text;
}

// ---------------------------------------------------------------------------------------------
// Request parameters

function requireString(params: Params, key: string): string {
  const v = params[key];
  if (typeof v !== 'string') throw new StoreError('INVALID_PARAM', `${key} must be a string`);
  return v;
}

function optionalString(params: Params, key: string): string | undefined {
  const v = params[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function optionalNumber(params: Params, key: string): number | undefined {
  const v = params[key];
  return typeof v === 'number' ? v : undefined;
}

/** An EJSON-encoded object parameter ({} when absent). */
function objectParam(params: Params, key: string): Doc {
  const text = optionalString(params, key);
  if (text === undefined) return {};
  const value = decodeEjson(text);
  if (!isPlainObject(value)) throw new StoreError('INVALID_PARAM', `${key} must encode an object`);
  return value;
}

/**
 * The filter of a request: `doc(id)` requests (queryType DOC) address `{ _id: id }`, and a numeric
 * `doc(7)` addresses the id '7', since the store keeps string ids only.
 */
function filterParam(params: Params): Doc {
  const filter = objectParam(params, 'query');
  if (params.queryType !== 'DOC') return filter;
  const id = filter._id;
  if (typeof id === 'string') return { _id: id };
  if (typeof id === 'number') return { _id: String(id) };
  throw new StoreError('INVALID_PARAM', 'a document request needs an _id');
}

// ---------------------------------------------------------------------------------------------
// Actions

type Reply = Omit<DbReply, 'requestId'>;

function handle(store: DocumentStore, action: string, params: Params): Reply {
  const txId = optionalString(params, 'transactionId');
  switch (action) {
    case 'database.insertDocument': {
      const data = params.data;
      if (!Array.isArray(data) || !data.every((d): d is string => typeof d === 'string')) {
        throw new StoreError('INVALID_PARAM', 'data must be a list of documents');
      }
      const docs = data.map((text) => {
        const doc = decodeEjson(text);
        if (!isPlainObject(doc)) throw new StoreError('INVALID_PARAM', 'a document must be an object');
        return doc;
      });
      return { data: { insertedIds: store.insertMany(requireString(params, 'collectionName'), docs, { txId }) } };
    }
    case 'database.getDocument': {
      const requested = optionalNumber(params, 'limit');
      const docs = store.find(requireString(params, 'collectionName'), filterParam(params), {
        sort: optionalString(params, 'order') === undefined ? undefined : (objectParam(params, 'order') as SortSpec),
        skip: optionalNumber(params, 'offset'),
        limit: requested && requested > 0 ? Math.min(requested, MAX_LIMIT) : DEFAULT_LIMIT,
        projection: objectParam(params, 'projection'),
        txId,
      });
      return { data: { list: docs.map(encodeValue) } };
    }
    case 'database.calculateDocument':
      return { data: { total: store.count(requireString(params, 'collectionName'), filterParam(params)) } };
    case 'database.modifyDocument': {
      const collection = requireString(params, 'collectionName');
      const filter = filterParam(params);
      const data = objectParam(params, 'data');
      if (params.merge === false) {
        // doc(id).set(): replace the whole document, creating it if needed.
        if (typeof filter._id !== 'string') throw new StoreError('INVALID_PARAM', 'set() needs a document id');
        const r = store.replaceOne(collection, filter._id, data, { upsert: params.upsert === true, txId });
        return { data: { updated: r.modified, upsert_id: r.upsertedId ?? undefined } };
      }
      const r = store.updateMany(collection, filter, data, { multi: params.multi !== false, txId });
      return { data: { updated: r.modified } };
    }
    case 'database.removeDocument':
      return {
        data: {
          deleted: store.deleteMany(requireString(params, 'collectionName'), filterParam(params), {
            multi: params.multi !== false,
            txId,
          }),
        },
      };
    case 'database.modifyAndReturnDoc': {
      const r = store.findOneAndUpdate(requireString(params, 'collectionName'), filterParam(params), objectParam(params, 'data'), {
        txId,
      });
      return { data: { updated: r.modified, doc: r.doc === null ? undefined : encodeValue(r.doc) } };
    }
    case 'database.aggregateDocuments': {
      const stages = params.stages;
      if (!Array.isArray(stages)) throw new StoreError('INVALID_PARAM', 'stages must be a list');
      const pipeline = stages.map((stage: unknown): Doc => {
        if (!isPlainObject(stage) || typeof stage.stageKey !== 'string' || typeof stage.stageValue !== 'string') {
          throw new StoreError('INVALID_PARAM', 'a stage needs stageKey and stageValue');
        }
        return { [stage.stageKey]: decodeEjson(stage.stageValue) };
      });
      if (!pipeline.some((stage) => '$limit' in stage)) pipeline.push({ $limit: AGGREGATE_DEFAULT_LIMIT });
      return { data: { list: store.aggregate(requireString(params, 'collectionName'), pipeline).map(encodeValue) } };
    }
    case 'database.addCollection': {
      const name = requireString(params, 'collectionName');
      if (!store.createCollection(name)) throw new StoreError('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${name} already exists`);
      return { data: {} };
    }
    case 'database.startTransaction':
      return { transactionId: store.startTransaction() };
    case 'database.commitTransaction':
      store.commitTransaction(requireString(params, 'transactionId'));
      return { data: {} };
    case 'database.abortTransaction':
      store.abortTransaction(requireString(params, 'transactionId'));
      return { data: {} };
    default:
      throw new StoreError('DATABASE_REQUEST_FAILED', `${action} is not supported by the local database`);
  }
}
