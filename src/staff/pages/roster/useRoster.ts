import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { type RosterEntry } from '../../../domain';
import { callPerson, getRoster, isolationPagePathOf } from '../../../services/checkins';
import { appendNew, useMorePages } from '../../shared/useMorePages';

export type RosterState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; date: string; items: RosterEntry[]; nextCursor: string | null };

/** 全部 / 异常 (a fever or symptom today) / 未打卡 (a slot closed without a check-in) */
export type RosterFilter = 'all' | 'fever' | 'missing';

export const hasState = (entry: RosterEntry, state: 'fever' | 'missing'): boolean => entry.slots.some((s) => s.state === state);

/** The day's isolated persons under the worker's scope with each slot's state, page by page. */
export function useRoster() {
  const [state, setState] = useState<RosterState>({ kind: 'loading' });
  // null: today, as the server counts it
  const [date, setDate] = useState<string | null>(null);
  const [filter, setFilter] = useState<RosterFilter>('all');
  const [calling, setCalling] = useState<string | null>(null);
  const [callErrors, setCallErrors] = useState<Record<string, string>>({});
  // only the latest load may set the state: a slow earlier one (or its pages) must not overwrite it
  const latest = useRef(0);
  const dateRef = useRef(date);
  const stateRef = useRef(state);
  stateRef.current = state;
  const { loadingMore, moreError, fetchMore, clearMoreError } = useMorePages(latest);

  const load = useCallback(
    async (d: string | null = dateRef.current) => {
      const seq = ++latest.current;
      const result = await getRoster(d, null);
      if (seq !== latest.current) return;
      clearMoreError();
      setState(
        result.ok
          ? { kind: 'ready', date: result.data.date, items: result.data.items, nextCursor: result.data.nextCursor }
          : { kind: 'error', message: result.message },
      );
    },
    [clearMoreError],
  );

  // back from the isolation page (extended, released) or the app reopened later: slots change
  useDidShow(() => void load());
  usePullDownRefresh(() => {
    void load().finally(() => void Taro.stopPullDownRefresh());
  });

  const loadMore = useCallback(async () => {
    const s = stateRef.current;
    if (s.kind !== 'ready' || s.nextCursor === null) return;
    await fetchMore(
      () => getRoster(s.date, s.nextCursor),
      (page) =>
        setState((prev) =>
          prev.kind === 'ready'
            ? { ...prev, items: appendNew(prev.items, page.items, (e) => e.isolationId), nextCursor: page.nextCursor }
            : prev,
        ),
    );
  }, [fetchMore]);

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
