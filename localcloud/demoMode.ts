/**
 * Demo mode of the local cloud. Its login is "choose a persona", admin included: that is a demo,
 * not authentication, so it exists only when the operator asked for it (GRIDLINK_DEMO=1, which
 * `npm run demo` sets), and a demo reachable from other machines needs a second, explicit switch.
 */

export const DEMO_BANNER = '演示模式 DEMO MODE：任何人都可以选择演示身份登录，请勿用于真实数据';

/** Thrown by startLocalCloud for a configuration it refuses; main prints the message alone. */
export class LocalCloudConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalCloudConfigError';
  }
}

export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Refuses a demo on a non-loopback address unless `allowPublic`; with it, the warning to print.
 * Without demo mode there is no persona login, so any address is fine.
 */
export function checkDemoBinding(opts: { demo: boolean; host: string; allowPublic: boolean }): string | null {
  if (!opts.demo || isLoopbackHost(opts.host)) return null;
  if (!opts.allowPublic) {
    throw new LocalCloudConfigError(
      `演示模式只监听本机地址（127.0.0.1、::1、localhost），而 HOST=${opts.host}：同一网络中的任何人都能以管理员身份登录。` +
        `确需让手机访问演示，请同时设置 GRIDLINK_DEMO_PUBLIC=1。` +
        ` (demo mode listens on loopback only; set GRIDLINK_DEMO_PUBLIC=1 to serve the demo on ${opts.host})`,
    );
  }
  return `⚠ ${DEMO_BANNER}。本地云在 ${opts.host} 上对外开放（GRIDLINK_DEMO_PUBLIC=1）：同一网络中的任何人都能以任一演示身份（包括管理员）登录。`;
}
