/**
 * `npm run deploy:check`: what a deployer must still set, read where the tools read it.
 * - AppID: `appid` in project.config.json (WeChat DevTools and miniprogram-ci upload with it).
 * - CLOUD_ENV_ID and every function environment variable of cloudfunctions/common/deployment.ts:
 *   the shell, or build/.env and build/.env.local — where the CloudBase CLI fills the
 *   `{{env.NAME}}` placeholders of build/cloudbaserc.json from.
 * - REQUEST_TEMPLATE_ID / CHECKIN_TEMPLATE_ID: the weapp build's subscribe prompts (shell).
 * Exits 1 when a required setting is missing or malformed; the template ids are optional and only
 * warn. Never prints a secret. `--root <dir>` checks another checkout (the tests use a temporary one).
 */
import { existsSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import {
  ENV_ID_PLACEHOLDER,
  FUNCTION_ENV,
  functionsReading,
  type EnvVarDecl,
  type FunctionEnvName,
} from '../cloudfunctions/common/deployment';

export const PLACEHOLDER_APPID = 'touristappid';

/** The weapp build's template ids and the function variable each must equal. */
const CLIENT_TEMPLATES: Array<{ name: string; server: FunctionEnvName; what: string }> = [
  {
    name: 'REQUEST_TEMPLATE_ID',
    server: 'GRIDLINK_TPL_REQUEST_STATUS',
    what: 'the weapp asks residents to subscribe to request updates with it',
  },
  {
    name: 'CHECKIN_TEMPLATE_ID',
    server: 'GRIDLINK_TPL_CHECKIN_REMINDER',
    what: 'the weapp asks isolated residents to subscribe to check-in reminders with it',
  },
];

export type Status = 'ok' | 'missing' | 'invalid' | 'warn';

export interface CheckLine {
  name: string;
  /** where it goes: "project.config.json", "weapp + cloud build", function names… */
  where: string;
  required: boolean;
  status: Status;
  message: string;
}

/** KEY=VALUE lines of a .env file (comments, blank lines and `export ` ignored; quotes stripped). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim().replace(/^export\s+/, '');
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    let value = line.slice(eq + 1).trim();
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    out[line.slice(0, eq).trim()] = value;
  }
  return out;
}

interface Sources {
  /** merged: build/.env, then build/.env.local, then the shell */
  values: Record<string, string>;
  /** names found only in the shell, not in the files the CLI reads */
  shellOnly: Set<string>;
  appid: string | null;
  cloudbaserc: { envId?: string } | null;
}

function readSources(root: string, shell: NodeJS.ProcessEnv): Sources {
  const files: Record<string, string> = {};
  for (const name of ['.env', '.env.local']) {
    const file = join(root, 'build', name);
    if (existsSync(file)) Object.assign(files, parseEnvFile(readFileSync(file, 'utf8')));
  }
  const values: Record<string, string> = { ...files };
  const shellOnly = new Set<string>();
  for (const [k, v] of Object.entries(shell)) {
    if (v === undefined || v === '') continue;
    values[k] = v;
    if (!files[k]) shellOnly.add(k);
  }
  const projectFile = join(root, 'project.config.json');
  const appid = existsSync(projectFile) ? ((JSON.parse(readFileSync(projectFile, 'utf8')) as { appid?: string }).appid ?? null) : null;
  const rcFile = join(root, 'build', 'cloudbaserc.json');
  const cloudbaserc = existsSync(rcFile) ? (JSON.parse(readFileSync(rcFile, 'utf8')) as { envId?: string }) : null;
  return { values, shellOnly, appid, cloudbaserc };
}

const CLI_FILES = 'build/.env.local';

export function checkDeployment(root: string, shell: NodeJS.ProcessEnv): CheckLine[] {
  const src = readSources(root, shell);
  const lines: CheckLine[] = [];

  // AppID
  const appid = src.appid?.trim() ?? '';
  lines.push({
    name: 'AppID',
    where: 'project.config.json "appid"',
    required: true,
    ...(!appid || appid === PLACEHOLDER_APPID
      ? {
          status: 'missing' as const,
          message: `is ${appid ? `the placeholder ${PLACEHOLDER_APPID}` : 'not set'}: put your mini-program's AppID (wx + 16 hex) in project.config.json`,
        }
      : /^wx[0-9a-f]{16}$/.test(appid)
        ? { status: 'ok' as const, message: appid }
        : { status: 'invalid' as const, message: `"${appid}" is not an AppID (wx + 16 hex characters)` }),
  });

  // the cloud environment
  const envId = src.values.CLOUD_ENV_ID?.trim() ?? '';
  const builtEnvId = src.cloudbaserc?.envId;
  let envLine: Pick<CheckLine, 'status' | 'message'>;
  if (!envId) {
    envLine = {
      status: 'missing',
      message:
        'not set: your cloud environment id, for the weapp (CLOUD_ENV_ID=… npm run build:weapp) and for cloudbaserc.json (same at npm run build:cloud, or in build/.env.local)',
    };
  } else if (builtEnvId && builtEnvId !== ENV_ID_PLACEHOLDER && builtEnvId !== envId) {
    envLine = {
      status: 'warn',
      message: `${envId}, but build/cloudbaserc.json was built for ${builtEnvId}: run npm run build:cloud again`,
    };
  } else if (builtEnvId === ENV_ID_PLACEHOLDER && src.shellOnly.has('CLOUD_ENV_ID')) {
    envLine = {
      status: 'warn',
      message: `${envId} in this shell only: build/cloudbaserc.json says ${ENV_ID_PLACEHOLDER}, which the CLI fills from ${CLI_FILES}; put it there or run npm run build:cloud with it`,
    };
  } else {
    envLine = { status: 'ok', message: `${envId} (build the weapp with it too)` };
  }
  lines.push({ name: 'CLOUD_ENV_ID', where: 'weapp + cloud build', required: true, ...envLine });

  // the functions' environment
  for (const [name, decl] of Object.entries(FUNCTION_ENV) as Array<[FunctionEnvName, EnvVarDecl]>) {
    const where = `functions: ${functionsReading(name).join(', ')}`;
    const value = src.values[name]?.trim() ?? '';
    let line: Pick<CheckLine, 'status' | 'message'>;
    if (!value) {
      line = decl.required
        ? { status: 'missing', message: `not set: ${decl.what}` }
        : { status: 'warn', message: `not set (optional): ${decl.what}; without it these messages stay in the notifications outbox` };
    } else {
      const problem = decl.check?.(value) ?? null;
      if (problem) line = { status: 'invalid', message: `${problem}: ${decl.what}` };
      else if (src.shellOnly.has(name))
        line = { status: 'warn', message: `set in this shell only: the CLI fills {{env.${name}}} from ${CLI_FILES}` };
      else line = { status: 'ok', message: decl.secret ? 'set' : `set (${value.length} characters)` };
    }
    lines.push({ name, where, required: decl.required, ...line });
  }
  const dataKey = src.values.GRIDLINK_DATA_KEY?.trim();
  if (dataKey && dataKey === src.values.GRIDLINK_HASH_KEY?.trim()) {
    const hash = lines.find((l) => l.name === 'GRIDLINK_HASH_KEY');
    if (hash) Object.assign(hash, { status: 'invalid', message: 'equals GRIDLINK_DATA_KEY: use two different keys' });
  }

  // the weapp's subscribe prompts must ask for the templates the functions send
  for (const t of CLIENT_TEMPLATES) {
    const client = src.values[t.name]?.trim() ?? '';
    const server = src.values[t.server]?.trim() ?? '';
    let line: Pick<CheckLine, 'status' | 'message'>;
    if (!client && !server) line = { status: 'warn', message: `not set (optional): ${t.what}` };
    else if (client !== server)
      line = { status: 'warn', message: `must equal ${t.server} (${client ? 'differs' : 'unset here, set there'}): ${t.what}` };
    else line = { status: 'ok', message: `set, equals ${t.server}` };
    lines.push({ name: t.name, where: 'weapp build', required: false, ...line });
  }
  return lines;
}

const MARK: Record<Status, string> = { ok: '✓', missing: '✗', invalid: '✗', warn: '!' };

function main(): void {
  const args = process.argv.slice(2);
  const at = args.indexOf('--root');
  const root = at >= 0 && args[at + 1] ? resolve(args[at + 1]) : resolve(__dirname, '..');
  const lines = checkDeployment(root, process.env);
  const width = Math.max(...lines.map((l) => l.name.length));
  console.log(`deploy:check (${root})`);
  for (const l of lines) console.log(`  ${MARK[l.status]} ${l.name.padEnd(width)}  [${l.where}] ${l.message}`);
  const failed = lines.filter((l) => l.required && l.status !== 'ok' && l.status !== 'warn');
  const warned = lines.filter((l) => l.status === 'warn');
  console.log('');
  if (failed.length) {
    console.log(`${failed.length} required setting(s) still to set: ${failed.map((l) => l.name).join(', ')}`);
    console.log('See README "Deploying to WeChat cloud development".');
    process.exitCode = 1;
  } else {
    console.log(
      `every required setting is set${warned.length ? `; ${warned.length} warning(s): ${warned.map((l) => l.name).join(', ')}` : ''}`,
    );
  }
}

if (require.main === module) main();
