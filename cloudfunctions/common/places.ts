/** Reading the place hierarchy. */
import type { BuildingView, Page, PlaceRef } from '../../src/domain/contracts';
import type { Place, PlaceChain } from '../../src/domain/places';
import { Collections } from './collections';
import type { Database } from './cloud';
import { first, rows } from './db';
import { fail } from './errors';
import { cursorCodec, cursorParts } from './cursors';
import { keysetPage } from './paging';

export async function getPlace(db: Database, id: string): Promise<Place | null> {
  return first<Place>(db.collection(Collections.places).where({ _id: id }));
}

export async function findPlaceByCode(db: Database, code: string): Promise<Place | null> {
  return first<Place>(db.collection(Collections.places).where({ code }));
}

/** The place and all its ancestors, keyed by level (a path is at most six places). */
export async function getChain(db: Database, place: Place): Promise<PlaceChain> {
  const _ = db.command;
  const places = await rows<Place>(
    db
      .collection(Collections.places)
      .where({ _id: _.in(place.path) })
      .limit(place.path.length),
  );
  return chainOf(places);
}

/** A place's ancestors (and itself), as read, keyed by level. */
export function chainOf(places: readonly Place[]): PlaceChain {
  const chain: PlaceChain = {};
  for (const p of places) chain[p.level] = p;
  return chain;
}

export function toRef(place: Place): PlaceRef {
  return { id: place._id, name: place.name, level: place.level };
}

export function buildingView(building: Place, compound?: Place): BuildingView {
  const gridId = gridIdOf(building);
  return {
    id: building._id,
    name: building.name,
    compoundName: compound?.level === 'compound' ? compound.name : undefined,
    gridId,
    units: building.units ?? [],
  };
}

/** Every building belongs to exactly one grid: the grid on its path. */
export function gridIdOf(place: Place): string {
  if (place.gridId) return place.gridId;
  return fail('INTERNAL', `楼栋 ${place.name} 未归属网格`);
}

export async function requireBuilding(db: Database, buildingId: string): Promise<{ building: Place; chain: PlaceChain }> {
  const building = await getPlace(db, buildingId);
  if (!building) return fail('NOT_FOUND', '所选楼栋不存在，请重新扫码', 'buildingId');
  if (building.level !== 'building') return fail('PLACE_NOT_BUILDING', undefined, 'buildingId');
  if (building.retired) return fail('PLACE_RETIRED', '该楼栋已停用，请重新扫码或联系社区工作人员', 'buildingId');
  const chain = await getChain(db, building);
  if (!chain.community || !chain.grid) return fail('INTERNAL', '楼栋的社区或网格信息不完整');
  return { building, chain };
}

export const BUILDINGS_PAGE_SIZE = 100;
/** In the hierarchy's order, by key: places imported or moved while someone pages never shift the next page. */
const buildingsCursor = cursorCodec<[number, string]>('buildings', cursorParts.number, cursorParts.id);

/** Every place is written with its position among its siblings (the seed, an import). */
function sortOf(place: Place): number {
  if (place.sort !== undefined) return place.sort;
  return fail('INTERNAL', `楼栋 ${place.name} 缺少排序`);
}

/**
 * The buildings under any of `placeIds` (places not nested in one another, so none is listed twice),
 * in the hierarchy's order, a page at a time, with their compounds' names.
 */
export async function buildingsUnder(db: Database, placeIds: string[], cursor: string | null): Promise<Page<BuildingView>> {
  const _ = db.command;
  const buildings = await keysetPage<Place>(
    db,
    Collections.places,
    { path: placeIds.length === 1 ? placeIds[0] : _.in(placeIds), level: 'building', retired: _.neq(true) },
    { field: 'sort', dir: 'asc' },
    buildingsCursor.decode(cursor),
    BUILDINGS_PAGE_SIZE + 1,
  );
  const page = buildings.slice(0, BUILDINGS_PAGE_SIZE);
  const last = page[page.length - 1];
  // compound names for this page in one read
  const compoundIds = [...new Set(page.map((b) => b.parentId).filter((id): id is string => !!id))];
  const compounds = compoundIds.length
    ? await rows<Place>(
        db
          .collection(Collections.places)
          .where({ _id: _.in(compoundIds) })
          .limit(compoundIds.length),
      )
    : [];
  const byId = new Map(compounds.map((c) => [c._id, c]));
  return {
    items: page.map((b) => buildingView(b, b.parentId ? byId.get(b.parentId) : undefined)),
    nextCursor: buildings.length > BUILDINGS_PAGE_SIZE ? buildingsCursor.encode([sortOf(last), last._id]) : null,
  };
}
