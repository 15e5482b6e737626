import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { to, type DashboardView, type FigureLink, type GridRow } from '../../../domain';
import { getDashboard } from '../../../services/dashboard';

export type DashboardState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; view: DashboardView };

/** Columns the grid table sorts by; a number column sorts worst (largest) first. */
export type GridSort = 'behind' | 'name' | 'open' | 'overdue' | 'fever' | 'missing' | 'isolated' | 'persons' | 'households';

/** Worst first: overdue, then fever, then missed check-ins, then open items. */
const behindScore = (r: GridRow) => r.overdue * 1e9 + r.fever * 1e6 + r.missing * 1e3 + r.open;

export function sortGrids(rows: readonly GridRow[], by: GridSort, ascending: boolean): GridRow[] {
  const value = (r: GridRow): number | string => (by === 'behind' ? behindScore(r) : by === 'name' ? r.name : r[by]);
  // the column in the order asked; ties always by name, A to Z
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const c = typeof x === 'string' ? x.localeCompare(String(y), 'zh-CN') : (x as number) - (y as number);
    return c !== 0 ? (ascending ? c : -c) : a.name.localeCompare(b.name, 'zh-CN');
  });
}

/** The dashboard of the scope (or of the place the page was opened for): loaded when shown, pulled to refresh. */
export function useDashboard() {
  const { params } = useRouter();
  const placeId = (params as { placeId?: string }).placeId || undefined;
  const [state, setState] = useState<DashboardState>({ kind: 'loading' });
  const [sort, setSort] = useState<{ by: GridSort; ascending: boolean }>({ by: 'behind', ascending: false });
  const latest = useRef(0);

  const load = useCallback(async () => {
    const seq = ++latest.current;
    const res = await getDashboard(placeId);
    if (seq !== latest.current) return;
    setState(res.ok ? { kind: 'ready', view: res.data } : { kind: 'error', message: res.message });
  }, [placeId]);

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
    sort,
    sortBy: (by: GridSort) => setSort((s) => (s.by === by ? { by, ascending: !s.ascending } : { by, ascending: by === 'name' })),
    /** a number's list: the queue filtered (titled with what was tapped), or the roster */
    open: (link: FigureLink | undefined, title: string) => {
      if (!link) return;
      if (link.list === 'roster') return void Taro.navigateTo({ url: to.roster(link.placeId) });
      void Taro.navigateTo({
        url: to.queueList({ ...link, title: scopeName && !title.includes(' · ') ? `${title} · ${scopeName}` : title }),
      });
    },
    openItem: (itemId: string) => void Taro.navigateTo({ url: to.staffItem(itemId) }),
    openGrid: (gridId: string) => void Taro.navigateTo({ url: to.dashboard(gridId) }),
  };
}
