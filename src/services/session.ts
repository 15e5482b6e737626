/**
 * The local cloud's demo login (H5 only). WeChat builds never use it: there the identity comes from
 * the platform. The token is a signed session issued by the local cloud; it is sent as a Bearer
 * header by `callCloud` and never names the caller in a request body.
 */
import Taro from '@tarojs/taro';
import { type Result, Pages, to } from '../domain';

export type PersonaName = 'resident' | 'resident2' | 'resident3' | 'worker' | 'admin';

export interface PersonaOption {
  persona: PersonaName;
  displayName: string;
  role: 'resident' | 'worker' | 'admin';
}

export interface Session {
  token: string;
  openid: string;
  /** a demo persona's session; absent for a desk session */
  persona?: PersonaName;
  displayName: string;
  /** 'desk': signed in at the desk console by a staff member's phone (扫码登录网页版) */
  kind?: 'desk';
}

const SESSION_KEY = 'gridlink.session';
const LOGIN_PAGE = Pages.login;
export const HOME_PAGE = Pages.report;
const NETWORK_MESSAGE = '网络异常，请检查网络后重试';

/** Absolute URL of an API path: the local cloud, or a deployment's HTTP access domain (GRIDLINK_API_URL at build time); '' is same origin. */
export function apiUrl(path: string): string {
  // typeof keeps jest (where the build constant is not defined) from throwing
  const base = typeof LOCAL_CLOUD_URL === 'string' ? LOCAL_CLOUD_URL : '';
  return `${base.replace(/\/+$/, '')}${path}`;
}

export function getSession(): Session | null {
  const stored: unknown = Taro.getStorageSync(SESSION_KEY);
  if (typeof stored !== 'object' || stored === null) return null;
  const s = stored as Partial<Session>;
  return typeof s.token === 'string' && s.token !== '' ? (s as Session) : null;
}

export function clearSession(): void {
  Taro.removeStorageSync(SESSION_KEY);
}

function isResult<T>(body: unknown): body is Result<T> {
  return typeof body === 'object' && body !== null && typeof (body as { ok?: unknown }).ok === 'boolean';
}

export async function requestJson<T>(method: 'GET' | 'POST', path: string, data?: unknown): Promise<Result<T>> {
  try {
    const res = await Taro.request<unknown>({
      url: apiUrl(path),
      method,
      data: data as Record<string, unknown>,
      header: { 'content-type': 'application/json' },
      timeout: 15000,
    });
    if (isResult<T>(res.data)) return res.data;
    return { ok: false, code: 'INTERNAL', message: '系统繁忙，请稍后再试' };
  } catch {
    return { ok: false, code: 'NETWORK', message: NETWORK_MESSAGE };
  }
}

export function listPersonas(): Promise<Result<PersonaOption[]>> {
  return requestJson<PersonaOption[]>('GET', '/api/personas');
}

export async function login(persona: PersonaName): Promise<Result<Session>> {
  const result = await requestJson<Session>('POST', '/api/login', { persona });
  if (result.ok) Taro.setStorageSync(SESSION_KEY, result.data);
  return result;
}

/** Only pages of this app may be returned to after login (no open redirect). */
export function safeReturnUrl(raw: string | undefined): string {
  if (!raw) return HOME_PAGE;
  const url = decodeURIComponent(raw);
  return /^\/((staff|admin)\/)?pages\/[\w/-]+(\?[^#]*)?$/.test(url) && !url.startsWith(LOGIN_PAGE) ? url : HOME_PAGE;
}

/** The current page with its query; H5 uses the hash router (config/index.ts), so the hash is the route. */
function currentPageUrl(): string {
  const hash = typeof window === 'undefined' ? '' : window.location.hash.replace(/^#/, '');
  // main-package pages and the staff and admin subpackages (an invite link, an admin's desk page opened before logging in)
  return hash.startsWith('/pages/') || hash.startsWith('/staff/pages/') || hash.startsWith('/admin/pages/') ? hash : HOME_PAGE;
}

let lastRedirectAt = 0;

/** Sends the user to the login page, to come back to the current page afterwards. */
export function goToLogin(): void {
  const here = currentPageUrl();
  // several calls of one page fail together: navigate once
  if (here.startsWith(LOGIN_PAGE) || Date.now() - lastRedirectAt < 2000) return;
  lastRedirectAt = Date.now();
  void Taro.redirectTo({ url: to.login(here) });
}

/** A desk session ended (on the phone, or expired): back to the desk's QR code, never to persona login. */
export function goToDeskSignIn(): void {
  if (Date.now() - lastRedirectAt < 2000) return;
  lastRedirectAt = Date.now();
  void Taro.reLaunch({ url: Pages.deskSignIn });
}

/** Keeps the session a desk sign-in handed out. */
export function saveSession(session: Session): void {
  Taro.setStorageSync(SESSION_KEY, session);
}

/** Leaves the demo identity and picks another one; comes back to `returnTo` afterwards. */
export function switchIdentity(returnTo: string): void {
  clearSession();
  void Taro.reLaunch({ url: to.login(returnTo) });
}
