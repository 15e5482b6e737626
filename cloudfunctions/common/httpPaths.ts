/**
 * The deployed HTTP access paths (CloudBase HTTP 访问服务) of the functions the desk console calls
 * from the H5 build, which runs outside WeChat and so cannot use wx.cloud. They are the local
 * cloud's own API paths, so the H5 client differs only in its base URL (GRIDLINK_API_URL at build
 * time): `/api/functions/<name>` with the desk session's token in `Authorization: Bearer …`, and the
 * desk function at `/api/desk` (the gateway matches by prefix), whose `/api/desk/ticket` and
 * `/api/desk/poll` are the only calls without a session. Resident functions (report, request) and
 * timers (scheduler) have no HTTP path: residents use the mini-program.
 *
 * No dependencies: read by the functions (common/httpAccess.ts) and by the build (deployment.ts).
 */
export const HTTP_ACCESS_PATHS = {
  batch: '/api/functions/batch',
  checkin: '/api/functions/checkin',
  dashboard: '/api/functions/dashboard',
  desk: '/api/desk',
  file: '/api/functions/file',
  hierarchy: '/api/functions/hierarchy',
  ledger: '/api/functions/ledger',
  place: '/api/functions/place',
  poster: '/api/functions/poster',
  staff: '/api/functions/staff',
} as const satisfies Record<string, string>;

export type HttpFunctionName = keyof typeof HTTP_ACCESS_PATHS;

/** The environment variable holding the secret desk session tokens are signed with (the local cloud's SESSION_SECRET). */
export const SESSION_SECRET_ENV = 'GRIDLINK_SESSION_SECRET';
