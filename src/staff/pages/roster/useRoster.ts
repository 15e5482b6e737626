import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { type RosterEntry } from '../../../domain';
import { callPerson, getRoster, isolationPagePathOf } from '../../../services/checkins';

export type RosterState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; date: string; items: RosterEntry[]; nextCursor: string | null };

/** 全部 / 异常 (a fever or symptom today) / 未打卡 (a slot closed without a check-in) */
export type RosterFilter = 'all' | 'fever' | 'missing';

export const hasState = (entry: RosterEntry, state: 'fever' | 'missing'): boolean => entry.slots.some((s) => s.state === state);

/** Appends a page, skipping persons already listed (the list may shift while paging). */
function merge(items: readonly RosterEntry[], more: readonly RosterEntry[]): RosterEntry[] {
  const seen = new Set(items.map((i) => i.isolationId));
  return [...items, ...more.filter((i) => !seen.has(i.isolationId))];
}

/** The day's isolated persons under the worker's scope with each slot's state, page by page. */
export function useRoster() {
  const [state, setState] = useState<RosterState>({ kind: 'loading' });
  // null: today, as the server counts it
  const [date, setDate] = useState<string | null>(null);
  const [filter, setFilter] = useState<RosterFilter>('all');
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const [calling, setCalling] = useState<string | null>(null);
  const [callErrors, setCallErrors] = useState<Record<string, string>>({});
  // only the latest load may set the state: a slow earlier one (or its pages) must not overwrite it
  const latest = useRef(0);
  const dateRef = useRef(date);
  const stateRef = useRef(state);
  stateRef.current = state;
  const loadingMoreRef = useRef(false);

  const load = useCallback(async (d: string | null = dateRef.current) => {
    const seq = ++latest.current;
    const result = await getRoster(d, null);
    if (seq !== latest.current) return;
    setMoreError(null);
    setState(
      result.ok
        ? { kind: 'ready', date: result.data.date, items: result.data.items, nextCursor: result.data.nextCursor }
        : { kind: 'error', message: result.message },
    );
  }, []);

  // back from the isolation page (extended, released) or the app reopened later: slots change
  useDidShow(() => void load());
  usePullDownRefresh(() => {
    void load().finally(() => void Taro.stopPullDownRefresh());
  });

  const loadMore = useCallback(async () => {
    const s = stateRef.current;
    if (s.kind !== 'ready' || s.nextCursor === null || loadingMoreRef.current) return;
    const seq = latest.current;
    loadingMoreRef.current = true;
    setLoadingMore(true);
    setMoreError(null);
    const result = await getRoster(s.date, s.nextCursor);
    loadingMoreRef.current = false;
    setLoadingMore(false);
    if (seq !== latest.current) return;
    if (!result.ok) return setMoreError(result.message);
    setState((prev) =>
      prev.kind === 'ready' ? { ...prev, items: merge(prev.items, result.data.items), nextCursor: result.data.nextCursor } : prev,
    );
  }, []);

  useReachBottom(() => void loadMore());

  const chooseDate = (next: string) => {
    dateRef.current = next;
    setDate(next);
    setState({ kind: 'loading' });
    void load(next);
  };

  const call = async (entry: RosterEntry) => {
    if (calling) return;
    setCalling(entry.personId);
    setCallErrors((e) => ({ ...e, [entry.personId]: '' }));
    const result = await callPerson(entry.personId);
    setCalling(null);
    if (!result.ok) setCallErrors((e) => ({ ...e, [entry.personId]: result.message }));
  };

  return {
    state,
    date,
    filter,
    setFilter,
    chooseDate,
    loadingMore,
    moreError,
    loadMore: () => void loadMore(),
    retry: () => void load(),
    calling,
    callErrors,
    call: (entry: RosterEntry) => void call(entry),
    openIsolation: (entry: RosterEntry) => void Taro.navigateTo({ url: isolationPagePathOf(entry) }),
  };
}
