import Taro, { useRouter } from '@tarojs/taro';
import { PASS_KINDS, to, type BatchRowView, type PassKind } from '../../../domain';
import { stageRows } from '../../../services/batches';
import { usePagedList } from '../../shared/usePagedList';

export interface BatchRowsQuery {
  stage: PassKind | null;
  placeId?: string;
  /** what the list is called (入户走访 · 第一网格) */
  title?: string;
}

export function readQuery(params: Record<string, string | undefined>): BatchRowsQuery {
  const stage = PASS_KINDS.find((k) => k === params.stage) ?? null;
  return {
    stage,
    ...(params.placeId ? { placeId: params.placeId } : {}),
    ...(params.title ? { title: decodeURIComponent(params.title) } : {}),
  };
}

/** The verification rows a dashboard per-pass number counts, page by page; a row opens its queue item. */
export function useBatchRows() {
  const query = readQuery(useRouter().params as Record<string, string | undefined>);
  const { stage, placeId } = query;
  const list = usePagedList<BatchRowView, null>({
    first: async () => {
      if (!stage) return { ok: false, code: 'BAD_REQUEST', message: '链接不完整：缺少核查环节，请从数据看板重新打开' };
      const res = await stageRows(stage, placeId, null);
      return res.ok ? { ok: true, data: { page: res.data, extra: null } } : res;
    },
    next: async (cursor) => {
      const res = await stageRows(stage!, placeId, cursor);
      return res.ok ? { ok: true, data: { page: res.data } } : res;
    },
    key: (row) => row.rowId,
  });
  return {
    ...list,
    query,
    openRow: (row: BatchRowView) => {
      if (row.itemId) void Taro.navigateTo({ url: to.staffItem(row.itemId) });
    },
  };
}
