/** poster.poster: the printable PDF of a place, written to cloud storage for the admin who asked. */
import type { GridWorkerContact, ParsedOf, PosterFileView } from '../../src/domain/contracts';
import type { Place } from '../../src/domain/places';
import { POSTER_LEVELS, POSTER_MAX_BUILDINGS } from '../../src/domain/posters';
import type { StaffDoc } from '../../src/domain/staff';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { first, rows } from '../common/db';
import { fail } from '../common/errors';
import { saveGeneratedFile } from '../common/files';
import { keysetPage } from '../common/paging';
import { getChain } from '../common/places';
import { gridWorkerFor } from '../common/staff';
import type { AdminContext } from '../common/staffAccess';
import { requireScopePlace } from './codes';
import { codeGraphics } from './qrImage';
import { renderPosters, type PosterPage } from './render';

const BUILDINGS_READ = 200;

/** Every building under `place` in the hierarchy's order; more than the PDF can hold is refused. */
async function buildingsUnder(db: Database, place: Place): Promise<Place[]> {
  const all: Place[] = [];
  let after: [number, string] | null = null;
  for (;;) {
    const page: Place[] = await keysetPage<Place>(db, Collections.places, { path: place._id, level: 'building' }, { field: 'sort', dir: 'asc' }, after, BUILDINGS_READ);
    all.push(...page);
    if (all.length > POSTER_MAX_BUILDINGS) return fail('POSTER_TOO_MANY', `${place.name}有超过 ${POSTER_MAX_BUILDINGS} 栋楼，请按小区或网格分别下载海报`, 'placeId');
    if (page.length < BUILDINGS_READ) return all;
    const last = page[page.length - 1];
    after = [last.sort ?? 0, last._id];
  }
}

async function placesById(db: Database, ids: readonly string[]): Promise<Map<string, Place>> {
  const _ = db.command;
  const out = new Map<string, Place>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 100) {
    const chunk = unique.slice(i, i + 100);
    for (const p of await rows<Place>(db.collection(Collections.places).where({ _id: _.in(chunk) }).limit(chunk.length))) out.set(p._id, p);
  }
  return out;
}

/** A community's poster names the community's admin (its grid workers are on the buildings' posters). */
async function communityContact(db: Database, community: Place): Promise<GridWorkerContact | null> {
  const admin = await first<StaffDoc>(db.collection(Collections.staff).where({ scope: community._id, role: 'admin', active: true }));
  return admin ? { name: admin.name, workPhone: admin.workPhone } : null;
}

const buildingTitle = (building: Place, parent: Place | undefined) =>
  parent?.level === 'compound' ? `${parent.name} ${building.name}` : building.name;

export async function makePoster(ctx: AdminContext, { placeId }: ParsedOf<'poster', 'poster'>): Promise<PosterFileView> {
  const place = await requireScopePlace(ctx, placeId);
  if (!(POSTER_LEVELS as readonly string[]).includes(place.level)) return fail('POSTER_NOT_AVAILABLE', undefined, 'placeId');
  const chain = await getChain(ctx.db, place);
  const community = chain.community;
  if (!community) return fail('POSTER_NOT_AVAILABLE', '该地点不属于任何社区', 'placeId');

  let specs: Array<Omit<PosterPage, 'qr'>>;
  if (place.level === 'community') {
    specs = [{ level: 'community', communityName: community.name, title: community.name, code: place.code, contact: await communityContact(ctx.db, community), contactRole: '社区工作人员' }];
  } else {
    const buildings = place.level === 'building' ? [place] : await buildingsUnder(ctx.db, place);
    if (buildings.length === 0) return fail('POSTER_NOT_AVAILABLE', `${place.name}下还没有楼栋`, 'placeId');
    const parents = await placesById(ctx.db, buildings.map((b) => b.parentId).filter((id): id is string => !!id));
    // one lookup per grid: every building of a grid has the same grid worker
    const workers = new Map<string, Promise<GridWorkerContact | null>>();
    const workerOf = (b: Place) => {
      const key = b.gridId ?? b._id;
      if (!workers.has(key)) workers.set(key, gridWorkerFor(ctx.db, b.path));
      return workers.get(key)!;
    };
    specs = await Promise.all(
      buildings.map(async (b) => ({
        level: 'building' as const,
        communityName: community.name,
        title: buildingTitle(b, b.parentId ? parents.get(b.parentId) : undefined),
        code: b.code,
        contact: await workerOf(b),
        contactRole: '网格员',
      })),
    );
  }

  const images = await codeGraphics(ctx, specs.map((s) => s.code));
  const pages = specs.map((s) => ({ ...s, qr: images.get(s.code)! }));
  const title = place.level === 'community' ? `${community.name} 社区报备码` : place.level === 'building' ? `${community.name} ${pages[0].title}` : `${community.name} ${place.name}`;
  const bytes = await renderPosters(pages, { title, at: ctx.now });
  const saved = await saveGeneratedFile(ctx.db, ctx.caller.openid, { purpose: 'poster', kind: 'pdf', bytes, name: `${title.replace(/\s+/g, '-')}-二维码海报.pdf` }, ctx.now);
  return { ...saved, pages: pages.length };
}
