/**
 * A small stand-in for `@tarojs/taro` in page tests (jsdom): storage in a Map, navigation and phone
 * calls recorded, router params set by the test, lifecycle hooks mapped onto React effects.
 */
import { act, useEffect, useRef } from 'react';

type Params = Record<string, string>;

export interface Navigation {
  kind: 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch' | 'navigateBack';
  url: string;
}

const storage = new Map<string, unknown>();
let routerParams: Params = {};
const showHandlers = new Set<() => void>();
const reachBottomHandlers = new Set<() => void>();
const pullDownHandlers = new Set<() => void>();

export const recorded = {
  navigations: [] as Navigation[],
  phoneCalls: [] as string[],
  clipboard: [] as string[],
  toasts: [] as string[],
};

export const request = jest.fn();
export const callFunction = jest.fn();
export const scanCode = jest.fn();
export const chooseImage = jest.fn();
export const previewImage = jest.fn(() => Promise.resolve({ errMsg: 'previewImage:ok' }));

/** Clears storage, recordings and stubs; call in `beforeEach`. */
export function resetTaro(params: Params = {}): void {
  storage.clear();
  routerParams = params;
  recorded.navigations.length = 0;
  recorded.phoneCalls.length = 0;
  recorded.clipboard.length = 0;
  recorded.toasts.length = 0;
  request.mockReset();
  callFunction.mockReset();
  events.clear();
  pageStack.length = 0;
  scanCode.mockReset();
  chooseImage.mockReset();
  previewImage.mockClear();
}

export function setRouterParams(params: Params): void {
  routerParams = params;
}

/** The page shows again (e.g. its tab is tapped): runs every `useDidShow` callback. */
export function triggerDidShow(): void {
  act(() => showHandlers.forEach((handler) => handler()));
}

/** The page is scrolled to its end: runs every `useReachBottom` callback. */
export function triggerReachBottom(): void {
  act(() => reachBottomHandlers.forEach((handler) => handler()));
}

/** The user pulls the page down to refresh: runs every `usePullDownRefresh` callback. */
export function triggerPullDownRefresh(): void {
  act(() => pullDownHandlers.forEach((handler) => handler()));
}

export function lastNavigation(): Navigation | undefined {
  return recorded.navigations[recorded.navigations.length - 1];
}

const navigate =
  (kind: Navigation['kind']) =>
  (options: { url?: string } = {}): Promise<{ errMsg: string }> => {
    recorded.navigations.push({ kind, url: options.url ?? '' });
    return Promise.resolve({ errMsg: `${kind}:ok` });
  };

export function useRouter(): { params: Params; path: string } {
  return { params: routerParams, path: '' };
}

export function useDidShow(callback: () => void): void {
  const latest = useRef(callback);
  latest.current = callback;
  useEffect(() => {
    const handler = () => latest.current();
    showHandlers.add(handler);
    handler();
    return () => {
      showHandlers.delete(handler);
    };
  }, []);
}

/** A page event hook that registers its latest callback in `handlers` while mounted. */
function eventHook(handlers: Set<() => void>) {
  return function useEvent(callback: () => void): void {
    const latest = useRef(callback);
    latest.current = callback;
    useEffect(() => {
      const handler = () => latest.current();
      handlers.add(handler);
      return () => {
        handlers.delete(handler);
      };
    }, []);
  };
}

export const useReachBottom = eventHook(reachBottomHandlers);
/** WeChat's share card: nothing to share in jsdom. */
export function useShareAppMessage(_make: () => unknown): void {}
export const usePullDownRefresh = eventHook(pullDownHandlers);

/** Taro's event bus (the tab bar listens to page shows and route changes on it). */
const events = new Map<string, Set<(...args: unknown[]) => void>>();
export const eventCenter = {
  on: (key: string, fn: (...args: unknown[]) => void) => void events.set(key, new Set([...(events.get(key) ?? []), fn])),
  off: (key: string, fn: (...args: unknown[]) => void) => void events.get(key)?.delete(fn),
  trigger: (key: string, ...args: unknown[]) => act(() => events.get(key)?.forEach((fn) => fn(...args))),
};

/** The page stack `getCurrentPages` answers (routes without the leading slash, as WeChat gives them). */
export const pageStack: Array<{ route: string }> = [];

const Taro = {
  eventCenter,
  getCurrentPages: () => [...pageStack],
  getStorageSync: (key: string): unknown => (storage.has(key) ? storage.get(key) : ''),
  setStorageSync: (key: string, value: unknown): void => {
    storage.set(key, value);
  },
  removeStorageSync: (key: string): void => {
    storage.delete(key);
  },
  navigateTo: navigate('navigateTo'),
  redirectTo: navigate('redirectTo'),
  switchTab: navigate('switchTab'),
  reLaunch: navigate('reLaunch'),
  navigateBack: () => navigate('navigateBack')({ url: '' }),
  makePhoneCall: ({ phoneNumber }: { phoneNumber: string }): Promise<{ errMsg: string }> => {
    recorded.phoneCalls.push(phoneNumber);
    return Promise.resolve({ errMsg: 'makePhoneCall:ok' });
  },
  pageScrollTo: (): Promise<{ errMsg: string }> => Promise.resolve({ errMsg: 'pageScrollTo:ok' }),
  stopPullDownRefresh: (): Promise<{ errMsg: string }> => Promise.resolve({ errMsg: 'stopPullDownRefresh:ok' }),
  setClipboardData: ({ data }: { data: string }): Promise<{ errMsg: string }> => {
    recorded.clipboard.push(data);
    return Promise.resolve({ errMsg: 'setClipboardData:ok' });
  },
  showToast: ({ title }: { title: string }): Promise<{ errMsg: string }> => {
    recorded.toasts.push(title);
    return Promise.resolve({ errMsg: 'showToast:ok' });
  },
  setNavigationBarTitle: (): Promise<{ errMsg: string }> => Promise.resolve({ errMsg: 'setNavigationBarTitle:ok' }),
  scanCode,
  chooseImage,
  previewImage,
  request,
  cloud: { init: jest.fn(), callFunction },
};

export default Taro;
