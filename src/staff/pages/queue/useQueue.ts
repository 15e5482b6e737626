import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { QUEUE_KINDS, type QueueItemView, type QueueKind, type StaffProfile } from '../../../domain';
import { ROSTER_PAGE } from '../../../services/checkins';
import { getQueue, getStaffMe, PROXY_PAGE } from '../../../services/staff';
import { appendNew, useMorePages } from '../../shared/useMorePages';

export type QueueStatusFilter = 'open' | 'in_progress';
export type KindFilter = QueueKind | 'all';

export interface QueueFilter {
  kind: KindFilter;
  status: QueueStatusFilter;
}

export type QueueState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'not_staff' }
  | {
      kind: 'ready';
      profile: StaffProfile;
      items: QueueItemView[];
      nextCursor: string | null;
      counts: Record<QueueKind, number>;
    };

const NO_COUNTS = Object.fromEntries(QUEUE_KINDS.map((k) => [k, 0])) as Record<QueueKind, number>;

/** The staff tab: who I am, the counts per kind, and the list under the chosen filter, page by page. */
export function useQueue() {
  const [state, setState] = useState<QueueState>({ kind: 'loading' });
  const [filter, setFilterState] = useState<QueueFilter>({ kind: 'all', status: 'open' });
  const [refreshing, setRefreshing] = useState(false);
  // only the latest load may set the state: a slow earlier one (or its pages) must not overwrite it
  const latest = useRef(0);
  const filterRef = useRef(filter);
  const stateRef = useRef(state);
  stateRef.current = state;
  const { loadingMore, moreError, fetchMore, clearMoreError } = useMorePages(latest);

  const load = useCallback(
    async (f: QueueFilter = filterRef.current) => {
      const seq = ++latest.current;
      setRefreshing(true);
      const [me, page] = await Promise.all([
        getStaffMe(),
        getQueue({ kind: f.kind === 'all' ? undefined : f.kind, status: f.status, cursor: null }),
      ]);
      if (seq !== latest.current) return;
      setRefreshing(false);
      clearMoreError();
      if (!me.ok) return setState({ kind: 'error', message: me.message });
      if (me.data === null) return setState({ kind: 'not_staff' });
      if (!page.ok) return setState({ kind: 'error', message: page.message });
      setState({
        kind: 'ready',
        profile: me.data,
        items: page.data.items,
        nextCursor: page.data.nextCursor,
        counts: { ...NO_COUNTS, ...page.data.counts },
      });
    },
    [clearMoreError],
  );

  // back from an item (verified, accepted…) or switching back to the app: the list is fresh
  useDidShow(() => void load());

  usePullDownRefresh(() => {
    void load().finally(() => void Taro.stopPullDownRefresh());
  });

  const loadMore = useCallback(async () => {
    const s = stateRef.current;
    if (s.kind !== 'ready' || s.nextCursor === null) return;
    const f = filterRef.current;
    await fetchMore(
      () => getQueue({ kind: f.kind === 'all' ? undefined : f.kind, status: f.status, cursor: s.nextCursor }),
      (page) =>
        setState((prev) =>
          prev.kind === 'ready'
            ? {
                ...prev,
                items: appendNew(prev.items, page.items, (i) => i.itemId),
                nextCursor: page.nextCursor,
                counts: { ...NO_COUNTS, ...page.counts },
              }
            : prev,
        ),
    );
  }, [fetchMore]);

  // scrolling to the end loads the next page; the 加载更多 button does the same
  useReachBottom(() => void loadMore());

  const setFilter = (next: Partial<QueueFilter>) => {
    const f = { ...filterRef.current, ...next };
    if (f.kind === filterRef.current.kind && f.status === filterRef.current.status) return;
    filterRef.current = f;
    setFilterState(f);
    void load(f);
  };

  return {
    state,
    filter,
    refreshing,
    loadingMore,
    moreError,
    loadMore: () => void loadMore(),
    retry: () => void load(),
    setKind: (kind: KindFilter) => setFilter({ kind }),
    setStatus: (status: QueueStatusFilter) => setFilter({ status }),
    openItem: (itemId: string) => void Taro.navigateTo({ url: `/staff/pages/item/index?id=${encodeURIComponent(itemId)}` }),
    openInvite: () => void Taro.navigateTo({ url: '/staff/pages/invite/index' }),
    openMembers: () => void Taro.navigateTo({ url: '/staff/pages/members/index' }),
    openRoster: () => void Taro.navigateTo({ url: ROSTER_PAGE }),
    openProxyReport: () => void Taro.navigateTo({ url: PROXY_PAGE }),
    goHome: () => void Taro.switchTab({ url: '/pages/me/index' }),
  };
}
