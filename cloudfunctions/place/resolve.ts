/** place.resolve and place.buildings. */
import type { BuildingView, Page, ResolvedPlace } from '../../src/domain/contracts';
import { ErrorCodes } from '../../src/domain/errors';
import { PLACE_CODE_PATTERN } from '../../src/domain/places';
import { object, parseWith, str, type ParseResult } from '../../src/domain/validation';
import { fail } from '../common/errors';
import type { CallContext } from '../common/handler';
import { cursorField, idField } from '../common/payloads';
import { buildingView, buildingsUnder, findPlaceByCode, getChain, getPlace, toRef } from '../common/places';

const resolvePayload = object({
  code: str({
    max: 32,
    normalize: (c) => c.toUpperCase(),
    pattern: PLACE_CODE_PATTERN,
    patternCode: 'PLACE_CODE_INVALID',
    patternMessage: ErrorCodes.PLACE_CODE_INVALID,
  }),
});

export function parseResolve(input: unknown, now: Date): ParseResult<{ code: string }> {
  return parseWith(resolvePayload, input, now);
}

export async function resolvePlace(ctx: CallContext, { code }: { code: string }): Promise<ResolvedPlace> {
  const place = await findPlaceByCode(ctx.db, code);
  if (!place) return fail('PLACE_CODE_INVALID', undefined, 'code');
  const chain = await getChain(ctx.db, place);
  if (!chain.community) return fail('PLACE_CODE_INVALID', '该二维码不属于任何社区，请联系社区工作人员', 'code');
  return {
    code,
    place: toRef(place),
    community: toRef(chain.community),
    ...(place.level === 'building' ? { building: buildingView(place, chain.compound) } : {}),
  };
}

const buildingsPayload = object({ communityId: idField(), cursor: cursorField });

export function parseBuildings(input: unknown, now: Date): ParseResult<{ communityId: string; cursor: string | null }> {
  const parsed = parseWith(buildingsPayload, input, now);
  return parsed.ok ? { ok: true, value: { communityId: parsed.value.communityId, cursor: parsed.value.cursor ?? null } } : parsed;
}

/** All buildings of a community, compound by compound, a page at a time. */
export async function listBuildings(
  ctx: CallContext,
  payload: { communityId: string; cursor: string | null },
): Promise<Page<BuildingView>> {
  const community = await getPlace(ctx.db, payload.communityId);
  if (!community || community.level !== 'community') return fail('NOT_FOUND', '社区不存在', 'communityId');
  return buildingsUnder(ctx.db, [community._id], payload.cursor);
}
