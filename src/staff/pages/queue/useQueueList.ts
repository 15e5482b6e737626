import Taro, { useRouter } from '@tarojs/taro';
import { PRIORITIES, QUEUE_KINDS, to, type PriorityName, type QueueItemView, type QueueKind } from '../../../domain';
import { getQueue, type QueueQuery } from '../../../services/staff';
import { usePagedList } from '../../shared/usePagedList';

/** The filter a link to this page carries (`to.queueList`): what a dashboard number counts. */
export interface QueueListParams {
  placeId?: string;
  kind?: QueueKind;
  status?: 'open' | 'in_progress';
  priority?: PriorityName;
  overdue: boolean;
  title?: string;
}

/** The page's query, read strictly: anything unknown is left out (the server checks the rest). */
export function queueListParams(params: Record<string, string | undefined>): QueueListParams | null {
  const kind = QUEUE_KINDS.find((k) => k === params.kind);
  const priority = (Object.keys(PRIORITIES) as PriorityName[]).find((p) => p === params.priority);
  const status = params.status === 'open' || params.status === 'in_progress' ? params.status : undefined;
  const overdue = params.overdue === '1';
  const placeId = params.placeId || undefined;
  if (!kind && !priority && !status && !overdue && !placeId) return null;
  return { placeId, kind, priority, status, overdue, title: params.title ? decodeURIComponent(params.title) : undefined };
}

/**
 * The queue as a dashboard number filtered it: both statuses that still need someone (待处理 first,
 * then 处理中), or the one the link names, page by page, most urgent first.
 */
export function useQueueList(filter: QueueListParams) {
  const statuses: Array<'open' | 'in_progress'> = filter.status ? [filter.status] : ['open', 'in_progress'];
  const query = (status: 'open' | 'in_progress', cursor: string | null): QueueQuery => ({
    status,
    cursor,
    kind: filter.kind,
    placeId: filter.placeId,
    priority: filter.priority,
    overdue: filter.overdue,
  });
  // a cursor names its status by index (`1:<cursor>`); a status read to its end goes on with the next one
  const page = async (from: number, cursor: string | null) => {
    const items: QueueItemView[] = [];
    let at = from;
    let after = cursor;
    for (;;) {
      const res = await getQueue(query(statuses[at], after));
      if (!res.ok) return res;
      items.push(...res.data.items);
      if (res.data.nextCursor !== null) return { ok: true as const, data: { page: { items, nextCursor: `${at}:${res.data.nextCursor}` } } };
      if (at + 1 >= statuses.length) return { ok: true as const, data: { page: { items, nextCursor: null } } };
      at += 1;
      after = null;
    }
  };
  const list = usePagedList<QueueItemView, null>({
    first: async () => {
      const res = await page(0, null);
      return res.ok ? { ok: true, data: { page: res.data.page, extra: null } } : res;
    },
    next: async (cursor) => {
      const sep = cursor.indexOf(':');
      return page(Number(cursor.slice(0, sep)), cursor.slice(sep + 1) || null);
    },
    key: (item) => item.itemId,
  });
  return {
    ...list,
    openItem: (itemId: string) => void Taro.navigateTo({ url: to.staffItem(itemId) }),
  };
}

export function useQueueListParams(): QueueListParams | null {
  const { params } = useRouter();
  return queueListParams(params as Record<string, string | undefined>);
}
