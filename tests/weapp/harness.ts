/**
 * Runs pages of the REAL WeChat build (`dist/`, from `npm run build:weapp`) under
 * miniprogram-simulate, the way a resident uses them: read the text, tap, type, pick.
 *
 * How it works
 * - `dist/` is copied to a temporary folder first (once the build is complete and has not changed
 *   for a moment), so a rebuild by someone else during the run cannot hand us half-written files.
 * - Each `loadWeappPage` is a cold start of the mini-program in its own jest module registry
 *   (`jest.isolateModules`): a fresh miniprogram-simulate (which installs its `wx` API defaults
 *   and the global `Component`), our `wx` stand-ins on top, then stand-ins for `App()`, `Page()`,
 *   `getApp()` and `getCurrentPages()`. `dist/app.js` is required (it requires Taro's `common`,
 *   `vendors`, `taro` and `runtime` chunks), `onLaunch`/`onShow` are called with the page as the
 *   launch path, and the page is loaded with `simulate.load(path, { rootPath, compiler: 'official' })`:
 *   the bundled Linux `wcc` compiles Taro's recursive templates (`base.wxml`, `utils.wxs`, the
 *   `comp` component). The pure-JS 'simulate' compiler renders nothing.
 * - `Page(options)` becomes a `Component`: `attached` sets `route` and calls `onLoad(query)` then
 *   `onShow()`, `ready` calls `onReady()`, `detached` calls `onUnload()` — WeChat's order. Taro's
 *   page object keeps its methods (`eh` is Taro's one event handler behind every binding).
 * - Events are dispatched as WeChat does: a bubbling `tap` from the element showing a text (Taro
 *   binds `bindtap="eh"` only on elements with an `onClick`), an `input` event with
 *   `detail.value` on the `<input>` with a placeholder, a `change` with `detail.value` on a
 *   `<picker>`. Rendering is asynchronous (Taro batches `setData`): poll with `waitFor`.
 * - There is no navigation, tabBar or native UI: `navigateTo`, `scanCode`… only record calls.
 *
 * Taro output this relies on: text is plain text nodes (`tmpl_0_9` is `<block>{{i.v}}</block>`);
 * every element has `id="{{i.uid||i.sid}}"`, which is how `eh` finds the Taro node of an event's
 * `currentTarget`; `Taro.cloud` is the `wx.cloud` present when `taro.js` loads, so `wx.cloud` must
 * be in place before `app.js` is required; Taro's chunks register in `wx.webpackJsonp`, so every
 * run needs a fresh `wx`. miniprogram-simulate prefixes class names with the owning component's
 * tag (`main--card`, `comp--card`): compare them with `classesOf` / `closestWithClass`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { type ActionName, type DataOf, type Err, type FunctionName, type PayloadOf } from '../../src/domain';

const PROJECT_ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(PROJECT_ROOT, 'dist');
/** the page's tag for miniprogram-simulate; it and Taro's `comp` prefix the class names */
const PAGE_TAG = 'main';
const CLASS_PREFIX = /^(main|comp)--/;

// ---------------------------------------------------------------------------------------------
// the few shapes of WeChat and miniprogram-simulate this file touches

type Query = Record<string, string>;
type Res = Record<string, unknown>;
interface ApiOptions {
  success?: (res: Res) => void;
  fail?: (res: Res) => void;
  complete?: (res: Res) => void;
  [key: string]: unknown;
}
interface LaunchOptions {
  path: string;
  query: Query;
  scene: number;
  referrerInfo: Res;
}
interface AppObject {
  onLaunch?(options: LaunchOptions): void;
  onShow?(options: LaunchOptions): void;
}
interface PageInstance {
  route?: string;
  __route__?: string;
  options?: Query;
  onLoad?(query: Query): void;
  onShow?(): void;
  onReady?(): void;
  onUnload?(): void;
}
interface MiniProgramGlobals {
  wx?: Record<string, unknown>;
  App(options: AppObject): void;
  getApp(): AppObject | null;
  getCurrentPages(): PageInstance[];
  Page(options: Record<string, unknown>): void;
  /** installed by miniprogram-simulate */
  Component(options: Record<string, unknown>): void;
}
interface Simulate {
  load(componentPath: string, tagName: string, options: { rootPath: string; compiler: 'official' }): string;
  render(id: string): { dom: Element; attach(parent: Element): void; detach(): void };
}
/** j-component's node over exparser: `_vt` holds the evaluated attributes and the bindings */
interface MpNode {
  _vt?: { attrs?: Array<{ name: string; value: unknown }>; event?: Record<string, { name: string }> };
}
type RenderedElement = Element & { __wxElement?: MpNode };
/** j-component's node wrapper (the base class of its root component): dispatches like its tests do */
type NodeWrapper = new (node: MpNode) => { dispatchEvent(name: string, options: { detail?: unknown }): void };

const g = globalThis as unknown as MiniProgramGlobals;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// the wx stand-ins

type CloudAnswer = { kind: 'data'; data: unknown } | { kind: 'error'; envelope: Err };
const cloudAnswers = new Map<string, CloudAnswer>();
const storage = new Map<string, string>();
let scanAnswer: { path?: string; result?: string; scanType?: string } | null = null;

/** A WeChat async API: `success`/`fail`/`complete` callbacks, or a Promise when none is given. */
function asyncApi(name: string, outcome: (options: ApiOptions) => Res | Promise<Res>): jest.Mock {
  return jest.fn((options: ApiOptions = {}) => {
    const settled = new Promise<{ ok: boolean; res: Res }>((resolve) =>
      setTimeout(() => {
        Promise.resolve()
          .then(() => outcome(options))
          .then(
            (res) => resolve({ ok: true, res: { errMsg: `${name}:ok`, ...res } }),
            (e: unknown) => resolve({ ok: false, res: { errMsg: `${name}:fail ${e instanceof Error ? e.message : String(e)}` } }),
          );
      }, 0),
    );
    if (options.success || options.fail || options.complete) {
      void settled.then(({ ok, res }) => {
        if (ok) options.success?.(res);
        else options.fail?.(res);
        options.complete?.(res);
      });
      return undefined;
    }
    return settled.then(({ ok, res }) => (ok ? res : Promise.reject(res)));
  });
}

async function answerCloudCall(options: ApiOptions): Promise<Res> {
  const name = String(options.name);
  const event = options.data as { action?: string; payload?: unknown } | undefined;
  const key = `${name}.${event?.action}`;
  const answer = cloudAnswers.get(key);
  if (!answer) {
    // the app then shows its network error: say why, or the failing assertion is a riddle
    console.warn(`[weapp harness] no cloud answer programmed for ${key}: call answerCloud('${name}', '${event?.action}', …)`);
    throw new Error(`no answer for ${key}`);
  }
  if (answer.kind === 'error') return { result: { ...answer.envelope }, requestID: 'test' };
  const value = typeof answer.data === 'function' ? await (answer.data as (payload: unknown) => unknown)(event?.payload) : answer.data;
  // the platform serializes the result: the page never shares objects with the test
  return { result: { ok: true, data: JSON.parse(JSON.stringify(value ?? null)) as unknown }, requestID: 'test' };
}

/**
 * The `wx` APIs the app's source calls (launch, pages, services), each a jest mock recording its
 * calls. Anything else (`showToast`, `getSystemInfoSync`, `getSetting`… — not called by the app
 * today) falls through to miniprogram-simulate's silent defaults: add a line here when a page
 * starts using one.
 */
export const wxMock = {
  cloud: {
    init: jest.fn(),
    /** `wx.cloud.callFunction({ name, data: { action, payload } })`: program it with `answerCloud` */
    callFunction: asyncApi('cloud.callFunction', answerCloudCall),
  },
  getStorageSync: jest.fn((key: string): unknown => {
    const stored = storage.get(key);
    // WeChat answers '' for a missing key
    return stored === undefined ? '' : JSON.parse(stored);
  }),
  setStorageSync: jest.fn((key: string, value: unknown) => void storage.set(key, JSON.stringify(value))),
  removeStorageSync: jest.fn((key: string) => void storage.delete(key)),
  makePhoneCall: asyncApi('makePhoneCall', () => ({})),
  navigateTo: asyncApi('navigateTo', () => ({})),
  redirectTo: asyncApi('redirectTo', () => ({})),
  switchTab: asyncApi('switchTab', () => ({})),
  reLaunch: asyncApi('reLaunch', () => ({})),
  pageScrollTo: asyncApi('pageScrollTo', () => ({})),
  /** answers what `setScanResult` set; by default the resident closes the scanner */
  scanCode: asyncApi('scanCode', () => {
    if (!scanAnswer) throw new Error('cancel');
    return { charSet: 'utf-8', scanType: 'WX_CODE', ...scanAnswer };
  }),
};

/**
 * Programs `wx.cloud.callFunction` for one function action to answer `{ result: { ok: true, data } }`;
 * `data` may be a function of the payload. Typed by the app's `CloudContract`.
 */
export function answerCloud<F extends FunctionName, A extends ActionName<F>>(
  name: F,
  action: A,
  data: DataOf<F, A> | ((payload: PayloadOf<F, A>) => DataOf<F, A> | Promise<DataOf<F, A>>),
): void {
  cloudAnswers.set(`${name}.${action}`, { kind: 'data', data });
}

/** Programs a failure envelope `{ result: { ok: false, code, message, …extra } }`. */
export function answerCloudError<F extends FunctionName>(
  name: F,
  action: ActionName<F>,
  code: string,
  message: string,
  extra: Pick<Err, 'field' | 'errors'> = {},
): void {
  cloudAnswers.set(`${name}.${action}`, { kind: 'error', envelope: { ok: false, code, message, ...extra } });
}

/** The events `{ action, payload }` sent to one cloud function, in order. */
export function cloudEvents(name: FunctionName): Array<{ action: string; payload: unknown }> {
  return wxMock.cloud.callFunction.mock.calls
    .map(([options]) => options as ApiOptions)
    .filter((options) => options.name === name)
    .map((options) => options.data as { action: string; payload: unknown });
}

/** The payloads sent to one function action, in order. */
export function cloudPayloads<F extends FunctionName, A extends ActionName<F>>(name: F, action: A): Array<PayloadOf<F, A>> {
  return cloudEvents(name)
    .filter((event) => event.action === action)
    .map((event) => event.payload as PayloadOf<F, A>);
}

/** What the next `wx.scanCode` returns; `null` = the resident closes the scanner. */
export function setScanResult(result: { path?: string; result?: string; scanType?: string } | null): void {
  scanAnswer = result;
}

/** Puts a value in the mini-program's storage (as `wx.setStorageSync` would), without recording a call. */
export function seedStorage(key: string, value: unknown): void {
  storage.set(key, JSON.stringify(value));
}

/** Forgets recorded calls, programmed answers, storage and the scan result. Call it in `beforeEach`. */
export function resetWx(): void {
  const mocks = [
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

/** What `dir` lacks to be a complete weapp build, or null. */
function incompleteBuild(dir: string): string | null {
  const appJs = path.join(dir, 'app.js');
  if (!fs.existsSync(appJs) || !fs.existsSync(path.join(dir, 'app.json'))) return 'app.js / app.json';
  // the chunks app.js requires: ./common, ./vendors, ./taro, ./runtime
  const chunks = [...fs.readFileSync(appJs, 'utf8').matchAll(/require\("\.\/([\w./-]+)"\)/g)].map((m) => `${m[1]}.js`);
  let pages: string[];
  try {
    pages = (JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')) as { pages: string[] }).pages;
  } catch {
    return 'a readable app.json';
  }
  const files = [
    ...chunks,
    'base.wxml',
    'utils.wxs',
    'comp.js',
    'comp.json',
    'comp.wxml',
    ...pages.flatMap((p) => [`${p}.js`, `${p}.json`, `${p}.wxml`]),
  ];
  return files.find((rel) => !fs.existsSync(path.join(dir, rel))) ?? null;
}

/** Copies `dist/` once it is complete and has not changed for 1.5 s (a rebuild takes 15-45 s here). */
async function snapshotDist(): Promise<string> {
  if (snapshot) return snapshot;
  const deadline = Date.now() + 90_000;
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
  // test files and jest setup under src/ are not part of the build
  const builds = (f: string) => !/\.test\.[jt]sx?$|[\\/]test[\\/]|jest\.config\.js$/.test(f);
  const newer = walkFiles(src).filter((f) => builds(f) && fs.statSync(f).mtimeMs > builtAt);
  if (newer.length > 0) {
    console.warn(
      `[weapp harness] dist/ is older than ${newer.length} file(s) of src/ (e.g. ${path.relative(PROJECT_ROOT, newer[0])}): run \`npm run build:weapp\` to test the current code.`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// loading a page

export interface WeappPage {
  /** all text of the rendered page, one line per text node */
  text(): string;
  /** the innermost element showing exactly this text (or matching the pattern), or null */
  findByText(text: string | RegExp): Element | null;
  /** taps the element showing this text; the tap bubbles to the nearest element with an onClick */
  tap(text: string | RegExp): void;
  /**
   * types into the input (or textarea) with this placeholder — the `nth` one (from 0) when several
   * share it, e.g. one per family member — as WeChat does: an `input` event with `detail.value`
   */
  input(placeholder: string | RegExp, value: string, nth?: number): void;
  /** what that input shows, as last rendered (Taro echoes a controlled value after a re-render) */
  valueOf(placeholder: string | RegExp, nth?: number): string;
  /** picks in the picker around the element showing this text: a `change` event with `detail.value` */
  pick(text: string | RegExp, value: number | string | string[]): void;
  /** polls every 10 ms until `predicate` returns a truthy value without throwing; returns it */
  waitFor<T>(predicate: () => T, timeoutMs?: number): Promise<NonNullable<T>>;
  /** closes the page (`onUnload`) */
  unload(): void;
}

const openPages = new Set<WeappPage>();

// Hooks of the test file importing this harness: copy the build once (waiting up to 90 s while
// someone's `npm run build:weapp` finishes), and clean up after its last test.
beforeAll(() => snapshotDist(), 100_000);

afterAll(() => {
  openPages.forEach((p) => p.unload());
  if (snapshot) fs.rmSync(snapshot, { recursive: true, force: true });
  snapshot = null;
});

/** Starts the mini-program and opens `pagePath` (e.g. `pages/report/index`) with `query` as its onLoad options. */
export async function loadWeappPage(pagePath: string, query: Query = {}): Promise<WeappPage> {
  const root = await snapshotDist();
  let rendered!: ReturnType<Simulate['render']>;
  let wrapper!: NodeWrapper;

  jest.isolateModules(() => {
    // a fresh `wx` per run (taro.js keeps `wx.cloud`; its chunks live in `wx.webpackJsonp`)
    delete g.wx;
    const simulate = jest.requireActual<Simulate>('miniprogram-simulate');
    // simulate has installed `wx` = its API defaults; ours win
    Object.assign(g.wx ?? {}, wxMock, { cloud: { ...wxMock.cloud } });

    let app: AppObject | null = null;
    const pageStack: PageInstance[] = [];
    g.App = (options) => {
      app = options;
    };
    g.getApp = () => app;
    g.getCurrentPages = () => [...pageStack];
    g.Page = (options) => {
      const methods = Object.fromEntries(Object.entries(options).filter(([, value]) => typeof value === 'function'));
      g.Component({
        data: options.data ?? {},
        methods,
        lifetimes: {
          attached(this: PageInstance) {
            this.route = this.__route__ = pagePath;
            this.options = { ...query };
            pageStack.push(this);
            this.onLoad?.({ ...query });
            this.onShow?.();
          },
          ready(this: PageInstance) {
            this.onReady?.();
          },
          detached(this: PageInstance) {
            this.onUnload?.();
            pageStack.splice(pageStack.indexOf(this), 1);
          },
        },
      });
    };

    jest.requireActual(path.join(root, 'app.js'));
    const launched = app as AppObject | null;
    if (!launched) throw new Error('dist/app.js did not call App()');
    const launch: LaunchOptions = { path: pagePath, query: { ...query }, scene: 1047, referrerInfo: {} };
    launched.onLaunch?.(launch);
    launched.onShow?.(launch);

    const id = simulate.load(path.join(root, pagePath), PAGE_TAG, { rootPath: root, compiler: 'official' });
    rendered = simulate.render(id);
    rendered.attach(document.createElement('page-host'));
    wrapper = Object.getPrototypeOf(jest.requireActual('j-component/src/render/component')) as NodeWrapper;
  });

  const page = makePage(rendered, wrapper);
  openPages.add(page);
  // the first render: Taro mounts the React tree and sends it with setData
  await page.waitFor(() => rendered.dom.querySelector('[data-sid]'), 5000);
  return page;
}

function makePage(rendered: ReturnType<Simulate['render']>, Wrapper: NodeWrapper): WeappPage {
  let open = true;
  const dom = () => {
    if (!open) throw new Error('the page was unloaded');
    return rendered.dom;
  };
  const describe = () => (dom().textContent ?? '').replace(/\s+/g, ' ').slice(0, 600);
  const node = (el: Element) => (el as RenderedElement).__wxElement;
  const attr = (el: Element, name: string) => node(el)?._vt?.attrs?.find((a) => a.name === name)?.value;
  const bindsTap = (el: Element) => Object.values(node(el)?._vt?.event ?? {}).some((binding) => binding.name === 'tap');

  const findByText = (text: string | RegExp): Element | null => {
    const shows = (el: Element) => {
      const shown = (el.textContent ?? '').trim();
      return typeof text === 'string' ? shown === text : text.test(shown);
    };
    const all = Array.from(dom().querySelectorAll('*')).filter(shows);
    // the innermost: no other match inside it
    return all.find((el) => !all.some((other) => other !== el && el.contains(other))) ?? null;
  };

  const mustFind = (text: string | RegExp): Element => {
    const el = findByText(text);
    if (!el) throw new Error(`Nothing shows ${String(text)}. The page shows: ${describe()}`);
    return el;
  };

  const inputWith = (placeholder: string | RegExp, nth: number): Element => {
    const fields = Array.from(dom().querySelectorAll('wx-input, wx-textarea'));
    const shows = (el: Element) => {
      const ph = String(attr(el, 'placeholder') ?? '');
      return typeof placeholder === 'string' ? ph === placeholder : placeholder.test(ph);
    };
    const field = fields.filter(shows)[nth];
    if (field) return field;
    const known = fields.map((el) => String(attr(el, 'placeholder'))).join(' | ');
    throw new Error(`No input #${nth} with placeholder ${String(placeholder)}. Inputs: ${known || 'none'}`);
  };

  const dispatch = (el: Element, name: string, detail: unknown) => {
    const target = node(el);
    if (!target) throw new Error(`<${el.tagName.toLowerCase()}> is not a rendered mini-program node`);
    new Wrapper(target).dispatchEvent(name, { detail });
  };

  const page: WeappPage = {
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
      // WeChat would deliver the tap anyway; refusing catches a test tapping plain text
      let handler: Element | null = el;
      while (handler && !bindsTap(handler)) handler = handler.parentElement;
      if (!handler) throw new Error(`${String(text)} is not tappable: no element with a tap binding around it`);
      dispatch(el, 'tap', { x: 0, y: 0 });
    },

    input(placeholder, value, nth = 0) {
      dispatch(inputWith(placeholder, nth), 'input', { value, cursor: value.length, keyCode: 0 });
    },

    valueOf(placeholder, nth = 0) {
      return String(attr(inputWith(placeholder, nth), 'value') ?? '');
    },

    pick(text, value) {
      const picker = mustFind(text).closest('wx-picker');
      if (!picker) throw new Error(`${String(text)} is not inside a picker`);
      dispatch(picker, 'change', { value });
    },

    async waitFor<T>(predicate: () => T, timeoutMs = 3000): Promise<NonNullable<T>> {
      const deadline = Date.now() + timeoutMs;
      let last: unknown = new Error('the condition stayed false');
      for (;;) {
        try {
          const value = predicate();
          if (value) return value as NonNullable<T>;
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
      rendered.detach();
      open = false;
      openPages.delete(page);
    },
  };
  return page;
}

// ---------------------------------------------------------------------------------------------
// DOM helpers

/** Class names of a rendered element without miniprogram-simulate's `main--` / `comp--` prefix. */
export function classesOf(el: Element): string[] {
  return Array.from(el.classList).map((c) => c.replace(CLASS_PREFIX, ''));
}

/** The nearest element (itself included) carrying `className` as written in the source. */
export function closestWithClass(el: Element, className: string): Element | null {
  for (let cur: Element | null = el; cur; cur = cur.parentElement) if (classesOf(cur).includes(className)) return cur;
  return null;
}
