/** poster.codes and poster.rotateCode: every place's code for the admin, and a new code when one leaked. */
import type { Page, ParsedOf, PlaceCodeView } from '../../src/domain/contracts';
import { isBundle, isRotatable, POSTER_LEVELS, type RetiredCodeDoc } from '../../src/domain/posters';
import type { Place } from '../../src/domain/places';
import { inScope } from '../../src/domain/staff';
import { appendAudit } from '../common/audit';
import { Collections } from '../common/collections';
import { cursorCodec, cursorParts } from '../common/cursors';
import { fail, isDuplicateKeyError } from '../common/errors';
import { keysetPage } from '../common/paging';
import { getPlace } from '../common/places';
import { freshPlaceCode } from '../common/placeCodes';
import { scopeIds, type AdminContext } from '../common/staffAccess';
import { inTransaction, txGet } from '../common/transaction';
import { prepareCodeImage } from './qrImage';

export const CODES_PAGE_SIZE = 100;
const codesCursor = cursorCodec<[number, string]>('codes', cursorParts.number, cursorParts.id);

export function codeView(place: Place): PlaceCodeView {
  return {
    id: place._id,
    name: place.name,
    level: place.level,
    code: place.code,
    rotatable: isRotatable(place.level),
    poster: (POSTER_LEVELS as readonly string[]).includes(place.level) ? (isBundle(place.level) ? 'bundle' : 'single') : null,
    hasChildren: place.level !== 'building',
  };
}

/** A place under the admin's scope; anything else is "not found" (nothing confirmed). */
export async function requireScopePlace(ctx: AdminContext, placeId: string, field = 'placeId'): Promise<Place> {
  const place = await getPlace(ctx.db, placeId);
  if (!place || !inScope(scopeIds(ctx.access), place.path)) return fail('NOT_FOUND', '地点不存在或不在您的管辖范围内', field);
  return place;
}

export async function listCodes(ctx: AdminContext, { parentId, cursor }: ParsedOf<'poster', 'codes'>): Promise<Page<PlaceCodeView> & { parent: PlaceCodeView | null }> {
  if (!parentId) return { items: ctx.access.scope.map(codeView), nextCursor: null, parent: null };
  const parent = await requireScopePlace(ctx, parentId, 'parentId');
  const children = await keysetPage<Place>(
    ctx.db,
    Collections.places,
    { parentId: parent._id },
    { field: 'sort', dir: 'asc' },
    codesCursor.decode(cursor),
    CODES_PAGE_SIZE + 1,
  );
  const page = children.slice(0, CODES_PAGE_SIZE);
  const last = page[page.length - 1];
  return {
    items: page.map(codeView),
    nextCursor: children.length > CODES_PAGE_SIZE ? codesCursor.encode([last.sort ?? 0, last._id]) : null,
    parent: codeView(parent),
  };
}

/**
 * A new code for a community or building. Conditional on the code the admin saw (of two admins
 * rotating at once exactly one wins; the other is told), written with the retired code's record
 * and the audit entry in one transaction: the old code never points nowhere.
 */
export async function rotateCode(ctx: AdminContext, { placeId, code, reason }: ParsedOf<'poster', 'rotateCode'>): Promise<PlaceCodeView & { retiredCode: string }> {
  const place = await requireScopePlace(ctx, placeId);
  if (!isRotatable(place.level)) return fail('CODE_NOT_ROTATABLE', undefined, 'placeId');
  if (place.code !== code) return fail('CODE_CHANGED', undefined, 'code');
  for (let attempt = 0; ; attempt++) {
    const next = await freshPlaceCode(ctx.db);
    try {
      const rotated = await inTransaction(ctx.db, async (tx) => {
        const current = await txGet<Place>(tx, Collections.places, place._id, () => fail('NOT_FOUND', '地点不存在', 'placeId'));
        if (current.code !== code) return fail('CODE_CHANGED', undefined, 'code');
        await tx.collection(Collections.places).doc(place._id).update({ data: { code: next } });
        const retired: RetiredCodeDoc = {
          _id: code,
          placeId: place._id,
          level: place.level,
          replacedBy: next,
          ...(reason ? { reason } : {}),
          retiredAt: ctx.now,
          retiredByStaffId: ctx.access.staff._id,
        };
        await tx.collection(Collections.retiredCodes).add({ data: retired });
        await appendAudit(tx, {
          action: 'code_rotate',
          staff: ctx.access.staff,
          target: { collection: Collections.places, id: place._id, field: 'code' },
          reason: reason ? `${code} → ${next}：${reason}` : `${code} → ${next}`,
          at: ctx.now,
        });
        return { ...current, code: next };
      });
      // the new code's mini-program code, made ahead of printing (best effort: the poster makes a missing one)
      await prepareCodeImage(ctx, rotated.code).catch((e: unknown) => console.warn('[poster] mini-program code not prepared:', e instanceof Error ? e.message : e));
      return { ...codeView(rotated), retiredCode: code };
    } catch (e) {
      // another place took `next` between the check and the commit: draw again
      if (attempt < 3 && isDuplicateKeyError(e)) continue;
      throw e;
    }
  }
}
