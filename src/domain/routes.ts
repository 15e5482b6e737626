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
  // the data desk subpackage (核查批次)
  batchImport: '/datadesk/pages/batch/index',
  unplaced: '/datadesk/pages/unplaced/index',
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
  /** the isolation page for a person (starts one, or shows the active one), or one isolation by id */
  isolation: (p: { personId: string; name: string; isolationId?: string }) =>
    withQuery(Pages.isolation, { isolationId: p.isolationId, personId: p.personId, name: p.name }),
  /** the isolation page starting one for several members of a household at once */
  isolations: (persons: ReadonlyArray<{ personId: string; name: string }>) =>
    withQuery(Pages.isolation, {
      personIds: persons.map((p) => p.personId).join(ISOLATION_LIST_SEPARATOR),
      names: persons.map((p) => p.name).join(ISOLATION_LIST_SEPARATOR),
    }),
} as const;

/** Separates the persons of `to.isolations` (ids never, names hardly ever, contain it). */
export const ISOLATION_LIST_SEPARATOR = '|';

/** A page as WeChat's subscribe messages and share cards want it: without the leading slash. */
export const notificationPath = (url: string): string => url.replace(/^\//, '');
