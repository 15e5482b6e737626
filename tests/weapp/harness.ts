/**
 * Runs pages of the REAL WeChat build (`dist/`, from `npm run build:weapp`) under
 * miniprogram-simulate, the way a resident would use them: read the text, tap, type.
 *
 * How it works
 * - `dist/` is copied to a temporary folder first (waiting for a quiet, complete build), so a
 *   rebuild by someone else during the run cannot hand us half-written files.
 * - Each `loadWeappPage` is a cold start of the mini-program in its own jest module registry
 *   (`jest.isolateModules`): a fresh miniprogram-simulate (which installs its `wx` API defaults
 *   and the global `Component`), our `wx` stand-ins on top, then the stand-ins for `App()`,
 *   `Page()` and `getApp()`. `dist/app.js` is required (it requires Taro's `common`, `vendors`,
 *   `taro` and `runtime` chunks), `onLaunch`/`onShow` are called, and the page is loaded with
 *   `simulate.load(path, { rootPath, compiler: 'official' })` — the bundled Linux `wcc` compiles
 *   Taro's recursive templates (`base.wxml`, `utils.wxs`, the `comp` component); the pure-JS
 *   compiler renders nothing.
 * - `Page(options)` becomes a `Component`: `attached` sets `route` and calls `onLoad(query)` then
 *   `onShow()`, `ready` calls `onReady()`, `detached` calls `onUnload()` — WeChat's order. Taro's
 *   page object keeps its own methods (`eh` is Taro's single event handler for every binding).
 * - Events are dispatched like WeChat does: a bubbling `tap` from the element showing a text
 *   (Taro binds `bindtap="eh"` only on elements with an `onClick`), an `input` event with
 *   `detail.value` on the `<input>` with a placeholder, a `change` with `detail.value` on a
 *   `<picker>`. Rendering is asynchronous (Taro batches `setData`): use `waitFor`, not sleeps.
 * - There is no navigation, tabBar or native UI: `navigateTo`, `showToast`… only record calls.
 *
 * Taro output details this relies on: text sits in plain text nodes (`tmpl_0_9` is
 * `<block>{{i.v}}</block>`); every element carries `id="{{i.uid||i.sid}}"`, which is how `eh`
 * finds the Taro node of an event's `currentTarget`; `Taro.cloud` is `wx.cloud` captured when
 * `taro.js` loads, so `wx.cloud` must exist before `app.js` is required. miniprogram-simulate
 * prefixes class names with the owning component's tag (`main--card`, `comp--card`): use
 * `classesOf`/`closestWithClass` to compare them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const PROJECT_ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(PROJECT_ROOT, 'dist');
/** tag names miniprogram-simulate uses as class prefixes: the page, and Taro's recursive `comp` */
const PAGE_TAG = 'main';
const CLASS_PREFIX = /^(main|comp)--/;

type AnyFn = (...args: any[]) => any;
type Options = Record<string, any>;

// ---------------------------------------------------------------------------------------------
// the wx stand-ins

/** What the cloud answers for one function action: the data, or a function of the payload. */
type CloudAnswer = { kind: 'data'; data: unknown | ((payload: any) => unknown) } | { kind: 'error'; code: string; message: string };
const cloudAnswers = new Map<string, CloudAnswer>();
const storage = new Map<string, string>();
let scanAnswer: { path?: string; result?: string; scanType?: string } | null = null;

/** A WeChat async API: `success`/`fail`/`complete` callbacks, or a Promise when none is given. */
function asyncApi(name: string, outcome: (opts: Options) => Options | Promise<Options>): jest.Mock {
  return jest.fn((opts: Options = {}) => {
    const run = async (): Promise<{ ok: boolean; res: Options }> => {
      try {
        return { ok: true, res: { errMsg: `${name}:ok`, ...(await outcome(opts)) } };
      } catch (e) {
        return { ok: false, res: { errMsg: `${name}:fail ${e instanceof Error ? e.message : String(e)}` } };
      }
    };
    const settled = new Promise<{ ok: boolean; res: Options }>((resolve) => setTimeout(() => void run().then(resolve), 0));
    if (opts.success || opts.fail || opts.complete) {
      void settled.then(({ ok, res }) => {
        if (ok) opts.success?.(res);
        else opts.fail?.(res);
        opts.complete?.(res);
      });
      return undefined;
    }
    return settled.then(({ ok, res }) => (ok ? res : Promise.reject(res)));
  });
}

async function answerCloudCall(opts: Options): Promise<Options> {
  const { name, data } = opts as { name: string; data: { action: string; payload: unknown } };
  const key = `${name}.${data?.action}`;
  const answer = cloudAnswers.get(key);
  if (!answer) {
    // the app shows its network error then; say why, or the failing assertion is a riddle
    console.warn(`[weapp harness] no cloud answer programmed for ${key}; call answerCloud('${name}', '${data?.action}', …)`);
    throw new Error(`no answer for ${key}`);
  }
  if (answer.kind === 'error') return { result: { ok: false, code: answer.code, message: answer.message }, requestID: 'test' };
  const value = typeof answer.data === 'function' ? await (answer.data as AnyFn)(data.payload) : answer.data;
  // the platform serializes the result: the page must not share objects with the test
  return { result: { ok: true, data: JSON.parse(JSON.stringify(value ?? null)) }, requestID: 'test' };
}

/**
 * The `wx` APIs the app calls at launch and on the report pages, each a jest mock recording its
 * calls. Everything else falls through to miniprogram-simulate's silent defaults.
 */
export const wxMock = {
  cloud: {
    init: jest.fn(),
    /** `wx.cloud.callFunction({ name, data: { action, payload } })`; program it with `answerCloud` */
    callFunction: asyncApi('cloud.callFunction', answerCloudCall),
  },
  getStorageSync: jest.fn((key: string) => {
    const stored = storage.get(key);
    // WeChat answers '' for a missing key
    return stored === undefined ? '' : JSON.parse(stored);
  }),
  setStorageSync: jest.fn((key: string, value: unknown) => void storage.set(key, JSON.stringify(value))),
  removeStorageSync: jest.fn((key: string) => void storage.delete(key)),
  getSystemInfoSync: jest.fn(() => ({
    brand: 'devtools',
    model: 'iPhone 12',
    pixelRatio: 3,
    screenWidth: 390,
    screenHeight: 844,
    windowWidth: 390,
    windowHeight: 753,
    statusBarHeight: 47,
    language: 'zh_CN',
    version: '8.0.50',
    system: 'iOS 17.0',
    platform: 'devtools',
    SDKVersion: '3.4.0',
  })),
  showToast: asyncApi('showToast', () => ({})),
  showModal: asyncApi('showModal', () => ({ confirm: true, cancel: false })),
  makePhoneCall: asyncApi('makePhoneCall', () => ({})),
  navigateTo: asyncApi('navigateTo', () => ({})),
  redirectTo: asyncApi('redirectTo', () => ({})),
  switchTab: asyncApi('switchTab', () => ({})),
  reLaunch: asyncApi('reLaunch', () => ({})),
  navigateBack: asyncApi('navigateBack', () => ({})),
  pageScrollTo: asyncApi('pageScrollTo', () => ({})),
  /** answers what `setScanResult` set; by default the resident closes the scanner */
  scanCode: asyncApi('scanCode', () => {
    if (!scanAnswer) throw new Error('cancel');
    return { charSet: 'utf-8', scanType: 'WX_CODE', ...scanAnswer };
  }),
};

/** Programs `wx.cloud.callFunction` for `name`/`action` to answer `{ result: { ok: true, data } }`. */
export function answerCloud(name: string, action: string, data: unknown | ((payload: any) => unknown)): void {
  cloudAnswers.set(`${name}.${action}`, { kind: 'data', data });
}

/** Programs a failure envelope `{ result: { ok: false, code, message } }`. */
export function answerCloudError(name: string, action: string, code: string, message: string): void {
  cloudAnswers.set(`${name}.${action}`, { kind: 'error', code, message });
}

/** The events (`{ action, payload }`) sent to one cloud function, in order. */
export function cloudEvents(name: string): Array<{ action: string; payload: any }> {
  return wxMock.cloud.callFunction.mock.calls.filter(([opts]) => opts?.name === name).map(([opts]) => opts.data);
}

/** What the next `wx.scanCode` returns; `null` = the resident cancels. */
export function setScanResult(result: { path?: string; result?: string; scanType?: string } | null): void {
  scanAnswer = result;
}

/** Puts a value in the mini-program's storage (as `wx.setStorageSync` would), without recording a call. */
export function seedStorage(key: string, value: unknown): void {
  storage.set(key, JSON.stringify(value));
}

/** Forgets recorded calls, programmed answers, storage and the scan result. Call in `beforeEach`. */
export function resetWx(): void {
  const mocks: jest.Mock[] = [
    wxMock.cloud.init,
    wxMock.cloud.callFunction,
    ...Object.values(wxMock).filter((v): v is jest.Mock => typeof v === 'function'),
  ];
  mocks.forEach((m) => m.mockClear());
  cloudAnswers.clear();
  storage.clear();
  scanAnswer = null;
}

// ---------------------------------------------------------------------------------------------
// a stable copy of the build

let snapshot: string | null = null;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function walkFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walkFiles(full, out);
    else out.push(full);
  }
  return out;
}

function newestChange(dir: string): number {
  return Math.max(0, ...walkFiles(dir).map((f) => fs.statSync(f).mtimeMs));
}

/** Why `dir` is not a complete weapp build, or null when it is. */
function incompleteBuild(dir: string): string | null {
  const need = (rel: string) => (fs.existsSync(path.join(dir, rel)) ? null : rel);
  const appJs = path.join(dir, 'app.js');
  if (!fs.existsSync(appJs) || !fs.existsSync(path.join(dir, 'app.json'))) return 'app.js / app.json';
  // the chunks app.js requires: ./common, ./vendors, ./taro, ./runtime
  const chunks = [...fs.readFileSync(appJs, 'utf8').matchAll(/require\("\.\/([\w./-]+)"\)/g)].map((m) => `${m[1]}.js`);
  let pages: string[];
  try {
    pages = (JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')) as { pages: string[] }).pages;
  } catch {
    return 'app.json (unreadable)';
  }
  const files = [...chunks, 'base.wxml', 'utils.wxs', 'comp.js', 'comp.json', 'comp.wxml', ...pages.flatMap((p) => [`${p}.js`, `${p}.json`, `${p}.wxml`])];
  return files.map(need).find((missing) => missing !== null) ?? null;
}

/** Copies `dist/` once the build is complete and has not changed for a moment. */
async function snapshotDist(): Promise<string> {
  if (snapshot) return snapshot;
  const deadline = Date.now() + 45_000;
  let problem = 'dist/ does not exist';
  while (Date.now() < deadline) {
    if (fs.existsSync(DIST)) {
      const missing = incompleteBuild(DIST);
      const changed = newestChange(DIST);
      if (missing) problem = `dist/ lacks ${missing}`;
      else if (Date.now() - changed < 1500) problem = 'dist/ is being written';
      else {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridlink-weapp-'));
        fs.cpSync(DIST, dir, { recursive: true });
        if (newestChange(DIST) === changed && !incompleteBuild(dir)) {
          warnIfStale(changed);
          return (snapshot = dir);
        }
        fs.rmSync(dir, { recursive: true, force: true });
        problem = 'dist/ changed while it was copied';
      }
    }
    await sleep(500);
  }
  throw new Error(`No complete weapp build: ${problem}. Run \`npm run build:weapp\` first.`);
}

function warnIfStale(builtAt: number): void {
  const src = path.join(PROJECT_ROOT, 'src');
  if (!fs.existsSync(src)) return;
  const newer = walkFiles(src).filter((f) => fs.statSync(f).mtimeMs > builtAt);
  if (newer.length > 0) {
    console.warn(`[weapp harness] dist/ is older than ${newer.length} file(s) in src/ (e.g. ${path.relative(PROJECT_ROOT, newer[0])}); run \`npm run build:weapp\` to test the current code.`);
  }
}

// ---------------------------------------------------------------------------------------------
// loading a page

/** The pieces of one isolated mini-program run that the page object needs. */
interface Runtime {
  root: { dom: Element; detach(): void };
  /** j-component's node wrapper (the base class of its root component), to dispatch events */
  NodeWrapper: new (exparserNode: unknown) => { dispatchEvent(name: string, options: { detail?: unknown }): void };
}

export interface WeappPage {
  /** all text of the rendered page, one line per text node */
  text(): string;
  /** the innermost element showing exactly this text (or matching the pattern), or null */
  findByText(text: string | RegExp): Element | null;
  /** taps the element showing this text; the tap bubbles to the nearest element with an onClick */
  tap(text: string | RegExp): void;
  /** types into the input (or textarea) with this placeholder: an `input` event with `detail.value` */
  input(placeholder: string, value: string): void;
  /** what the input (or textarea) with this placeholder shows, as last rendered */
  valueOf(placeholder: string): string;
  /** picks in the picker around the element showing this text: a `change` event with `detail.value` */
  pick(text: string | RegExp, value: number | string | string[]): void;
  /** polls until `predicate` returns a truthy value without throwing; returns that value */
  waitFor<T>(predicate: () => T, timeoutMs?: number): Promise<T>;
  /** closes the page (`onUnload`) */
  unload(): void;
}

const openPages = new Set<WeappPage>();

/** Closes pages a test left open and deletes the copy of the build. */
afterAll(() => {
  openPages.forEach((p) => p.unload());
  if (snapshot) fs.rmSync(snapshot, { recursive: true, force: true });
  snapshot = null;
});

/** Starts the mini-program and opens `pagePath` (e.g. `pages/report/index`) with `query` as its onLoad options. */
export async function loadWeappPage(pagePath: string, query: Record<string, string> = {}): Promise<WeappPage> {
  const root = await snapshotDist();
  const g = globalThis as any;
  let runtime!: Runtime;

  jest.isolateModules(() => {
    // a fresh `wx` per run: taro.js keeps `wx.cloud` and Taro's chunks live in `wx.webpackJsonp`
    delete g.wx;
    const simulate = require('miniprogram-simulate');
    // simulate installs `wx` = its API defaults; ours win
    Object.assign(g.wx, wxMock, { cloud: { ...wxMock.cloud } });

    let app: any = null;
    const pageStack: any[] = [];
    g.App = (options: any) => {
      app = options;
    };
    g.getApp = () => app;
    g.getCurrentPages = () => [...pageStack];
    g.Page = (options: Options) => {
      const methods: Options = {};
      for (const [key, value] of Object.entries(options)) if (typeof value === 'function') methods[key] = value;
      g.Component({
        data: options.data ?? {},
        methods,
        lifetimes: {
          attached(this: any) {
            this.route = this.__route__ = pagePath;
            this.options = { ...query };
            pageStack.push(this);
            this.onLoad?.({ ...query });
            this.onShow?.();
          },
          ready(this: any) {
            this.onReady?.();
          },
          detached(this: any) {
            this.onUnload?.();
            pageStack.splice(pageStack.indexOf(this), 1);
          },
        },
      });
    };

    require(path.join(root, 'app.js'));
    if (!app) throw new Error('dist/app.js did not call App()');
    const launch = { path: pagePath, query: { ...query }, scene: 1047, referrerInfo: {} };
    app.onLaunch?.(launch);
    app.onShow?.(launch);

    const id = simulate.load(path.join(root, pagePath), PAGE_TAG, { rootPath: root, compiler: 'official' });
    const rendered = simulate.render(id);
    rendered.attach(document.createElement('page-host'));
    runtime = { root: rendered, NodeWrapper: Object.getPrototypeOf(require('j-component/src/render/component')) };
  });

  const page = makePage(runtime);
  openPages.add(page);
  // the first render: Taro mounts the React tree and sends it with setData
  await page.waitFor(() => runtime.root.dom.querySelector('[data-sid]'), 5000);
  return page;
}

function makePage({ root, NodeWrapper }: Runtime): WeappPage {
  let open = true;
  const dom = () => {
    if (!open) throw new Error('the page was unloaded');
    return root.dom;
  };
  const describe = () => dom().textContent?.replace(/\s+/g, ' ').slice(0, 600);

  const findByText = (text: string | RegExp): Element | null => {
    const matches = (el: Element) => {
      const shown = (el.textContent ?? '').trim();
      return typeof text === 'string' ? shown === text : text.test(shown);
    };
    const all = Array.from(dom().querySelectorAll('*')).filter(matches);
    // innermost: no other match inside it
    return all.find((el) => !all.some((other) => other !== el && el.contains(other))) ?? null;
  };

  const mustFind = (text: string | RegExp): Element => {
    const el = findByText(text);
    if (!el) throw new Error(`Nothing shows ${String(text)}. The page shows: ${describe()}`);
    return el;
  };

  const dispatch = (el: Element, name: string, detail: unknown) => {
    const node = (el as any).__wxElement;
    if (!node) throw new Error(`<${el.tagName.toLowerCase()}> is not a rendered mini-program node`);
    new NodeWrapper(node).dispatchEvent(name, { detail });
  };

  const bindings = (el: Element): Record<string, unknown> => (el as any).__wxElement?._vt?.event ?? {};
  const attr = (el: Element, name: string): unknown => ((el as any).__wxElement?._vt?.attrs ?? []).find((a: { name: string }) => a.name === name)?.value;

  const inputWith = (placeholder: string): Element => {
    const fields = Array.from(dom().querySelectorAll('wx-input, wx-textarea'));
    const field = fields.find((el) => attr(el, 'placeholder') === placeholder);
    if (field) return field;
    const known = fields.map((el) => attr(el, 'placeholder')).join(' | ');
    throw new Error(`No input with placeholder "${placeholder}". Inputs: ${known || 'none'}`);
  };

  return {
    text() {
      const lines: string[] = [];
      const walker = document.createTreeWalker(dom(), NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const t = n.nodeValue?.trim();
        if (t) lines.push(t);
      }
      return lines.join('\n');
    },

    findByText,

    tap(text) {
      const el = mustFind(text);
      // WeChat would deliver the tap anyway; refusing here catches a test tapping plain text
      let handler: Element | null = el;
      while (handler && !Object.values(bindings(handler)).some((b: any) => b?.name === 'tap')) handler = handler.parentElement;
      if (!handler) throw new Error(`${String(text)} is not tappable (no element with a tap binding around it)`);
      dispatch(el, 'tap', { x: 0, y: 0 });
    },

    input(placeholder, value) {
      dispatch(inputWith(placeholder), 'input', { value, cursor: value.length, keyCode: 0 });
    },

    valueOf(placeholder) {
      return String(attr(inputWith(placeholder), 'value') ?? '');
    },

    pick(text, value) {
      const picker = mustFind(text).closest('wx-picker');
      if (!picker) throw new Error(`${String(text)} is not inside a picker`);
      dispatch(picker, 'change', { value });
    },

    async waitFor<T>(predicate: () => T, timeoutMs = 3000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      let last: unknown = new Error('the condition stayed false');
      for (;;) {
        try {
          const value = predicate();
          if (value) return value;
        } catch (e) {
          last = e;
        }
        if (Date.now() > deadline) {
          const why = last instanceof Error ? last.message : String(last);
          throw new Error(`waitFor timed out after ${timeoutMs} ms: ${why}\nThe page shows: ${open ? describe() : '(unloaded)'}`);
        }
        await sleep(10);
      }
    },

    unload() {
      if (!open) return;
      root.detach();
      open = false;
      openPages.delete(this);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// small DOM helpers

/** Class names of a rendered element without miniprogram-simulate's `main--` / `comp--` prefix. */
export function classesOf(el: Element): string[] {
  return Array.from(el.classList).map((c) => c.replace(CLASS_PREFIX, ''));
}

/** The nearest element (itself included) carrying `className` as written in the source. */
export function closestWithClass(el: Element, className: string): Element | null {
  for (let cur: Element | null = el; cur; cur = cur.parentElement) if (classesOf(cur).includes(className)) return cur;
  return null;
}
