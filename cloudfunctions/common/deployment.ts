/**
 * How each cloud function runs on CloudBase, declared once: runtime, handler, timeout, memory and
 * the NAMES of the environment variables it reads (values never appear in the repository). The
 * function list itself is the folders of cloudfunctions/ with an index.ts; `npm run build:cloud`
 * refuses to build when a folder has no entry here or an entry has no folder, and writes
 * build/cloudbaserc.json (the CloudBase CLI's framework file) from this file, the functions'
 * config.json (timer triggers) and COLLECTIONS. `npm run deploy:check` reads the same declarations.
 *
 * Imported by the build scripts only: no function bundles this file.
 */
import { COLLECTIONS, type CollectionDecl } from './collections';
import { HTTP_ACCESS_PATHS } from './httpPaths';

/**
 * CloudBase's Node.js runtimes (cloud-function/runtime-support: 26.x, 24.11, 22.21, 20.19, 18.15,
 * 16.13). We use 20.19: the Node major this repository's tests run on (`engines: >=20`), and the
 * newest event-function runtime CloudBase's own tooling lists. The bundles are compiled for it.
 */
export const RUNTIME = 'Nodejs20.19';
/** The runtime as an esbuild target (`Nodejs20.19` → `node20.19`). */
export const ESBUILD_TARGET = RUNTIME.replace(/^Nodejs/, 'node');
/** Every function's index.js exports `main`. */
export const HANDLER = 'index.main';

export interface EnvVarDecl {
  /** a deployment without it refuses to work (required) or only loses a feature (optional) */
  required: boolean;
  /** never printed, never written anywhere by our scripts */
  secret: boolean;
  /** what it is and how to make one, for README and `npm run deploy:check` */
  what: string;
  /** a problem with the value, or null when it is fine */
  check?: (value: string) => string | null;
}

const base64Key = (value: string): string | null => {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value.trim())) return 'is not base64';
  const bytes = Buffer.from(value, 'base64').length;
  return bytes === 32 ? null : `is ${bytes} bytes, not 32`;
};

/** Every environment variable a function reads (besides the ones CloudBase sets itself). */
export const FUNCTION_ENV = {
  GRIDLINK_DATA_KEY: {
    required: true,
    secret: true,
    what: 'AES-256-GCM key for ID numbers and phone numbers at rest: 32 random bytes, base64 (openssl rand -base64 32)',
    check: base64Key,
  },
  GRIDLINK_HASH_KEY: {
    required: true,
    secret: true,
    what: 'HMAC-SHA256 key for lookups and dedupe: 32 random bytes, base64, not the data key; never rotate it without re-hashing',
    check: base64Key,
  },
  GRIDLINK_FIRST_ADMIN_OPENID: {
    required: true,
    secret: false,
    what: "the first admin's openid in this mini-program: they become admin on first opening 工作台 and invite everyone else",
    check: (v) => (/^\S+$/.test(v) ? null : 'contains spaces'),
  },
  GRIDLINK_FIRST_ADMIN_SCOPE: {
    required: true,
    secret: false,
    what: "the first admin's scope: place ids, comma separated",
    check: (v) => (v.split(',').some((s) => s.trim()) ? null : 'names no place id'),
  },
  GRIDLINK_TPL_REQUEST_STATUS: {
    required: false,
    secret: false,
    what: "subscribe-message template id: a resident's request was accepted, done or rejected (also the weapp build's REQUEST_TEMPLATE_ID)",
  },
  GRIDLINK_TPL_REQUEST_ALERT: {
    required: false,
    secret: false,
    what: 'subscribe-message template id: an urgent or emergency request arrived (to grid workers)',
  },
  GRIDLINK_TPL_CHECKIN_REMINDER: {
    required: false,
    secret: false,
    what: "subscribe-message template id: a check-in slot closes soon (also the weapp build's CHECKIN_TEMPLATE_ID)",
  },
  GRIDLINK_TPL_ITEM_ASSIGNED: {
    required: false,
    secret: false,
    what: 'subscribe-message template id: a colleague handed a staff member a queue item',
  },
  GRIDLINK_WXACODE_ENV_VERSION: {
    required: false,
    secret: false,
    what: 'which mini-program version a poster\'s mini-program code opens: release (default), trial or develop',
    check: (v) => (['release', 'trial', 'develop'].includes(v) ? null : 'is not release, trial or develop'),
  },
  GRIDLINK_SESSION_SECRET: {
    required: true,
    secret: true,
    what: "HMAC-SHA256 secret the desk console's session tokens are signed with (its HTTP access paths verify them): 32 random bytes, base64; rotating it ends every desk session",
    check: base64Key,
  },
} as const satisfies Record<string, EnvVarDecl>;

export type FunctionEnvName = keyof typeof FUNCTION_ENV;

/** Set by CloudBase in every deployed function; never configured by us. */
export const PLATFORM_ENV = ['TENCENTCLOUD_RUNENV'] as const;

export interface FunctionDeployment {
  /** seconds (the CLI accepts 1-60) */
  timeout: number;
  /** MB; CloudBase gives CPU in proportion to memory */
  memorySize: 128 | 256 | 512 | 1024 | 2048;
  /** the names of the environment variables this function's code reads, in this order */
  env: FunctionEnvName[];
  /**
   * npm packages left out of the bundle and listed in its package.json at the version installed
   * here, for CloudBase to install (云端安装依赖) beside wx-server-sdk: large libraries that read
   * their own files or the environment (exceljs)
   */
  dependencies?: readonly string[];
}

const KEYS: FunctionEnvName[] = ['GRIDLINK_DATA_KEY', 'GRIDLINK_HASH_KEY'];

/**
 * One entry per cloud function. Resident-facing calls are short (one or two indexed reads, a
 * transaction at most) and the page waits for them, so their timeouts stay small: a stuck call fails
 * fast instead of holding an instance. `staff` pages queues and merges households (several
 * transactions); `scheduler` walks every active isolation and recurring transport every 10 minutes.
 */
export const FUNCTIONS: Record<string, FunctionDeployment> = {
  place: { timeout: 5, memorySize: 256, env: [] },
  checkin: { timeout: 5, memorySize: 256, env: [] },
  // reads an upload back to check its bytes (up to 20 MB)
  file: { timeout: 20, memorySize: 512, env: [...KEYS] },
  // the desk console's sign-in: small reads and conditional writes
  desk: { timeout: 5, memorySize: 256, env: [] },
  report: { timeout: 10, memorySize: 256, env: [...KEYS] },
  request: { timeout: 10, memorySize: 256, env: [...KEYS, 'GRIDLINK_TPL_REQUEST_ALERT', 'GRIDLINK_TPL_REQUEST_STATUS'] },
  staff: {
    timeout: 20,
    memorySize: 512,
    env: [
      ...KEYS,
      'GRIDLINK_FIRST_ADMIN_OPENID',
      'GRIDLINK_FIRST_ADMIN_SCOPE',
      'GRIDLINK_TPL_REQUEST_STATUS',
      'GRIDLINK_TPL_ITEM_ASSIGNED',
    ],
  },
  scheduler: { timeout: 60, memorySize: 512, env: ['GRIDLINK_TPL_CHECKIN_REMINDER', 'GRIDLINK_TPL_REQUEST_ALERT'] },
  // reads imports (up to 20 MB of xlsx) and runs re-gridding batches for up to 20 s a call
  hierarchy: { timeout: 60, memorySize: 1024, env: [...KEYS], dependencies: ['exceljs', 'iconv-lite'] },
  // draws a grid's posters (up to 500 A4 pages, mini-program codes made or read from storage)
  poster: { timeout: 60, memorySize: 1024, env: [...KEYS, 'GRIDLINK_WXACODE_ENV_VERSION'] },
  // ledger export: a call works ~8 s on a job (pages of 500 rows), the last one streams the xlsx
  ledger: { timeout: 60, memorySize: 512, env: [...KEYS], dependencies: ['exceljs', 'iconv-lite'] },
  // a fixed set of indexed counts per scope place, plus the stats documents of its grids and days
  dashboard: { timeout: 10, memorySize: 256, env: [] },
  // reads a list of up to 20 MB into chunks; each import step runs about 4 s (STEP_BUDGET_MS)
  batch: { timeout: 60, memorySize: 512, env: [...KEYS, 'GRIDLINK_TPL_ITEM_ASSIGNED'], dependencies: ['exceljs', 'iconv-lite'] },
};

// The functions the desk console calls from the H5 build have an HTTP access path (httpPaths.ts) and
// verify the desk session's token with the session secret: they read it too.
for (const name of Object.keys(HTTP_ACCESS_PATHS)) FUNCTIONS[name].env.push('GRIDLINK_SESSION_SECRET');

/**
 * Cloud storage's security rule (console 存储 → 权限设置 → 自定义安全规则). Nothing is read from a
 * client: every file is shown through a temporary URL a function issues after checking the
 * caller's right (cloudfunctions/common/files.ts). A client writes only files it created itself,
 * at the random path `file.prepareUpload` handed it.
 */
export const STORAGE_RULE = { read: false, write: 'resource.openid == auth.openid' } as const;

/** The functions that read an environment variable. */
export function functionsReading(name: FunctionEnvName): string[] {
  return Object.entries(FUNCTIONS)
    .filter(([, d]) => d.env.includes(name))
    .map(([fn]) => fn);
}

// ---------------------------------------------------------------------------------------------
// build/cloudbaserc.json

/** A timer trigger as the function's config.json (WeChat DevTools) and cloudbaserc.json both write it. */
export interface TimerTrigger {
  name: string;
  type: 'timer';
  /** 7 fields: second minute hour day month weekday year */
  config: string;
}

export interface CloudbaseFunction {
  name: string;
  handler: string;
  runtime: string;
  timeout: number;
  memorySize: number;
  /** the bundle's package.json lists wx-server-sdk: CloudBase installs it ("云端安装依赖") */
  installDependency: true;
  /** NAME → `{{env.NAME}}`: the CLI fills each from .env / .env.local beside cloudbaserc.json (absent: reads none) */
  envVariables?: Record<string, string>;
  triggers?: TimerTrigger[];
}

/** @cloudbase/framework-plugin-database's collection entry. */
export interface CloudbaseCollection {
  collectionName: string;
  description: string;
  /** 仅管理员可读写: clients read and write nothing directly, every access is a cloud function */
  aclTag: 'ADMINONLY';
  createIndexes: Array<{ name: string; unique: boolean; keys: Array<{ name: string; direction: '1' | '-1' }> }>;
}

/**
 * @cloudbase/framework-plugin-function's inputs, for the HTTP access paths (`servicePaths`: function
 * name → path of the HTTP 访问服务) of the functions the desk console calls; its `functions` are the
 * same entries as the top-level list, so a framework deploy configures them identically.
 */
export interface CloudbaseFunctionPlugin {
  use: '@cloudbase/framework-plugin-function';
  inputs: { functionRootPath: string; functions: CloudbaseFunction[]; servicePaths: Record<string, string> };
}

export interface CloudbaseRc {
  version: '2.0';
  envId: string;
  functionRoot: string;
  functions: CloudbaseFunction[];
  framework: {
    name: string;
    plugins: {
      database: { use: '@cloudbase/framework-plugin-database'; inputs: { collections: CloudbaseCollection[] } };
      function: CloudbaseFunctionPlugin;
    };
  };
}

/** A `{{env.NAME}}` dynamic variable of cloudbaserc.json version 2.0. */
export const envTemplate = (name: string): string => `{{env.${name}}}`;

/** Where the env id comes from when the build was not given CLOUD_ENV_ID. */
export const ENV_ID_PLACEHOLDER = envTemplate('CLOUD_ENV_ID');

function collectionEntry(c: CollectionDecl): CloudbaseCollection {
  return {
    collectionName: c.name,
    description: `网格通 GridLink: ${c.name} (cloud functions only)`,
    aclTag: 'ADMINONLY',
    createIndexes: c.indexes.map((index) => ({
      name: index.name,
      unique: index.unique === true,
      keys: index.fields.map(([field, direction]) => ({ name: field, direction: direction === 1 ? '1' : '-1' })),
    })),
  };
}

/**
 * The framework file for `functionNames` (folders of cloudfunctions/ with an index.ts), with the
 * timer triggers of their config.json. Throws when the folders and FUNCTIONS disagree.
 */
export function cloudbaseRc(opts: {
  functionNames: string[];
  triggers: Record<string, TimerTrigger[] | undefined>;
  envId?: string;
  functionRoot: string;
}): CloudbaseRc {
  const undeclared = opts.functionNames.filter((name) => !FUNCTIONS[name]);
  const gone = Object.keys(FUNCTIONS).filter((name) => !opts.functionNames.includes(name));
  if (undeclared.length || gone.length) {
    throw new Error(
      [
        undeclared.length
          ? `cloud functions without a deployment entry in cloudfunctions/common/deployment.ts: ${undeclared.join(', ')}`
          : '',
        gone.length ? `deployment entries without a cloudfunctions/<name>/index.ts: ${gone.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; '),
    );
  }
  const functions = [...opts.functionNames].sort().map((name): CloudbaseFunction => {
    const d = FUNCTIONS[name];
    const triggers = opts.triggers[name];
    return {
      name,
      handler: HANDLER,
      runtime: RUNTIME,
      timeout: d.timeout,
      memorySize: d.memorySize,
      installDependency: true,
      ...(d.env.length ? { envVariables: Object.fromEntries(d.env.map((v) => [v, envTemplate(v)])) } : {}),
      ...(triggers?.length ? { triggers } : {}),
    };
  });
  const http = Object.keys(HTTP_ACCESS_PATHS).sort();
  return {
    version: '2.0',
    envId: opts.envId?.trim() || ENV_ID_PLACEHOLDER,
    functionRoot: opts.functionRoot,
    functions,
    framework: {
      name: 'gridlink',
      plugins: {
        database: { use: '@cloudbase/framework-plugin-database', inputs: { collections: COLLECTIONS.map(collectionEntry) } },
        function: {
          use: '@cloudbase/framework-plugin-function',
          inputs: {
            functionRootPath: opts.functionRoot,
            functions: functions.filter((f) => http.includes(f.name)),
            servicePaths: Object.fromEntries(http.map((name) => [name, HTTP_ACCESS_PATHS[name as keyof typeof HTTP_ACCESS_PATHS]])),
          },
        },
      },
    },
  };
}
