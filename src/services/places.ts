import { type BuildingView, type Page, type ResolvedPlace, type Result } from '../domain';
import { callCloud } from './cloud';

export function resolvePlace(code: string): Promise<Result<ResolvedPlace>> {
  return callCloud('place', 'resolve', { code });
}

/** Stops a server that keeps returning cursors from looping forever (a community has far fewer pages). */
const MAX_BUILDING_PAGES = 100;

/** Every building of a community, following the cursor through all pages. */
export async function listAllBuildings(communityId: string): Promise<Result<BuildingView[]>> {
  const all: BuildingView[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_BUILDING_PAGES; page++) {
    const result: Result<Page<BuildingView>> = await callCloud('place', 'buildings', { communityId, cursor });
    if (!result.ok) return result;
    all.push(...result.data.items);
    cursor = result.data.nextCursor;
    if (cursor === null) break;
  }
  return { ok: true, data: all };
}

export function buildingLabel(b: BuildingView): string {
  return [b.compoundName, b.name].filter(Boolean).join(' ');
}
