import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { to, type DashboardView, type FigureLink, type GridPage, type GridSort } from '../../../domain';
import { getDashboard, getDashboardGrids } from '../../../services/dashboard';

export type DashboardState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; view: DashboardView };

/** The grid table as shown: the pages loaded so far in one order (sorted and paged by the function). */
export interface GridTableState extends GridPage {
  asOf: string | null;
  loading: boolean;
  error: string | null;
}

/** The dashboard of the scope (or of the place the page was opened for): loaded when shown, pulled to refresh. */
export function useDashboard() {
  const { params } = useRouter();
  const placeId = (params as { placeId?: string }).placeId || undefined;
  const [state, setState] = useState<DashboardState>({ kind: 'loading' });
  const [grids, setGrids] = useState<GridTableState | null>(null);
  const latest = useRef(0);
  const gridSeq = useRef(0);

  const load = useCallback(async () => {
    const seq = ++latest.current;
    const res = await getDashboard(placeId);
    if (seq !== latest.current) return;
    setState(res.ok ? { kind: 'ready', view: res.data } : { kind: 'error', message: res.message });
    if (res.ok) {
      gridSeq.current++;
      setGrids({ ...res.data.grids, loading: false, error: null });
    }
  }, [placeId]);

  /** Reads a page of the grid table: the first one of a new order, or the next one of this order. */
  const readGrids = async (sort: GridPage['sort'], cursor: string | null) => {
    const seq = ++gridSeq.current;
    setGrids((g) => (g ? { ...g, loading: true, error: null } : g));
    const res = await getDashboardGrids({ placeId, sort: sort.by, ascending: sort.ascending, cursor });
    if (seq !== gridSeq.current) return;
    setGrids((g) => {
      if (!g) return g;
      if (!res.ok) return { ...g, loading: false, error: res.message };
      return { ...res.data, rows: cursor ? [...g.rows, ...res.data.rows] : res.data.rows, loading: false, error: null };
    });
  };

  useDidShow(() => void load());
  usePullDownRefresh(() => void load().finally(() => void Taro.stopPullDownRefresh()));

  const scopeName = state.kind === 'ready' ? state.view.scope.map((s) => s.name).join('、') : '';
  return {
    state,
    placeId,
    retry: () => {
      setState({ kind: 'loading' });
      void load();
    },
    grids,
    /** a column head: that column worst first (names A to Z), tapped again the other way */
    sortBy: (by: GridSort) => {
      if (!grids) return;
      const s = grids.sort;
      void readGrids(s.by === by ? { by, ascending: !s.ascending } : { by, ascending: by === 'name' }, null);
    },
    moreGrids: () => {
      if (grids?.nextCursor && !grids.loading) void readGrids(grids.sort, grids.nextCursor);
    },
    /** a number's list: the queue filtered (titled with what was tapped), the roster, 待分拨, or the batch rows at a pass */
    open: (link: FigureLink | undefined, title: string) => {
      if (!link) return;
      if (link.list === 'roster') return void Taro.navigateTo({ url: to.roster(link.placeId) });
      if (link.list === 'unplaced') return void Taro.navigateTo({ url: to.unplaced(link.placeId) });
      const titled = scopeName && !title.includes(' · ') ? `${title} · ${scopeName}` : title;
      if (link.list === 'batchRows') return void Taro.navigateTo({ url: to.batchRows({ ...link, title: titled }) });
      void Taro.navigateTo({ url: to.queueList({ ...link, title: titled }) });
    },
    openItem: (itemId: string) => void Taro.navigateTo({ url: to.staffItem(itemId) }),
    openGrid: (gridId: string) => void Taro.navigateTo({ url: to.dashboard(gridId) }),
  };
}
