/**
 * Column profiles of the ledger export. The built-in ones are the upper-level layout; an admin
 * defines others at their place (choosing, ordering and naming columns, or from a template's header
 * row), and everyone whose scope lies under that place (or over it) may export with them.
 */
import { randomBytes } from 'crypto';
import type { DataOf, ParsedOf } from '../../src/domain/contracts';
import { sniffFileKind } from '../../src/domain/files';
import { BUILTIN_PROFILES, profileFromHeaders, profileProblems, type LedgerColumn, type LedgerLayout, type LedgerProfile } from '../../src/domain/ledger';
import { inScope } from '../../src/domain/staff';
import { Collections } from '../common/collections';
import { first, rows } from '../common/db';
import { fail } from '../common/errors';
import { readUploadedFile } from '../common/files';
import { scopeIds, type AdminContext, type StaffAccess, type StaffContext } from '../common/staffAccess';
import type { Database } from '../common/cloud';
import { csvHeaderRow, xlsxHeaderRow } from './workbook';

export interface LedgerProfileDoc {
  _id: string;
  name: string;
  layout: LedgerLayout;
  columns: LedgerColumn[];
  /** the place it was defined at (the admin's scope place) and its path */
  placeId: string;
  placePath: string[];
  createdBy: { staffId: string; name: string };
  createdAt: Date;
  updatedAt: Date;
}

const view = (d: LedgerProfileDoc): LedgerProfile => ({ id: d._id, name: d.name, layout: d.layout, columns: d.columns });

/** A stored profile the caller may use: defined at one of their places, above one, or below one. */
function usable(access: StaffAccess, d: LedgerProfileDoc): boolean {
  return inScope(scopeIds(access), d.placePath) || access.scope.some((p) => p.path.includes(d.placeId));
}

export async function findProfile(db: Database, access: StaffAccess, profileId: string): Promise<LedgerProfile> {
  const builtin = BUILTIN_PROFILES.find((p) => p.id === profileId);
  if (builtin) return builtin;
  const doc = await first<LedgerProfileDoc>(db.collection(Collections.ledgerProfiles).where({ _id: profileId }));
  if (!doc || !usable(access, doc)) return fail('NOT_FOUND', '导出模板不存在或无权使用', 'profileId');
  return view(doc);
}

export async function listProfiles(ctx: StaffContext, payload: ParsedOf<'ledger', 'profiles'>): Promise<DataOf<'ledger', 'profiles'>> {
  const _ = ctx.db.command;
  const places = [...new Set(ctx.access.scope.flatMap((p) => p.path))];
  const docs = await rows<LedgerProfileDoc>(
    ctx.db
      .collection(Collections.ledgerProfiles)
      .where({ placeId: _.in(places) })
      .limit(1000),
  );
  const all = [...BUILTIN_PROFILES, ...docs.filter((d) => usable(ctx.access, d)).sort((a, b) => a.name.localeCompare(b.name, 'zh')).map(view)];
  return payload.layout ? all.filter((p) => p.layout === payload.layout) : all;
}

/** A stored profile the caller may change: defined at a place under their scope. */
async function ownProfile(ctx: AdminContext, profileId: string): Promise<LedgerProfileDoc> {
  const doc = await first<LedgerProfileDoc>(ctx.db.collection(Collections.ledgerProfiles).where({ _id: profileId }));
  if (!doc || !inScope(scopeIds(ctx.access), doc.placePath)) return fail('NOT_FOUND', '导出模板不存在或无权修改', 'profileId');
  return doc;
}

export async function saveProfile(ctx: AdminContext, payload: ParsedOf<'ledger', 'saveProfile'>): Promise<LedgerProfile> {
  const { db, now, access } = ctx;
  if (!payload.name) return fail('REQUIRED', '请填写模板名称', 'name');
  payload.columns.forEach((c, i) => {
    if (!c.header) fail('REQUIRED', `第${i + 1}列：请填写表头`, `columns.${i}.header`);
  });
  const problems = profileProblems(payload.layout, payload.columns);
  if (problems.length) return fail('EXPORT_PROFILE_INVALID', problems[0], 'columns');
  if (payload.profileId) {
    if (BUILTIN_PROFILES.some((p) => p.id === payload.profileId)) return fail('FORBIDDEN', '系统默认模板不能修改，请另存为新模板', 'profileId');
    const doc = await ownProfile(ctx, payload.profileId);
    const patch = { name: payload.name, layout: payload.layout, columns: payload.columns, updatedAt: now };
    await db.collection(Collections.ledgerProfiles).doc(doc._id).update({ data: patch });
    return view({ ...doc, ...patch });
  }
  const place = access.scope[0];
  const doc: LedgerProfileDoc = {
    _id: `lp_${now.getTime().toString(36)}_${randomBytes(6).toString('hex')}`,
    name: payload.name,
    layout: payload.layout,
    columns: payload.columns,
    placeId: place._id,
    placePath: place.path,
    createdBy: { staffId: access.staff._id, name: access.staff.name },
    createdAt: now,
    updatedAt: now,
  };
  await db.collection(Collections.ledgerProfiles).add({ data: doc });
  return view(doc);
}

export async function deleteProfile(ctx: AdminContext, payload: ParsedOf<'ledger', 'deleteProfile'>): Promise<{ profileId: string }> {
  const doc = await ownProfile(ctx, payload.profileId);
  await ctx.db.collection(Collections.ledgerProfiles).doc(doc._id).remove();
  return { profileId: doc._id };
}

/** A draft profile from an uploaded template (xlsx or csv, purpose `import`): its first row's headers matched to fields. */
export async function templateProfile(ctx: AdminContext, payload: ParsedOf<'ledger', 'templateProfile'>): Promise<DataOf<'ledger', 'templateProfile'>> {
  const bytes = await readUploadedFile(ctx.db, ctx.caller.openid, payload.fileId, 'import', ctx.now);
  const headers = (sniffFileKind(bytes) === 'xlsx' ? await xlsxHeaderRow(bytes) : csvHeaderRow(bytes)).map((h) => h.trim()).filter(Boolean);
  if (headers.length === 0) return fail('EXPORT_TEMPLATE_EMPTY', undefined, 'fileId');
  const { columns, unmatched } = profileFromHeaders(headers, payload.layout);
  return { layout: payload.layout, columns, headers, unmatched };
}
