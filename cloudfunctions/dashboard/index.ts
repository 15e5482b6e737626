/** Cloud function `dashboard` (数据看板): staff only, the figures of the caller's scope. */
import { withHttpAccess } from '../common/httpAccess';
import { createMain, type Handlers } from '../common/handler';
import { asStaff } from '../common/staffAccess';
import { dashboardGrids, dashboardOverview } from './overview';

export const handlers = {
  overview: asStaff(dashboardOverview),
  grids: asStaff(dashboardGrids),
} satisfies Handlers<'dashboard'>;

export const main = withHttpAccess('dashboard', createMain('dashboard', handlers));
