/** The admin's places: read, checked against the caller's scope, shown as tree nodes. */
import { roomRange, type PlaceNode } from '../../src/domain/hierarchy';
import type { Place } from '../../src/domain/places';
import { inScope } from '../../src/domain/staff';
import type { AdminContext } from '../common/staffAccess';
import { getPlace } from '../common/places';
import { fail } from '../common/errors';

export function nodeOf(place: Place): PlaceNode {
  return {
    id: place._id,
    name: place.name,
    level: place.level,
    code: place.code,
    parentId: place.parentId,
    sort: place.sort ?? 0,
    ...(place.units ? { units: place.units, roomRange: place.units.map((u) => `${u.name} ${roomRange(u)}`).join('，') } : {}),
    ...(place.gridId ? { gridId: place.gridId } : {}),
    ...(place.retired ? { retired: true } : {}),
  };
}

export const scopeIdsOf = (ctx: AdminContext): string[] => ctx.access.scope.map((p) => p._id);

/** A place on or under the caller's scope; anything else is "not found" (nothing confirmed). */
export async function placeInScope(ctx: AdminContext, id: string, field: string, opts: { active?: boolean } = {}): Promise<Place> {
  const place = await getPlace(ctx.db, id);
  if (!place || !inScope(scopeIdsOf(ctx), place.path)) return fail('NOT_FOUND', '地点不存在或不在您的管辖范围内', field);
  if (opts.active !== false && place.retired) return fail('PLACE_RETIRED', `${place.name}已停用`, field);
  return place;
}

/** One of the caller's own scope places (not below it): renamed, never retired or moved by them. */
export const isScopeRoot = (ctx: AdminContext, place: Place): boolean => scopeIdsOf(ctx).includes(place._id);

/** The grid a place under `parent` belongs to (compounds and buildings need one). */
export function gridOfChild(parent: Place): string | undefined {
  return parent.level === 'grid' ? parent._id : parent.gridId;
}
