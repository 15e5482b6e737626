import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { type Page, type Result } from '../../domain';

/** A list page's state: its first page's `extra` (the queue's counts, the roster's date…) rides along. */
export type ListState<T, X> =
  | { kind: 'loading' }
  | { kind: 'error'; code: string; message: string }
  | { kind: 'ready'; items: T[]; nextCursor: string | null; extra: X };

export interface PagedListSource<T, X> {
  /** the first page (and what comes with it); an error code of the page's own (e.g. NOT_STAFF) is kept */
  first: () => Promise<Result<{ page: Page<T>; extra: X }>>;
  /** the page after `cursor`; `extra`, when given, replaces the first page's (fresher counts) */
  next: (cursor: string, extra: X) => Promise<Result<{ page: Page<T>; extra?: X }>>;
  /** an entry's identity: an entry that moved while paging is listed once */
  key: (entry: T) => string;
}

/** Appends a page to a list, skipping entries already listed (an entry may move while paging). */
export function appendNew<T>(items: readonly T[], more: readonly T[], key: (entry: T) => string): T[] {
  const seen = new Set(items.map(key));
  return [...items, ...more.filter((entry) => !seen.has(key(entry)))];
}

/**
 * A paged list the way every staff list works: loaded when the page shows, reloaded on pull-down,
 * the next page on reaching the bottom (or 加载更多), one request at a time. Only the latest load
 * may set the state: a slow earlier one, or a page of the list before it was reloaded, is dropped.
 * `source` is read when a load starts, so filters live in the caller's state.
 */
export function usePagedList<T, X>(source: PagedListSource<T, X>) {
  const [state, setState] = useState<ListState<T, X>>({ kind: 'loading' });
  const [refreshing, setRefreshing] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const latest = useRef(0);
  const inFlight = useRef(false);
  const sourceRef = useRef(source);
  sourceRef.current = source;
  const stateRef = useRef(state);
  stateRef.current = state;

  const reload = useCallback(async () => {
    const seq = ++latest.current;
    setRefreshing(true);
    const result = await sourceRef.current.first();
    if (seq !== latest.current) return;
    setRefreshing(false);
    setMoreError(null);
    setState(
      result.ok
        ? { kind: 'ready', items: result.data.page.items, nextCursor: result.data.page.nextCursor, extra: result.data.extra }
        : { kind: 'error', code: result.code, message: result.message },
    );
  }, []);

  const loadMore = useCallback(async () => {
    const s = stateRef.current;
    if (s.kind !== 'ready' || s.nextCursor === null || inFlight.current) return;
    const seq = latest.current;
    inFlight.current = true;
    setLoadingMore(true);
    setMoreError(null);
    const result = await sourceRef.current.next(s.nextCursor, s.extra);
    inFlight.current = false;
    setLoadingMore(false);
    if (seq !== latest.current) return;
    if (!result.ok) return setMoreError(result.message);
    const { page, extra } = result.data;
    const key = sourceRef.current.key;
    setState((prev) =>
      prev.kind === 'ready'
        ? { ...prev, items: appendNew(prev.items, page.items, key), nextCursor: page.nextCursor, extra: extra ?? prev.extra }
        : prev,
    );
  }, []);

  // back from a detail page, or the app reopened later: the list is fresh
  useDidShow(() => void reload());
  usePullDownRefresh(() => {
    void reload().finally(() => void Taro.stopPullDownRefresh());
  });
  useReachBottom(() => void loadMore());

  /** Changes entries in place (an action's result), keeping the list and its position. */
  const updateItems = useCallback((change: (items: T[]) => T[]) => {
    setState((prev) => (prev.kind === 'ready' ? { ...prev, items: change(prev.items) } : prev));
  }, []);

  /** Shows the loading state, then loads (a new filter or date). */
  const restart = useCallback(() => {
    setState({ kind: 'loading' });
    void reload();
  }, [reload]);

  return { state, refreshing, loadingMore, moreError, reload, restart, loadMore, updateItems };
}
