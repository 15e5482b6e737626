import { useEffect, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import type { BatchRowView, BuildingView } from '../../../domain';
import { callCloud } from '../../../services/cloud';
import { placeRow, unplacedRows } from '../../../services/batches';
import { appendNew } from '../../../staff/shared/usePagedList';

export type UnplacedState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; rows: BatchRowView[]; nextCursor: string | null; buildings: BuildingView[] };

/** The community's 待分拨: each row placed on a building (two taps: pick, 确认) or marked 不在辖区. */
export function useUnplaced() {
  // the dashboard opens one place's list (a community of a street); the desk, the caller's scope
  const placeId = (useRouter().params as { placeId?: string }).placeId || undefined;
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const [state, setState] = useState<UnplacedState>({ kind: 'loading' });
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string[]>([]);
  const [done, setDone] = useState<string[]>([]);

  const load = async () => {
    setState({ kind: 'loading' });
    const rows = await unplacedRows(placeId, null);
    if (!rows.ok) return setState({ kind: 'error', message: rows.message });
    // the buildings of the caller's scope, every page (a community has some hundreds)
    const buildings: BuildingView[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof callCloud<'staff', 'buildings'>>> = await callCloud('staff', 'buildings', { cursor });
      if (!page.ok) return setState({ kind: 'error', message: page.message });
      buildings.push(...page.data.items);
      cursor = page.data.nextCursor;
    } while (cursor);
    setState({ kind: 'ready', rows: rows.data.items, nextCursor: rows.data.nextCursor, buildings });
  };

  useEffect(() => {
    void load();
  }, []);

  const place = async (row: BatchRowView, to: { buildingId: string } | { outOfArea: true }) => {
    const res = await placeRow(row.rowId, to);
    if (!res.ok) return setBanner([res.message]);
    setBanner([]);
    setDone((d) => [...d, `第${row.rowNumber}行 ${row.name}：${'outOfArea' in to ? '不在辖区' : '已分拨'}`]);
    setState((s) => (s.kind === 'ready' ? { ...s, rows: s.rows.filter((r) => r.rowId !== row.rowId) } : s));
  };

  const loadMore = async () => {
    if (state.kind !== 'ready' || !state.nextCursor || loadingMore) return;
    setLoadingMore(true);
    setMoreError(null);
    const more = await unplacedRows(placeId, state.nextCursor);
    setLoadingMore(false);
    if (!more.ok) return setMoreError(more.message);
    setState((s) => (s.kind === 'ready' ? { ...s, rows: appendNew(s.rows, more.data.items, (r) => r.rowId), nextCursor: more.data.nextCursor } : s));
  };

  return {
    state,
    loadingMore,
    moreError,
    loadMore: () => void loadMore(),
    chosen,
    banner,
    done,
    choose: (rowId: string, buildingId: string) => setChosen((c) => ({ ...c, [rowId]: buildingId })),
    place: (row: BatchRowView, to: { buildingId: string } | { outOfArea: true }) => void place(row, to),
    retry: () => void load(),
  };
}
