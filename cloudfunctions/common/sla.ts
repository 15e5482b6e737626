/** SLA of a community: its own minutes per urgency where set, the defaults otherwise. */
import type { Place } from '../../src/domain/places';
import { DEFAULT_SLA_MINUTES, type PriorityName } from '../../src/domain/queue';

export function slaOf(community: Place | undefined): Record<PriorityName, number> {
  return { ...DEFAULT_SLA_MINUTES, ...(community?.slaMinutes ?? {}) };
}
