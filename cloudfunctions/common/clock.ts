/**
 * Wall clock for use cases. Tests and the local cloud can move it (check-in slots, SLAs and
 * schedules must be testable across midnight); production never calls `setClock`.
 */
let offsetMs = 0;
let fixed: number | null = null;

export function now(): Date {
  return new Date(fixed ?? Date.now() + offsetMs);
}

/** Pin the clock to an instant (`null` releases it), or shift it by an offset. */
export function setClock(opts: { at?: Date | null; offsetMs?: number }): void {
  if (opts.at !== undefined) fixed = opts.at ? opts.at.getTime() : null;
  if (opts.offsetMs !== undefined) offsetMs = opts.offsetMs;
}
