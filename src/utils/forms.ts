/** Small pieces shared by the resident's forms (报备, 求助) and the 代报 form. */

/** Drops the errors of a field and of everything under it, once the person edits it. */
export function withoutErrorsUnder(byField: Record<string, string>, path: string): Record<string, string> {
  const kept: Record<string, string> = {};
  let changed = false;
  for (const [field, message] of Object.entries(byField)) {
    if (field === path || field.startsWith(`${path}.`)) changed = true;
    else kept[field] = message;
  }
  return changed ? kept : byField;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 32 random [A-Za-z0-9]: identifies one filing so a retry never files twice. */
export function newClientRequestId(): string {
  const bytes = new Uint8Array(32);
  const cryptoApi = typeof crypto !== 'undefined' && typeof crypto.getRandomValues === 'function' ? crypto : null;
  if (cryptoApi) cryptoApi.getRandomValues(bytes);
  // WeChat has no synchronous crypto; an idempotency key needs uniqueness, not secrecy
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
}
