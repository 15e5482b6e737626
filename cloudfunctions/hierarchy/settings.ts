/** hierarchy.settings / updateSettings: a community's response deadlines and check-in slots. */
import type { ParsedOf } from '../../src/domain/contracts';
import type { CommunitySettings } from '../../src/domain/hierarchy';
import type { Place } from '../../src/domain/places';
import { appendAudit } from '../common/audit';
import { slotsOf } from '../common/checkinSlots';
import { Collections } from '../common/collections';
import { fail } from '../common/errors';
import { slaOf } from '../common/sla';
import type { AdminContext } from '../common/staffAccess';
import { nodeOf, placeInScope } from './access';

function settingsOf(community: Place): CommunitySettings & { community: ReturnType<typeof nodeOf> } {
  return {
    community: nodeOf(community),
    // as the queue (common/sla.ts) and the check-in job (common/checkinSlots.ts) read them
    slaMinutes: slaOf(community),
    checkinSlots: slotsOf(community),
    custom: {
      slaMinutes: !!community.slaMinutes && Object.keys(community.slaMinutes).length > 0,
      checkinSlots: !!community.checkinSlots?.length,
    },
  };
}

async function requireCommunity(ctx: AdminContext, id: string): Promise<Place> {
  const place = await placeInScope(ctx, id, 'communityId');
  if (place.level !== 'community') return fail('NOT_FOUND', '请选择一个社区', 'communityId');
  return place;
}

export async function communitySettings(ctx: AdminContext, payload: ParsedOf<'hierarchy', 'settings'>) {
  return settingsOf(await requireCommunity(ctx, payload.communityId));
}

export async function updateCommunitySettings(ctx: AdminContext, payload: ParsedOf<'hierarchy', 'updateSettings'>) {
  const { db, now } = ctx;
  const community = await requireCommunity(ctx, payload.communityId);
  if (!payload.slaMinutes && !payload.checkinSlots) return fail('REQUIRED', '请修改响应时限或打卡时段', 'slaMinutes');
  const changes = {
    ...(payload.slaMinutes ? { slaMinutes: payload.slaMinutes } : {}),
    ...(payload.checkinSlots ? { checkinSlots: payload.checkinSlots } : {}),
  };
  await db.collection(Collections.places).doc(community._id).update({ data: changes });
  await appendAudit(db, {
    action: 'place_change',
    staff: ctx.access.staff,
    target: { collection: Collections.places, id: community._id },
    reason: `settings ${JSON.stringify(changes)}`,
    at: now,
  });
  return settingsOf({ ...community, ...changes });
}
