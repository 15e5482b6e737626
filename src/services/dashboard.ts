/** 数据看板: the figures of the caller's scope (the server checks role and scope on every call). */
import { type DashboardView, type Result } from '../domain';
import { callCloud } from './cloud';

export function getDashboard(placeId?: string): Promise<Result<DashboardView>> {
  return callCloud('dashboard', 'overview', placeId ? { placeId } : {});
}
