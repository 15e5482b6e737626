/** Reading the place hierarchy. */
import type { BuildingView, PlaceRef } from '../../src/domain/contracts';
import type { Place, PlaceChain } from '../../src/domain/places';
import { Collections } from './collections';
import type { Database } from './cloud';
import { first, rows } from './db';
import { fail } from './errors';

export async function getPlace(db: Database, id: string): Promise<Place | null> {
  return first<Place>(db.collection(Collections.places).where({ _id: id }));
}

export async function findPlaceByCode(db: Database, code: string): Promise<Place | null> {
  return first<Place>(db.collection(Collections.places).where({ code }));
}

/** The place and all its ancestors, keyed by level (a path is at most six places). */
export async function getChain(db: Database, place: Place): Promise<PlaceChain> {
  const _ = db.command;
  const places = await rows<Place>(db.collection(Collections.places).where({ _id: _.in(place.path) }).limit(place.path.length));
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
  const chain = await getChain(db, building);
  if (!chain.community || !chain.grid) return fail('INTERNAL', '楼栋的社区或网格信息不完整');
  return { building, chain };
}
