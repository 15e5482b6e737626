/** 数据看板: the figures of the caller's scope (the server checks role and scope on every call). */
import { type DashboardView, type GridSort, type Result } from '../domain';
import { callCloud } from './cloud';

export function getDashboard(placeId?: string): Promise<Result<DashboardView>> {
  return callCloud('dashboard', 'overview', placeId ? { placeId } : {});
}

/** A page of the grid table in the order asked (`cursor`: the previous page's `nextCursor`). */
export function getDashboardGrids(q: { placeId?: string; sort: GridSort; ascending: boolean; cursor: string | null }) {
  return callCloud('dashboard', 'grids', { ...(q.placeId ? { placeId: q.placeId } : {}), sort: q.sort, ascending: q.ascending, cursor: q.cursor });
}
