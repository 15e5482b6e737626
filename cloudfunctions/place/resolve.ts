/** place.resolve and place.buildings. */
import type { BuildingView, Page, ResolvedPlace, ParsedOf } from '../../src/domain/contracts';

import { fail } from '../common/errors';
import type { CallContext } from '../common/handler';
import { buildingView, buildingsUnder, findPlaceByCode, getChain, getPlace, toRef } from '../common/places';

export async function resolvePlace(ctx: CallContext, { code }: ParsedOf<'place', 'resolve'>): Promise<ResolvedPlace> {
  const place = await findPlaceByCode(ctx.db, code);
  if (!place) return fail('PLACE_CODE_INVALID', undefined, 'code');
  if (place.retired) return fail('PLACE_CODE_INVALID', '该地点已停用，请向社区工作人员索取新的二维码', 'code');
  const chain = await getChain(ctx.db, place);
  if (!chain.community) return fail('PLACE_CODE_INVALID', '该二维码不属于任何社区，请联系社区工作人员', 'code');
  return {
    code,
    place: toRef(place),
    community: toRef(chain.community),
    ...(place.level === 'building' ? { building: buildingView(place, chain.compound) } : {}),
  };
}

/** All buildings of a community, compound by compound, a page at a time. */
export async function listBuildings(ctx: CallContext, payload: ParsedOf<'place', 'buildings'>): Promise<Page<BuildingView>> {
  const community = await getPlace(ctx.db, payload.communityId);
  if (!community || community.level !== 'community') return fail('NOT_FOUND', '社区不存在', 'communityId');
  return buildingsUnder(ctx.db, [community._id], payload.cursor);
}
