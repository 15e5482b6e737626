/**
 * Secrets of a local deployment, made once and kept beside the database: the data-encryption and
 * lookup-hash keys the functions read from their environment, and the session-signing secret.
 * Values already in the environment win, so a self-hosted deployment can manage its own keys.
 */
import { randomBytes } from 'crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

export interface LocalKeys {
  GRIDLINK_DATA_KEY: string;
  GRIDLINK_HASH_KEY: string;
  SESSION_SECRET: string;
}

export function loadOrCreateKeys(dataDir: string): LocalKeys {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'keys.json');
  let stored: Partial<LocalKeys> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalKeys>;
  const make = () => randomBytes(32).toString('base64');
  const keys: LocalKeys = {
    GRIDLINK_DATA_KEY: process.env.GRIDLINK_DATA_KEY ?? stored.GRIDLINK_DATA_KEY ?? make(),
    GRIDLINK_HASH_KEY: process.env.GRIDLINK_HASH_KEY ?? stored.GRIDLINK_HASH_KEY ?? make(),
    SESSION_SECRET: process.env.LOCALCLOUD_SESSION_SECRET ?? stored.SESSION_SECRET ?? make(),
  };
  if (!existsSync(file)) writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  process.env.GRIDLINK_DATA_KEY = keys.GRIDLINK_DATA_KEY;
  process.env.GRIDLINK_HASH_KEY = keys.GRIDLINK_HASH_KEY;
  return keys;
}
