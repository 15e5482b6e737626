/** hierarchy.children / create / rename / reorder / retire / setUnits: the admin's place tree. */
import type { ParsedOf } from '../../src/domain/contracts';
import type { PlaceNode } from '../../src/domain/hierarchy';
import { HIERARCHY_LIMITS } from '../../src/domain/hierarchy';
import { canBeChildOf, PLACE_LEVEL_LABELS, roomsOfUnit, type Place } from '../../src/domain/places';
import type { HouseholdDoc } from '../../src/domain/household';
import { appendAudit } from '../common/audit';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { first, rows } from '../common/db';
import { fail } from '../common/errors';
import { cursorCodec, cursorParts } from '../common/cursors';
import { keysetPage } from '../common/paging';
import { insertPlace, newPlaceCode, placeIdFor, sortBase } from '../common/placeCodes';
import type { AdminContext } from '../common/staffAccess';
import { gridOfChild, isScopeRoot, nodeOf, placeInScope } from './access';

const childrenCursor = cursorCodec<[number, string]>('children', cursorParts.number, cursorParts.id);

export async function children(ctx: AdminContext, payload: ParsedOf<'hierarchy', 'children'>) {
  const { db } = ctx;
  if (!payload.parentId) return { items: ctx.access.scope.map(nodeOf), nextCursor: null, parent: null, path: [] };
  const parent = await placeInScope(ctx, payload.parentId, 'parentId', { active: false });
  const _ = db.command;
  const size = HIERARCHY_LIMITS.childrenPage;
  const list = await keysetPage<Place>(
    db,
    Collections.places,
    { parentId: parent._id, ...(payload.includeRetired ? {} : { retired: _.neq(true) }) },
    { field: 'sort', dir: 'asc' },
    childrenCursor.decode(payload.cursor),
    size + 1,
  );
  const page = list.slice(0, size);
  const last = page[page.length - 1];
  // the breadcrumb: the parent's ancestors the caller may see (from their scope place down)
  const ancestors = await rows<Place>(
    db
      .collection(Collections.places)
      .where({ _id: _.in(parent.path) })
      .limit(parent.path.length),
  );
  const byId = new Map(ancestors.map((p) => [p._id, p]));
  const scopeIds = ctx.access.scope.map((p) => p._id);
  const from = parent.path.findIndex((id) => scopeIds.includes(id));
  const path = parent.path
    .slice(from)
    .map((id) => byId.get(id))
    .filter((p): p is Place => !!p)
    .map(nodeOf);
  return {
    items: page.map(nodeOf),
    nextCursor: list.length > size ? childrenCursor.encode([last.sort ?? 0, last._id]) : null,
    parent: nodeOf(parent),
    path,
  };
}

/** An active sibling of that name and level under `parentId`. */
async function siblingNamed(db: Database, parentId: string, name: string, exceptId?: string): Promise<Place | null> {
  const _ = db.command;
  return first<Place>(
    db.collection(Collections.places).where({ parentId, name, retired: _.neq(true), ...(exceptId ? { _id: _.neq(exceptId) } : {}) }),
  );
}

async function audit(ctx: AdminContext, place: Place, reason: string): Promise<void> {
  await appendAudit(ctx.db, {
    action: 'place_change',
    staff: ctx.access.staff,
    target: { collection: Collections.places, id: place._id },
    reason,
    at: ctx.now,
  });
}

export async function createPlace(ctx: AdminContext, payload: ParsedOf<'hierarchy', 'create'>): Promise<PlaceNode> {
  const { db, now } = ctx;
  const parent = await placeInScope(ctx, payload.parentId, 'parentId');
  if (!canBeChildOf(payload.level, parent.level)) {
    return fail('PLACE_LEVEL_INVALID', `${PLACE_LEVEL_LABELS[payload.level]}不能建在${PLACE_LEVEL_LABELS[parent.level]}之下`, 'level');
  }
  const gridId = gridOfChild(parent);
  if ((payload.level === 'compound' || payload.level === 'building') && !gridId) {
    return fail('PLACE_LEVEL_INVALID', `${PLACE_LEVEL_LABELS[payload.level]}须建在网格之下（每栋楼属于一个网格）`, 'level');
  }
  if (payload.level === 'building' && !payload.units) return fail('REQUIRED', '请填写楼栋的单元、层数和每层户数', 'units');
  if (payload.level !== 'building' && payload.units) return fail('UNKNOWN_FIELD', '只有楼栋有单元', 'units');
  if (await siblingNamed(db, parent._id, payload.name)) return fail('PLACE_NAME_TAKEN', `${parent.name}下已有“${payload.name}”`, 'name');

  const make = (id: string): Place => {
    const place: Place = {
      _id: id,
      level: payload.level,
      name: payload.name,
      parentId: parent._id,
      path: [...parent.path, id],
      code: newPlaceCode(),
      sort: sortBase(now) + (now.getTime() % 1000) * 1000,
      ...(payload.level === 'compound' || payload.level === 'building' ? { gridId } : {}),
      ...(payload.units ? { units: payload.units } : {}),
    };
    return place;
  };
  // the id of a first creation is derived from (parent, level, name): two admins creating it at once write it once
  let place = make(placeIdFor(parent._id, payload.level, payload.name));
  if (!(await insertPlace(db, place))) {
    const existing = await first<Place>(db.collection(Collections.places).where({ _id: place._id }));
    if (existing && !existing.retired && existing.name === payload.name) return nodeOf(existing);
    // that id belongs to a place renamed or retired since: a fresh one
    place = make(`pl_${placeIdFor(parent._id, payload.level, `${payload.name}\u0000${now.getTime()}\u0000${Math.random()}`).slice(3)}`);
    await insertPlace(db, place);
  }
  await audit(ctx, place, `create ${payload.level} ${payload.name}`);
  return nodeOf(place);
}

export async function renamePlace(ctx: AdminContext, payload: ParsedOf<'hierarchy', 'rename'>): Promise<PlaceNode> {
  const { db } = ctx;
  const place = await placeInScope(ctx, payload.placeId, 'placeId');
  if (place.name === payload.name) return nodeOf(place);
  if (place.parentId && (await siblingNamed(db, place.parentId, payload.name, place._id)))
    return fail('PLACE_NAME_TAKEN', `同一上级下已有“${payload.name}”`, 'name');
  const res = (await db
    .collection(Collections.places)
    .where({ _id: place._id, name: place.name })
    .update({ data: { name: payload.name } })) as { stats?: { updated?: number } };
  if ((res.stats?.updated ?? 0) !== 1) return fail('CONFLICT');
  await audit(ctx, place, `rename ${place.name} -> ${payload.name}`);
  return nodeOf({ ...place, name: payload.name });
}

export async function reorderChildren(ctx: AdminContext, payload: ParsedOf<'hierarchy', 'reorder'>): Promise<PlaceNode[]> {
  const { db } = ctx;
  const parent = await placeInScope(ctx, payload.parentId, 'parentId');
  const _ = db.command;
  const siblings = await rows<Place>(
    db
      .collection(Collections.places)
      .where({ parentId: parent._id, retired: _.neq(true) })
      .orderBy('sort', 'asc')
      .limit(HIERARCHY_LIMITS.reorder + 1),
  );
  const ids = new Set(siblings.map((p) => p._id));
  if (siblings.length !== payload.orderedIds.length || payload.orderedIds.some((id) => !ids.has(id))) {
    return fail('CONFLICT', '下级地点已有变化，请刷新后重新排序', 'orderedIds');
  }
  // the positions they hold now, handed out in the new order (the places stay where they were among everyone else)
  const positions = siblings.map((p) => p.sort ?? 0).sort((a, b) => a - b);
  const distinct = new Set(positions).size === positions.length;
  const byId = new Map(siblings.map((p) => [p._id, p]));
  const ordered: Place[] = [];
  for (const [i, id] of payload.orderedIds.entries()) {
    const place = byId.get(id)!;
    const sort = distinct ? positions[i] : positions[0] + i;
    if (place.sort !== sort) await db.collection(Collections.places).doc(id).update({ data: { sort } });
    ordered.push({ ...place, sort });
  }
  await audit(ctx, parent, `reorder ${payload.orderedIds.length}`);
  return ordered.map(nodeOf);
}

/** Households still living under a place (merged ones are only history). */
async function householdsUnder(db: Database, placeId: string): Promise<HouseholdDoc[]> {
  const _ = db.command;
  return rows<HouseholdDoc>(
    db
      .collection(Collections.households)
      .where({ placePath: placeId, mergedInto: _.exists(false) })
      .limit(1000),
  );
}

export async function retirePlace(ctx: AdminContext, payload: ParsedOf<'hierarchy', 'retire'>): Promise<{ retired: number }> {
  const { db, now } = ctx;
  const place = await placeInScope(ctx, payload.placeId, 'placeId');
  if (isScopeRoot(ctx, place)) return fail('FORBIDDEN', '不能停用您自己的管辖范围', 'placeId');
  const households = await householdsUnder(db, place._id);
  if (households.length > 0) {
    const perBuilding = new Map<string, number>();
    for (const h of households) perBuilding.set(h.buildingId, (perBuilding.get(h.buildingId) ?? 0) + 1);
    const _ = db.command;
    const buildingIds = [...perBuilding.keys()].slice(0, 3);
    const buildings = await rows<Place>(
      db
        .collection(Collections.places)
        .where({ _id: _.in(buildingIds) })
        .limit(buildingIds.length),
    );
    const named = buildings.map((b) => `${b.name}（${perBuilding.get(b._id)} 户）`).join('、');
    const more = perBuilding.size > 3 ? ` 等 ${perBuilding.size} 栋楼` : '';
    return fail(
      'PLACE_HAS_HOUSEHOLDS',
      `${place.name}下仍有 ${households.length >= 1000 ? '1000 多' : households.length} 户住户：${named}${more}。请先把这些楼栋迁到其他网格或小区，再停用`,
      'placeId',
    );
  }
  const _ = db.command;
  const res = (await db
    .collection(Collections.places)
    .where({ path: place._id, retired: _.neq(true) })
    .update({ data: { retired: true, retiredAt: now } })) as { stats?: { updated?: number } };
  await audit(ctx, place, `retire ${place.level} ${place.name}`);
  return { retired: res.stats?.updated ?? 0 };
}

export async function setUnits(ctx: AdminContext, payload: ParsedOf<'hierarchy', 'setUnits'>): Promise<PlaceNode> {
  const { db } = ctx;
  const building = await placeInScope(ctx, payload.buildingId, 'buildingId');
  if (building.level !== 'building') return fail('PLACE_NOT_BUILDING', undefined, 'buildingId');
  // a room someone lives in must stay
  const rooms = new Map(payload.units.map((u) => [u.name, new Set(roomsOfUnit(u))]));
  const lost = (await householdsUnder(db, building._id)).filter((h) => !rooms.get(h.unit)?.has(h.room));
  if (lost.length > 0) {
    const where = lost
      .slice(0, 3)
      .map((h) => `${h.unit} ${h.room}`)
      .join('、');
    return fail(
      'PLACE_HAS_HOUSEHOLDS',
      `${where}${lost.length > 3 ? ` 等 ${lost.length} 户` : ''}仍有住户，修改后这些房间将不存在`,
      'units',
    );
  }
  await db
    .collection(Collections.places)
    .doc(building._id)
    .update({ data: { units: payload.units } });
  await audit(ctx, building, `units ${payload.units.map((u) => `${u.name}:${u.floors}x${u.roomsPerFloor}`).join(',')}`);
  return nodeOf({ ...building, units: payload.units });
}
