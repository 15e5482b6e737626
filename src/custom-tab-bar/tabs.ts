/** The tabs of the app: three for everyone, and 工作台 first for staff. */
import { TabPages } from '../domain/routes';

/**
 * An icon of `src/assets/tab`. WeChat: by path — the files app.config's tab list ships anyway, so
 * the main package does not carry them twice (inlined in this script); H5: bundled by the build.
 */
function icon(name: string): string {
  // the branch the build does not take is left out of it (the condition is a build-time constant)
  if (process.env.TARO_ENV === 'h5') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundled = require(`../assets/tab/${name}.png`) as string | { default: string };
    return typeof bundled === 'string' ? bundled : bundled.default;
  } else {
    return `/assets/tab/${name}.png`;
  }
}

export interface Tab {
  path: string;
  text: string;
  icon: string;
  activeIcon: string;
  /** shown only to staff: residents never see it */
  staffOnly?: true;
}

export const TABS: readonly Tab[] = [
  { path: TabPages.workbench, text: '工作台', icon: icon('workbench'), activeIcon: icon('workbench-active'), staffOnly: true },
  { path: TabPages.report, text: '报备', icon: icon('report'), activeIcon: icon('report-active') },
  { path: TabPages.request, text: '求助', icon: icon('request'), activeIcon: icon('request-active') },
  { path: TabPages.me, text: '我的', icon: icon('me'), activeIcon: icon('me-active') },
];

/** The tabs a user sees. */
export function tabsFor(staff: boolean): Tab[] {
  return TABS.filter((t) => !t.staffOnly || staff);
}
