/**
 * Every page of the mini-program and how to open it, declared once: pages navigate with these, the
 * functions put them into notifications, and a test checks each is a page app.config.ts declares.
 * Paths start with `/` for navigation; `notificationPath` drops it for WeChat's subscribe messages.
 */

/** Tab pages: opened with switchTab (which drops a query). */
export const TabPages = {
  report: '/pages/report/index',
  request: '/pages/request/index',
  me: '/pages/me/index',
  /** 工作台: staff only (the custom tab bar shows it to staff), a small main-package page of the queue */
  workbench: '/pages/workbench/index',
} as const;

export const Pages = {
  ...TabPages,
  reportForm: '/pages/report/form',
  receipt: '/pages/report/receipt',
  requestNew: '/pages/request/new',
  requestDetail: '/pages/request/detail',
  privacy: '/pages/privacy/index',
  login: '/pages/login/index',
  checkin: '/pages/checkin/index',
  family: '/pages/family/index',
  // the staff subpackage
  /** the queue's former address: forwards to the 工作台 tab (links and entries made before it) */
  staffQueue: '/staff/pages/queue/index',
  staffItem: '/staff/pages/item/index',
  staffJoin: '/staff/pages/join/index',
  staffInvite: '/staff/pages/invite/index',
  staffMembers: '/staff/pages/members/index',
  roster: '/staff/pages/roster/index',
  isolation: '/staff/pages/isolation/index',
  proxy: '/staff/pages/proxy/index',
  /** the phone's side of 扫码登录网页版: confirm a desk's ticket, list and end desk sessions */
  deskLogin: '/staff/pages/desk-login/index',
  // the desk console (H5 at a PC)
  /** shows the QR code a staff member scans with the mini-program to sign the desk in */
  deskSignIn: '/desk/pages/signin/index',
  // the admin subpackage
  adminPlaces: '/admin/pages/places/index',
  adminImport: '/admin/pages/import/index',
  adminSettings: '/admin/pages/settings/index',
  adminMove: '/admin/pages/move/index',
  /** every place's QR code, poster PDFs, code rotation */
  adminPosters: '/admin/pages/posters/index',
  /** 台账导出 (一户一账 / 一人一档) and the admins' column profiles */
  ledgerExport: '/staff/pages/export/index',
  ledgerProfiles: '/staff/pages/profiles/index',
  /** verification rows at one pass under a place (a dashboard per-pass number) */
  batchRows: '/staff/pages/batch-rows/index',
  // the dashboard subpackage (数据看板)
  dashboard: '/dashboard/pages/index/index',
  // the data desk subpackage (核查批次)
  batchImport: '/datadesk/pages/batch/index',
  unplaced: '/datadesk/pages/unplaced/index',
  /** the desk console (1440 wide): batches and their progress, 待分拨 / the rows a number opens, the row detail */
  deskConsole: '/datadesk/pages/console/index',
} as const;

export type PagePath = (typeof Pages)[keyof typeof Pages];

/** `path?k=v&…` with every value encoded; absent values are left out. */
export function withQuery(path: PagePath, query: Record<string, string | undefined> = {}): string {
  const parts = Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : [`${k}=${encodeURIComponent(v)}`]));
  return parts.length ? `${path}?${parts.join('&')}` : path;
}

/** Typed builders for pages that take parameters. */
export const to = {
  /** the 报备 entry page for a scanned place code */
  reportEntry: (code: string) => withQuery(Pages.report, { code }),
  /** the household form: from a scanned code, or for a household's building (re-filing) */
  reportForm: (where: { code: string } | { communityId: string; buildingId: string }) => withQuery(Pages.reportForm, where),
  receipt: (reportId: string) => withQuery(Pages.receipt, { reportId }),
  requestNew: (kind: string) => withQuery(Pages.requestNew, { kind }),
  requestDetail: (requestId: string) => withQuery(Pages.requestDetail, { id: requestId }),
  login: (redirect: string) => withQuery(Pages.login, { redirect }),
  family: (code?: string) => withQuery(Pages.family, { code }),
  staffItem: (itemId: string) => withQuery(Pages.staffItem, { id: itemId }),
  staffJoin: (code: string) => withQuery(Pages.staffJoin, { code }),
  deskLogin: (ticket?: string) => withQuery(Pages.deskLogin, { ticket }),
  /** the isolation page for a person (starts one, or shows the active one), or one isolation by id */
  isolation: (p: { personId: string; name: string; isolationId?: string }) =>
    withQuery(Pages.isolation, { isolationId: p.isolationId, personId: p.personId, name: p.name }),
  /** the isolation page starting one for several members of a household at once */
  isolations: (persons: ReadonlyArray<{ personId: string; name: string }>) =>
    withQuery(Pages.isolation, {
      personIds: persons.map((p) => p.personId).join(ISOLATION_LIST_SEPARATOR),
      names: persons.map((p) => p.name).join(ISOLATION_LIST_SEPARATOR),
    }),
  /** the admin's place tree at a place (absent: their scope) */
  adminPlaces: (parentId?: string) => withQuery(Pages.adminPlaces, { parentId }),
  /** the tree import under a place of the admin's scope */
  adminImport: (rootId?: string) => withQuery(Pages.adminImport, { rootId }),
  adminSettings: (communityId: string) => withQuery(Pages.adminSettings, { communityId }),
  /** move a compound or building to another grid, or (`split`) part of a grid into a new one */
  adminMove: (p: { placeId: string; name: string; split?: boolean }) =>
    withQuery(Pages.adminMove, { placeId: p.placeId, name: p.name, split: p.split ? '1' : undefined }),
  /** the roster of the scope, or of one place of it */
  roster: (placeId?: string) => withQuery(Pages.roster, { placeId }),
  /** the dashboard of the caller's scope, or of one place of it */
  dashboard: (placeId?: string) => withQuery(Pages.dashboard, { placeId }),
  /** the queue as a dashboard number filters it (not the 工作台 tab: switchTab would drop the filter) */
  queueList: (f: QueueListFilter) =>
    withQuery(Pages.staffQueue, {
      placeId: f.placeId,
      kind: f.kind,
      status: f.status,
      priority: f.priority,
      overdue: f.overdue ? '1' : undefined,
      title: f.title,
    }),
  /** the data desk's 待分拨 list of a place of the scope (the dashboard's 待分拨 number) */
  unplaced: (placeId?: string) => withQuery(Pages.unplaced, { placeId }),
  /** the rows being checked at one pass (核对上级数据 … 每日更新) under a place of the scope */
  batchRows: (l: { stage: string; placeId?: string; title?: string }) =>
    withQuery(Pages.batchRows, { stage: l.stage, placeId: l.placeId, title: l.title }),
} as const;

/** A queue filter a page link carries (the dashboard's numbers open these). */
export interface QueueListFilter {
  placeId?: string;
  kind?: string;
  status?: 'open' | 'in_progress';
  priority?: string;
  overdue?: boolean;
  /** what the list is called on its page (逾期事项 · 第一网格) */
  title?: string;
}

/** Separates the persons of `to.isolations` (ids never, names hardly ever, contain it). */
export const ISOLATION_LIST_SEPARATOR = '|';

/** A page as WeChat's subscribe messages and share cards want it: without the leading slash. */
export const notificationPath = (url: string): string => url.replace(/^\//, '');
