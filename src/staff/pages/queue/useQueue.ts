import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { QUEUE_KINDS, type QueueItemView, type QueueKind, type StaffProfile, Pages, to } from '../../../domain';

import { getQueue, getStaffMe } from '../../../services/staff';
import { usePagedList } from '../../shared/usePagedList';

export type QueueStatusFilter = 'open' | 'in_progress';
export type KindFilter = QueueKind | 'all';

export interface QueueFilter {
  kind: KindFilter;
  status: QueueStatusFilter;
}

/** Besides the items: who I am and the open items per kind (fresh with every page). */
export interface QueueExtra {
  profile: StaffProfile;
  counts: Record<QueueKind, number>;
}

/** The code the queue's load answers for a signed-in resident: the page offers the way back. */
export const NOT_STAFF = 'NOT_STAFF';

const NO_COUNTS = Object.fromEntries(QUEUE_KINDS.map((k) => [k, 0])) as Record<QueueKind, number>;

/** The staff tab: who I am, the counts per kind, and the list under the chosen filter, page by page. */
export function useQueue() {
  const [filter, setFilterState] = useState<QueueFilter>({ kind: 'all', status: 'open' });
  // read when a page loads: a filter change reloads at once, before React renders it
  const filterRef = useRef(filter);
  const query = (cursor: string | null) => {
    const f = filterRef.current;
    return { kind: f.kind === 'all' ? undefined : f.kind, status: f.status, cursor };
  };
  const list = usePagedList<QueueItemView, QueueExtra>({
    first: async () => {
      const [me, page] = await Promise.all([getStaffMe(), getQueue(query(null))]);
      if (!me.ok) return me;
      if (me.data === null) return { ok: false, code: NOT_STAFF, message: '仅限社区工作人员使用' };
      if (!page.ok) return page;
      return { ok: true, data: { page: page.data, extra: { profile: me.data, counts: { ...NO_COUNTS, ...page.data.counts } } } };
    },
    next: async (cursor, extra) => {
      const page = await getQueue(query(cursor));
      return page.ok ? { ok: true, data: { page: page.data, extra: { ...extra, counts: { ...NO_COUNTS, ...page.data.counts } } } } : page;
    },
    key: (item) => item.itemId,
  });

  const setFilter = (next: Partial<QueueFilter>) => {
    const f = { ...filterRef.current, ...next };
    if (f.kind === filterRef.current.kind && f.status === filterRef.current.status) return;
    filterRef.current = f;
    setFilterState(f);
    void list.reload();
  };

  return {
    state: list.state,
    filter,
    refreshing: list.refreshing,
    loadingMore: list.loadingMore,
    moreError: list.moreError,
    loadMore: () => void list.loadMore(),
    retry: () => void list.reload(),
    setKind: (kind: KindFilter) => setFilter({ kind }),
    setStatus: (status: QueueStatusFilter) => setFilter({ status }),
    openItem: (itemId: string) => void Taro.navigateTo({ url: to.staffItem(itemId) }),
    openInvite: () => void Taro.navigateTo({ url: Pages.staffInvite }),
    openMembers: () => void Taro.navigateTo({ url: Pages.staffMembers }),
    openRoster: () => void Taro.navigateTo({ url: Pages.roster }),
    openProxyReport: () => void Taro.navigateTo({ url: Pages.proxy }),
    goHome: () => void Taro.switchTab({ url: Pages.me }),
  };
}
