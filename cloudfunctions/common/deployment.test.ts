/**
 * The deployment as the CloudBase CLI and a deployer see it:
 * - build/cloudbaserc.json (written by `npm run build:cloud`, which the test command runs first)
 *   declares exactly the functions of cloudfunctions/ and the collections of COLLECTIONS — nothing
 *   missing, nothing extra — in the shape the CLI documents (functions: name, handler, runtime,
 *   timeout, memorySize, installDependency, envVariables, triggers; collections: the
 *   @cloudbase/framework-plugin-database plugin's collectionName, description, aclTag,
 *   createIndexes), with environment variable NAMES only;
 * - each function declares exactly the environment variables its deployed bundle reads;
 * - `npm run deploy:check` lists what is still to set and fails while a required setting is missing.
 */
import { spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { COLLECTIONS } from './collections';
import { ENV_ID_PLACEHOLDER, FUNCTION_ENV, FUNCTIONS, PLATFORM_ENV, RUNTIME } from './deployment';
import { NotificationTemplates } from './notify';

const root = resolve(__dirname, '../..');
const sources = readdirSync(join(root, 'cloudfunctions'))
  .filter((name) => name !== 'common' && existsSync(join(root, 'cloudfunctions', name, 'index.ts')))
  .sort();

// ---------------------------------------------------------------------------------------------
// what the CloudBase docs say (cli-v1/functions/configs, cloud-function/runtime-support,
// cli-v1/config "dynamic variables", framework/plugins/framework-plugin-database)

const DOCUMENTED_RUNTIMES = ['Nodejs16.13', 'Nodejs18.15', 'Nodejs20.19', 'Nodejs22.21', 'Nodejs24.11'];
const TOP_LEVEL_FIELDS = ['version', 'envId', 'functionRoot', 'functions', 'framework'];
const FUNCTION_FIELDS = ['name', 'handler', 'runtime', 'timeout', 'memorySize', 'installDependency', 'envVariables', 'triggers'];
const MEMORY_SIZES = [128, 256, 512, 1024, 2048];
const ACL_TAGS = ['READONLY', 'PRIVATE', 'ADMINWRITE', 'ADMINONLY', 'CUSTOM'];

interface Trigger {
  name: string;
  type: string;
  config: string;
}
interface RcFunction {
  name: string;
  handler: string;
  runtime: string;
  timeout: number;
  memorySize: number;
  installDependency?: boolean;
  envVariables?: Record<string, string>;
  triggers?: Trigger[];
}
interface RcCollection {
  collectionName: string;
  description: string;
  aclTag: string;
  createIndexes: Array<{ name: string; unique: boolean; keys: Array<{ name: string; direction: string }> }>;
}
interface Rc {
  version: string;
  envId: string;
  functionRoot: string;
  functions: RcFunction[];
  framework: {
    name: string;
    plugins: {
      database: { use: string; inputs: { collections: RcCollection[] } };
      function: { use: string; inputs: { functionRootPath: string; functions: RcFunction[]; servicePaths: Record<string, string> } };
    };
  };
}

const rcFile = join(root, 'build/cloudbaserc.json');
const rc = (): Rc => JSON.parse(readFileSync(rcFile, 'utf8')) as Rc;

function configTriggers(name: string): Trigger[] {
  const file = join(root, 'cloudfunctions', name, 'config.json');
  return existsSync(file) ? ((JSON.parse(readFileSync(file, 'utf8')) as { triggers?: Trigger[] }).triggers ?? []) : [];
}

describe('build/cloudbaserc.json (run `npm run build:cloud` first)', () => {
  it('is the CLI framework file: version 2.0 (for {{env.*}}), an env id, functionRoot at the bundles', () => {
    expect(existsSync(rcFile)).toBe(true);
    const file = rc();
    expect(Object.keys(file).filter((k) => !TOP_LEVEL_FIELDS.includes(k))).toEqual([]);
    expect(file.version).toBe('2.0');
    expect(file.envId === ENV_ID_PLACEHOLDER || /^[a-z0-9][a-z0-9-]*$/i.test(file.envId)).toBe(true);
    expect(readdirSync(resolve(root, 'build', file.functionRoot)).sort()).toEqual(sources);
  });

  it('declares every function of cloudfunctions/ once, and nothing else', () => {
    expect(
      rc()
        .functions.map((f) => f.name)
        .sort(),
    ).toEqual(sources);
    expect(Object.keys(FUNCTIONS).sort()).toEqual(sources);
  });

  it.each(sources)('%s: documented fields, runtime, timeout, memory, handler', (name) => {
    const fn = rc().functions.find((f) => f.name === name)!;
    expect(Object.keys(fn).filter((k) => !FUNCTION_FIELDS.includes(k))).toEqual([]);
    expect(fn.handler).toBe('index.main');
    expect(fn.runtime).toBe(RUNTIME);
    expect(DOCUMENTED_RUNTIMES).toContain(fn.runtime);
    expect(Number.isInteger(fn.timeout) && fn.timeout >= 1 && fn.timeout <= 60).toBe(true);
    expect(MEMORY_SIZES).toContain(fn.memorySize);
    // the bundle's package.json lists wx-server-sdk; CloudBase must install it
    expect(fn.installDependency).toBe(true);
    expect({ timeout: fn.timeout, memorySize: fn.memorySize }).toEqual({
      timeout: FUNCTIONS[name].timeout,
      memorySize: FUNCTIONS[name].memorySize,
    });
  });

  it.each(sources)('%s: the timer triggers of its config.json, 7-field cron', (name) => {
    const fn = rc().functions.find((f) => f.name === name)!;
    expect(fn.triggers ?? []).toEqual(configTriggers(name));
    for (const t of fn.triggers ?? []) {
      expect(Object.keys(t).sort()).toEqual(['config', 'name', 'type']);
      expect(t.type).toBe('timer');
      expect(t.config.trim().split(/\s+/)).toHaveLength(7);
    }
  });

  it.each(sources)('%s: environment variable names only, each filled by the CLI from {{env.NAME}}', (name) => {
    const vars = rc().functions.find((f) => f.name === name)!.envVariables ?? {};
    expect(Object.keys(vars)).toEqual(FUNCTIONS[name].env);
    for (const [key, value] of Object.entries(vars)) expect(value).toBe(`{{env.${key}}}`);
  });

  it('declares every collection of COLLECTIONS with its indexes, closed to clients, and nothing else', () => {
    const plugins = Object.values(rc().framework.plugins);
    expect(plugins.map((p) => p.use).sort()).toEqual(['@cloudbase/framework-plugin-database', '@cloudbase/framework-plugin-function']);
    const collections = rc().framework.plugins.database.inputs.collections;
    expect(collections.map((c) => c.collectionName).sort()).toEqual(COLLECTIONS.map((c) => c.name).sort());
    for (const c of collections) {
      const decl = COLLECTIONS.find((d) => d.name === c.collectionName)!;
      expect(Object.keys(c).sort()).toEqual(['aclTag', 'collectionName', 'createIndexes', 'description']);
      expect(ACL_TAGS).toContain(c.aclTag);
      expect(c.aclTag).toBe('ADMINONLY');
      expect(c.collectionName.length).toBeLessThanOrEqual(64);
      expect(c.description.length >= 1 && c.description.length <= 128).toBe(true);
      expect(c.createIndexes.length >= 1 && c.createIndexes.length <= 20).toBe(true);
      expect(c.createIndexes).toEqual(
        decl.indexes.map((i) => ({
          name: i.name,
          unique: i.unique === true,
          keys: i.fields.map(([field, dir]) => ({ name: field, direction: String(dir) })),
        })),
      );
      for (const index of c.createIndexes) {
        expect(index.name.length).toBeLessThanOrEqual(64);
        for (const key of index.keys) expect(['1', '-1', '2dsphere']).toContain(key.direction);
      }
    }
  });
});

describe('HTTP access paths of the desk console (cloudbaserc.json, framework-plugin-function servicePaths)', () => {
  // the functions the H5 staff pages (the desk console) call through src/services
  const deskFunctions = (): string[] => {
    const found = new Set<string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.tsx?$/.test(entry.name)) for (const m of readFileSync(path, 'utf8').matchAll(/callCloud\(\s*'([a-z]+)'/g)) found.add(m[1]);
      }
    };
    for (const dir of ['src/staff', 'src/admin', 'src/services']) if (existsSync(join(root, dir))) walk(join(root, dir));
    return [...found].sort();
  };

  it('every function the desk calls has a path, resident and timer functions have none, each path is the local cloud\'s', () => {
    const plugin = rc().framework.plugins.function;
    expect(plugin.use).toBe('@cloudbase/framework-plugin-function');
    expect(plugin.inputs.functionRootPath).toBe(rc().functionRoot);
    const paths = plugin.inputs.servicePaths;
    const resident = ['report', 'request', 'scheduler'];
    for (const name of deskFunctions().filter((n) => !resident.includes(n))) expect(paths[name]).toBeDefined();
    for (const name of resident) expect(paths[name]).toBeUndefined();
    for (const [name, path] of Object.entries(paths)) {
      expect(sources).toContain(name);
      expect(path).toBe(name === 'desk' ? '/api/desk' : `/api/functions/${name}`);
    }
    // the same function entries as the top-level list (a framework deploy configures them identically)
    expect(plugin.inputs.functions.map((f) => f.name).sort()).toEqual(Object.keys(paths).sort());
    for (const f of plugin.inputs.functions) expect(f).toEqual(rc().functions.find((g) => g.name === f.name));
  });

  it('each of them reads the session secret it verifies desk tokens with; the others do not have it', () => {
    const paths = rc().framework.plugins.function.inputs.servicePaths;
    for (const f of rc().functions) {
      if (paths[f.name]) expect(f.envVariables?.GRIDLINK_SESSION_SECRET).toBe('{{env.GRIDLINK_SESSION_SECRET}}');
      else expect(f.envVariables?.GRIDLINK_SESSION_SECRET).toBeUndefined();
    }
  });
});

// ---------------------------------------------------------------------------------------------

/**
 * Reads of process.env by variable, not by name, that the analysis below accounts for: crypto's
 * readKey(name) (named literally beside it) and notify()'s template id (a template a caller passes).
 */
const DYNAMIC_READS = ['process.env[name]', 'process.env[NotificationTemplates[n.template]]'];

/** The environment variables the deployed bundle of `name` reads (build/cloudfunctions/<name>/index.js, tree-shaken). */
function envReadBy(name: string): { names: string[]; dynamic: string[] } {
  const text = readFileSync(join(root, 'build/cloudfunctions', name, 'index.js'), 'utf8');
  const found = new Set<string>();
  const dynamic = new Set<string>();
  for (const m of text.matchAll(/process\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*(['"])([A-Za-z_][A-Za-z0-9_]*)\2\s*\]|(\[[^\]]*\]+))/g)) {
    if (m[1] ?? m[3]) found.add(m[1] ?? m[3]);
    else dynamic.add(`process.env${m[4]}`);
  }
  // notify() reads the variable of the template it is given: the template names the bundle passes
  // (the NotificationTemplates table itself has them as unquoted keys)
  for (const [template, variable] of Object.entries(NotificationTemplates)) {
    if (new RegExp(`["']${template}["']`).test(text)) found.add(variable);
  }
  for (const platform of PLATFORM_ENV) found.delete(platform);
  return { names: [...found].sort(), dynamic: [...dynamic].sort() };
}

describe('environment variables the functions read', () => {
  const used: Record<string, string[]> = {};
  beforeAll(() => {
    for (const name of sources) used[name] = envReadBy(name).names;
  });

  it.each(sources)('%s declares exactly the variables its bundle reads', (name) => {
    const { names, dynamic } = envReadBy(name);
    expect(dynamic.filter((d) => !DYNAMIC_READS.includes(d))).toEqual([]);
    expect([...FUNCTIONS[name].env].sort()).toEqual(names);
  });

  it('every declared variable is read somewhere, and every template has a variable', () => {
    const all = new Set(Object.values(used).flat());
    expect(Object.keys(FUNCTION_ENV).sort()).toEqual([...all].sort());
    for (const variable of Object.values(NotificationTemplates)) expect(Object.keys(FUNCTION_ENV)).toContain(variable);
  });
});

// ---------------------------------------------------------------------------------------------

describe('npm run deploy:check', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'gridlink-deploy-check-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const REQUIRED = [
    'AppID',
    'CLOUD_ENV_ID',
    'GRIDLINK_DATA_KEY',
    'GRIDLINK_HASH_KEY',
    'GRIDLINK_FIRST_ADMIN_OPENID',
    'GRIDLINK_FIRST_ADMIN_SCOPE',
    'GRIDLINK_SESSION_SECRET',
  ];
  const TEMPLATES = Object.values(NotificationTemplates);
  const key = () => randomBytes(32).toString('base64');

  /** A checkout with its own project.config.json and build/.env.local. */
  function checkout(name: string, appid: string, envLocal?: Record<string, string>): string {
    const dir = join(tmp, name);
    mkdirSync(join(dir, 'build'), { recursive: true });
    writeFileSync(
      join(dir, 'project.config.json'),
      JSON.stringify({ ...JSON.parse(readFileSync(join(root, 'project.config.json'), 'utf8')), appid }),
    );
    if (envLocal)
      writeFileSync(
        join(dir, 'build/.env.local'),
        Object.entries(envLocal)
          .map(([k, v]) => `${k}=${v}`)
          .join('\n') + '\n',
      );
    return dir;
  }

  function run(dir: string, env: Record<string, string>): { status: number | null; out: string } {
    const r = spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'scripts/deploy-check.ts'), '--root', dir], {
      cwd: root,
      encoding: 'utf8',
      // an empty environment but for what runs node
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env } as unknown as NodeJS.ProcessEnv,
      timeout: 60_000,
    });
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  }

  const settings = () => ({
    CLOUD_ENV_ID: 'prod-4g7x2k',
    GRIDLINK_DATA_KEY: key(),
    GRIDLINK_HASH_KEY: key(),
    GRIDLINK_FIRST_ADMIN_OPENID: 'oAbCdEfGhIjKlMnOpQrStUvWxYz0',
    GRIDLINK_FIRST_ADMIN_SCOPE: 'com-xyl',
    GRIDLINK_SESSION_SECRET: key(),
  });

  it('with nothing set: exits non-zero and lists every required setting, and warns about the template ids', () => {
    const { status, out } = run(checkout('empty', 'touristappid'), {});
    expect(status).toBe(1);
    for (const name of REQUIRED) expect(out).toMatch(new RegExp(`✗ ${name}\\b`));
    for (const name of [...TEMPLATES, 'REQUEST_TEMPLATE_ID', 'CHECKIN_TEMPLATE_ID']) expect(out).toMatch(new RegExp(`! ${name}\\b`));
    expect(out).toContain(`still to set: ${REQUIRED.join(', ')}`);
  }, 60_000);

  it('with every required setting in build/.env.local (where the CLI reads them): exits 0, templates only warn, prints no secret', () => {
    const s = settings();
    const { status, out } = run(checkout('files', 'wx0123456789abcdef', s), {});
    expect(status).toBe(0);
    for (const name of REQUIRED) expect(out).toMatch(new RegExp(`✓ ${name}\\b`));
    for (const name of TEMPLATES) expect(out).toMatch(new RegExp(`! ${name}\\b`));
    expect(out).toContain('every required setting is set');
    expect(out).not.toContain(s.GRIDLINK_DATA_KEY);
    expect(out).not.toContain(s.GRIDLINK_HASH_KEY);
  }, 60_000);

  it('with everything set in the environment, templates included: exits 0 (shell-only values warn)', () => {
    const template = 'tplAbCdEf0123456789';
    const { status, out } = run(checkout('shell', 'wx0123456789abcdef'), {
      ...settings(),
      ...Object.fromEntries(TEMPLATES.map((t) => [t, template])),
      REQUEST_TEMPLATE_ID: template,
      CHECKIN_TEMPLATE_ID: template,
    });
    expect(status).toBe(0);
    expect(out).not.toContain('✗');
    expect(out).toMatch(/! GRIDLINK_DATA_KEY\b.*shell only/);
  }, 60_000);

  it('refuses a malformed key and a hash key equal to the data key', () => {
    const short = run(
      checkout('short', 'wx0123456789abcdef', { ...settings(), GRIDLINK_DATA_KEY: randomBytes(16).toString('base64') }),
      {},
    );
    expect(short.status).toBe(1);
    expect(short.out).toMatch(/✗ GRIDLINK_DATA_KEY\b.*16 bytes, not 32/);
    const same = key();
    const equal = run(checkout('equal', 'wx0123456789abcdef', { ...settings(), GRIDLINK_DATA_KEY: same, GRIDLINK_HASH_KEY: same }), {});
    expect(equal.status).toBe(1);
    expect(equal.out).toMatch(/✗ GRIDLINK_HASH_KEY\b.*equals GRIDLINK_DATA_KEY/);
  }, 60_000);
});
