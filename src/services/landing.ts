/**
 * Where the app opens: a staff member who opens it plainly (not from a scanned code or a link)
 * lands on 工作台, the tab of their work; everyone else stays where they were going.
 */
import Taro from '@tarojs/taro';
import { TabPages } from '../domain';
import { HOME_PAGE } from './session';
import { staffProfile } from './staffRole';

/** Launch parameters that are the platform's, not the link's. */
const PLATFORM_KEYS = new Set(['stamp', '$taroTimestamp']);

/** The app opened at its plain home page: no place code, scene or anything else in the query. */
export function isPlainHome(path: string, query: Record<string, unknown> = {}): boolean {
  const page = `/${path.replace(/^\/+/, '').split('?')[0]}`;
  const plain = Object.keys(query).every((k) => PLATFORM_KEYS.has(k));
  return (page === '/' || page === HOME_PAGE) && plain && !path.includes('?');
}

/** The page to open after signing in for `url`: 工作台 for staff going to the plain home page. */
export async function afterLogin(url: string): Promise<string> {
  if (url !== HOME_PAGE) return url;
  return (await staffProfile()) ? TabPages.workbench : url;
}

/** On launch: a staff member opening the app plainly goes to 工作台. */
export async function landStaff(path: string, query?: Record<string, unknown>): Promise<void> {
  if (!isPlainHome(path, query)) return;
  if (await staffProfile()) await Taro.switchTab({ url: TabPages.workbench }).catch(() => undefined);
}
