import { type BuildingView, type Page, type ResolvedPlace, type Result } from '../domain';
import { callCloud } from './cloud';

export function resolvePlace(code: string): Promise<Result<ResolvedPlace>> {
  return callCloud('place', 'resolve', { code });
}

/** Stops a server that keeps returning cursors from looping forever (a community has far fewer pages). */
const MAX_BUILDING_PAGES = 100;

/** Every item of a paged list, following the cursor through all pages. */
async function allPages<T>(fetchPage: (cursor: string | null) => Promise<Result<Page<T>>>): Promise<Result<T[]>> {
  const all: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_BUILDING_PAGES; page++) {
    const result = await fetchPage(cursor);
    if (!result.ok) return result;
    all.push(...result.data.items);
    cursor = result.data.nextCursor;
    if (cursor === null) break;
  }
  return { ok: true, data: all };
}

/** Every building of a community. */
export function listAllBuildings(communityId: string): Promise<Result<BuildingView[]>> {
  return allPages((cursor) => callCloud('place', 'buildings', { communityId, cursor }));
}

/** Every building under the calling staff member's scope (代报). */
export function listScopeBuildings(): Promise<Result<BuildingView[]>> {
  return allPages((cursor) => callCloud('staff', 'buildings', { cursor }));
}

export function buildingLabel(b: BuildingView): string {
  return [b.compoundName, b.name].filter(Boolean).join(' ');
}
