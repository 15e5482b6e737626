/** place.resolve and place.buildings. */
import type { BuildingView, Page, ResolvedPlace, ParsedOf } from '../../src/domain/contracts';

import { fail } from '../common/errors';
import type { CallContext } from '../common/handler';
import { ErrorCodes } from '../../src/domain/errors';
import type { RetiredCodeDoc } from '../../src/domain/posters';
import { lookUpCode } from '../common/placeCodes';
import { buildingView, buildingsUnder, getChain, getPlace, toRef } from '../common/places';
import { gridWorkerFor } from '../common/staff';

export async function resolvePlace(ctx: CallContext, { code }: ParsedOf<'place', 'resolve'>): Promise<ResolvedPlace> {
  const scanned = await lookUpCode(ctx.db, code);
  if (scanned.kind === 'retired') return fail('PLACE_CODE_REPLACED', await replacedMessage(ctx, scanned.retired), 'code');
  if (scanned.kind === 'unknown') return fail('PLACE_CODE_INVALID', undefined, 'code');
  const { place } = scanned;
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

/**
 * What a resident who scanned a rotated code is told: that it was replaced, where the new one hangs,
 * and whom to ask for it (the building's grid worker; on a community's code, the community).
 */
async function replacedMessage(ctx: CallContext, retired: RetiredCodeDoc): Promise<string> {
  const place = await getPlace(ctx.db, retired.placeId);
  if (!place) return ErrorCodes.PLACE_CODE_REPLACED;
  const chain = await getChain(ctx.db, place);
  const where =
    place.level === 'building'
      ? `${[chain.community?.name, chain.compound?.name, place.name].filter(Boolean).join(' ')}的单元门口`
      : `${place.name}的公告栏和各小区门口`;
  const worker = place.level === 'building' ? await gridWorkerFor(ctx.db, place.path) : null;
  const ask = worker ? `网格员${worker.name}${worker.workPhone ? `（${worker.workPhone}）` : ''}` : '社区居委会';
  return `该二维码已更换，不能再用于报备。请扫描张贴在${where}的新二维码，或向${ask}索取。`;
}

/** All buildings of a community, compound by compound, a page at a time. */
export async function listBuildings(ctx: CallContext, payload: ParsedOf<'place', 'buildings'>): Promise<Page<BuildingView>> {
  const community = await getPlace(ctx.db, payload.communityId);
  if (!community || community.level !== 'community') return fail('NOT_FOUND', '社区不存在', 'communityId');
  return buildingsUnder(ctx.db, [community._id], payload.cursor);
}
