/**
 * Typed reads over the SDK's query builder. wx-server-sdk types `get()`/`count()` as
 * `Promise<…> | void | string` (callback overloads), so every read goes through these helpers.
 */
type SdkCall = Promise<unknown> | void | string;

export async function rows<T>(query: { get(): SdkCall }): Promise<T[]> {
  const res = (await query.get()) as { data: T[] };
  return res.data;
}

export async function first<T>(query: { limit(n: number): { get(): SdkCall } }): Promise<T | null> {
  const list = await rows<T>(query.limit(1));
  return list[0] ?? null;
}

export async function total(query: { count(): SdkCall }): Promise<number> {
  const res = (await query.count()) as { total: number };
  return res.total;
}
