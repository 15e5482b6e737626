import { useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { type RosterEntry } from '../../../domain';
import { callPerson, getRoster, isolationPagePathOf } from '../../../services/checkins';
import { usePagedList } from '../../shared/usePagedList';

/** 全部 / 异常 (a fever or symptom today) / 未打卡 (a slot closed without a check-in) */
export type RosterFilter = 'all' | 'fever' | 'missing';

/** fever: a slot's reading or one taken between slots (a fever at 14:20 is as urgent as one at 08:00) */
export const hasState = (entry: RosterEntry, state: 'fever' | 'missing'): boolean =>
  entry.slots.some((s) => s.state === state) || (state === 'fever' && entry.offSlot.some((r) => r.alarming));

/** The day's isolated persons under the worker's scope with each slot's state, page by page. */
export function useRoster() {
  // one place of the scope (a grid on the dashboard), else the whole scope
  const placeId = (useRouter().params as { placeId?: string }).placeId || undefined;
  // null: today, as the server counts it
  const [date, setDate] = useState<string | null>(null);
  const dateRef = useRef(date);
  const [filter, setFilter] = useState<RosterFilter>('all');
  const [calling, setCalling] = useState<string | null>(null);
  const [callErrors, setCallErrors] = useState<Record<string, string>>({});
  // back from the isolation page (extended, released) or the app reopened later: slots change
  const list = usePagedList<RosterEntry, { date: string }>({
    first: async () => {
      const result = await getRoster(dateRef.current, null, placeId);
      return result.ok ? { ok: true, data: { page: result.data, extra: { date: result.data.date } } } : result;
    },
    next: async (cursor, extra) => {
      const result = await getRoster(extra.date, cursor, placeId);
      return result.ok ? { ok: true, data: { page: result.data } } : result;
    },
    key: (entry) => entry.isolationId,
  });

  const chooseDate = (next: string) => {
    dateRef.current = next;
    setDate(next);
    list.restart();
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
    state: list.state,
    date,
    filter,
    setFilter,
    chooseDate,
    loadingMore: list.loadingMore,
    moreError: list.moreError,
    loadMore: () => void list.loadMore(),
    retry: () => void list.reload(),
    calling,
    callErrors,
    call: (entry: RosterEntry) => void call(entry),
    openIsolation: (entry: RosterEntry) => void Taro.navigateTo({ url: isolationPagePathOf(entry) }),
  };
}
