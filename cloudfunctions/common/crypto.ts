/**
 * Personal identifiers at rest: AES-256-GCM ciphertext, a keyed hash (HMAC-SHA256) for lookup and
 * dedupe, and a masked copy for display. Keys come from the function's environment
 * (`GRIDLINK_DATA_KEY`, `GRIDLINK_HASH_KEY`: 32 random bytes, base64); without them nothing is stored.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'crypto';
import type { ProtectedValue } from '../../src/domain/household';
import { DomainError } from '../../src/domain/errors';

interface Keys {
  data: Buffer;
  hash: Buffer;
}

let cached: { source: string; keys: Keys } | null = null;

function readKey(name: string): Buffer {
  const raw = process.env[name];
  const key = raw ? Buffer.from(raw, 'base64') : Buffer.alloc(0);
  if (key.length !== 32) {
    console.error(`[crypto] ${name} is missing or not 32 bytes of base64; refusing to handle personal data`);
    throw new DomainError('INTERNAL');
  }
  return key;
}

function keys(): Keys {
  const source = `${process.env.GRIDLINK_DATA_KEY ?? ''}|${process.env.GRIDLINK_HASH_KEY ?? ''}`;
  if (cached?.source !== source) cached = { source, keys: { data: readKey('GRIDLINK_DATA_KEY'), hash: readKey('GRIDLINK_HASH_KEY') } };
  return cached.keys;
}

/** Keyed hash of a namespaced value: the same input always gives the same hex digest. */
export function keyedHash(namespace: string, value: string): string {
  return createHmac('sha256', keys().hash).update(`${namespace}:${value}`).digest('hex');
}

export function encrypt(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys().data, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${iv.toString('base64')}.${cipher.getAuthTag().toString('base64')}.${data.toString('base64')}`;
}

export function decrypt(sealed: string): string {
  const [iv, tag, data] = sealed.split('.').map((part) => Buffer.from(part, 'base64'));
  const decipher = createDecipheriv('aes-256-gcm', keys().data, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
}

export function protect(namespace: string, normalized: string, masked: string): ProtectedValue {
  return { hash: keyedHash(namespace, normalized), cipher: encrypt(normalized), masked };
}

/** Namespaces keep an ID number and a phone number with the same digits apart. */
export const HashNamespaces = {
  document: (idType: string) => `doc:${idType}`,
  phone: 'phone',
  submission: 'submission',
  /** a resident's own household id, derived from their openid */
  owner: 'owner',
  /** a household filed only by workers (代报), derived from its reporter */
  proxyHousehold: 'proxy-household',
  householdConflict: 'household-conflict',
  familyInvite: 'family-invite',
} as const;
