/**
 * hierarchy.importPreview / importApply / importTemplate: the whole tree from one table, one row
 * per building (社区, 片区, 网格, 小区, 楼栋, 单元数, 层数, 每层户数). The preview and the apply make
 * the same plan against the places as they are: existing places are matched by name under the same
 * parent, so the same file twice writes nothing the second time.
 */
import ExcelJS from 'exceljs';
import type { ParsedOf } from '../../src/domain/contracts';
import {
  HIERARCHY_LIMITS,
  IMPORT_COLUMNS,
  IMPORT_EXAMPLE_ROWS,
  IMPORT_NAME_COLUMNS,
  planSummary,
  sameUnits,
  uniformUnits,
  type ImportColumn,
  type ImportPlan,
  type ImportPreview,
  type ImportRowError,
} from '../../src/domain/hierarchy';
import type { HouseholdDoc } from '../../src/domain/household';
import { levelIndex, PLACE_LEVEL_LABELS, roomsOfUnit, type BuildingUnit, type Place } from '../../src/domain/places';
import { appendAudit } from '../common/audit';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { rows } from '../common/db';
import { fail } from '../common/errors';
import { readUploadedFile, saveGeneratedFile } from '../common/files';
import { fetchAll } from '../common/paging';
import { getChain } from '../common/places';
import { insertPlaces, newPlaceCode, placeIdFor, sortBase } from '../common/placeCodes';
import type { AdminContext } from '../common/staffAccess';
import { nodeOf, placeInScope } from './access';
import { readTable } from './sheet';

interface Plan extends ImportPlan {
  errors: ImportRowError[];
  newPlaces: Place[];
  unitUpdates: Array<{ building: Place; units: BuildingUnit[]; row: number }>;
}

const normalizeHeader = (h: string) => h.replace(/[\s*＊]/g, '').replace(/^\uFEFF/, '');

function parseCount(
  text: string,
  column: ImportColumn,
  max: number,
  fallback: number | null,
  errors: ImportRowError[],
  row: number,
): number | null {
  const t = text.trim();
  if (t === '') {
    if (fallback !== null) return fallback;
    errors.push({ row, column, message: `${column}未填写` });
    return null;
  }
  const n = Number(t);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    errors.push({ row, column, message: `${column}应为 1 到 ${max} 的整数（现为“${t}”）` });
    return null;
  }
  return n;
}

/** The plan of a table against the places under `root` as they are now. */
async function makePlan(db: Database, root: Place, table: string[][], now: Date): Promise<Plan> {
  const errors: ImportRowError[] = [];
  const plan: Plan = { rows: 0, create: {}, updateUnits: 0, unchanged: 0, errors, newPlaces: [], unitUpdates: [] };
  const header = (table[0] ?? []).map(normalizeHeader);
  const col = new Map<ImportColumn, number>();
  for (const c of IMPORT_COLUMNS) {
    const i = header.indexOf(c);
    if (i >= 0) col.set(c, i);
  }
  const rootLevel = levelIndex(root.level);
  const below = IMPORT_NAME_COLUMNS.filter((c) => levelIndex(c.level) > rootLevel);
  const missing = [...below.filter((c) => c.required).map((c) => c.column), ...(['层数', '每层户数'] as const)].filter((c) => !col.has(c));
  if (table.length === 0 || missing.length > 0) {
    errors.push({ row: 1, message: `表头缺少列：${missing.join('、') || IMPORT_COLUMNS.join('、')}（请使用导入模板）` });
    return plan;
  }
  const chain = await getChain(db, root);
  // every place under the root, retired ones too (their ids are taken)
  const existing = await fetchAll<Place>(db, Collections.places, { path: root._id });
  const takenIds = new Set(existing.map((p) => p._id));
  const childrenByName = new Map<string, Place>();
  for (const p of existing) if (!p.retired && p.parentId) childrenByName.set(`${p.parentId}\u0000${p.name}`, p);
  const planned = new Map<string, Place>();
  const buildingRow = new Map<string, number>();
  let seq = 0;
  const base = sortBase(now);

  for (let r = 1; r < table.length; r++) {
    const cells = table[r] ?? [];
    const rowNo = r + 1;
    const cell = (c: ImportColumn) => (col.has(c) ? (cells[col.get(c)!] ?? '').trim() : '');
    if (IMPORT_COLUMNS.every((c) => cell(c) === '')) continue;
    plan.rows++;
    if (plan.rows > HIERARCHY_LIMITS.importRows) {
      errors.push({ row: rowNo, message: `一次最多导入 ${HIERARCHY_LIMITS.importRows} 行，请分成几个文件` });
      break;
    }
    const rowErrors: ImportRowError[] = [];
    // columns at or above the root's level name the root's own chain: blank, or the same name
    for (const c of IMPORT_NAME_COLUMNS.filter((x) => levelIndex(x.level) <= rootLevel)) {
      const v = cell(c.column);
      const own = chain[c.level];
      if (v !== '' && v !== own?.name) {
        rowErrors.push({
          row: rowNo,
          column: c.column,
          message: own ? `${c.column}应为“${own.name}”（您导入的范围），现为“${v}”` : `${c.column}应留空（导入到${root.name}之下）`,
        });
      }
    }
    for (const c of below) {
      const v = cell(c.column);
      if (c.required && v === '') rowErrors.push({ row: rowNo, column: c.column, message: `${c.column}未填写` });
      if (Array.from(v).length > HIERARCHY_LIMITS.placeName)
        rowErrors.push({ row: rowNo, column: c.column, message: `${c.column}最多${HIERARCHY_LIMITS.placeName}个字` });
    }
    const unitCount = parseCount(cell('单元数'), '单元数', HIERARCHY_LIMITS.units, 1, rowErrors, rowNo);
    const floors = parseCount(cell('层数'), '层数', HIERARCHY_LIMITS.floors, null, rowErrors, rowNo);
    const perFloor = parseCount(cell('每层户数'), '每层户数', HIERARCHY_LIMITS.roomsPerFloor, null, rowErrors, rowNo);
    const key = below.map((c) => cell(c.column)).join('\u0000');
    const earlier = buildingRow.get(key);
    if (earlier !== undefined && rowErrors.length === 0)
      rowErrors.push({ row: rowNo, column: '楼栋', message: `与第 ${earlier} 行是同一栋楼` });
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    buildingRow.set(key, rowNo);

    // walk down from the root: each named level is an existing child of that name, or a new one
    let parent = root;
    let gridId = root.level === 'grid' ? root._id : root.gridId;
    let failed = false;
    for (const c of below) {
      const name = cell(c.column);
      if (name === '') continue;
      const k = `${parent._id}\u0000${name}`;
      let place = childrenByName.get(k) ?? planned.get(k);
      if (place && place.level !== c.level) {
        errors.push({
          row: rowNo,
          column: c.column,
          message: `${parent.name}下的“${name}”已是${PLACE_LEVEL_LABELS[place.level]}，不能再作${PLACE_LEVEL_LABELS[c.level]}`,
        });
        failed = true;
        break;
      }
      if ((c.level === 'compound' || c.level === 'building') && !gridId) {
        errors.push({ row: rowNo, column: '网格', message: '小区和楼栋须在网格之下，请填写网格' });
        failed = true;
        break;
      }
      if (!place) {
        let id = placeIdFor(parent._id, c.level, name);
        // the id of a retired place of that name: a fresh one
        for (let salt = 1; takenIds.has(id); salt++) id = placeIdFor(parent._id, c.level, `${name}\u0000${salt}`);
        takenIds.add(id);
        place = {
          _id: id,
          level: c.level,
          name,
          parentId: parent._id,
          path: [...parent.path, id],
          code: newPlaceCode(),
          sort: base + seq++,
          ...(c.level === 'compound' || c.level === 'building' ? { gridId } : {}),
          ...(c.level === 'building' ? { units: uniformUnits(unitCount!, floors!, perFloor!) } : {}),
        };
        planned.set(k, place);
        plan.newPlaces.push(place);
        plan.create[c.level] = (plan.create[c.level] ?? 0) + 1;
      } else if (c.level === 'building' && !planned.has(k)) {
        const units = uniformUnits(unitCount!, floors!, perFloor!);
        if (sameUnits(place.units, units)) plan.unchanged++;
        else plan.unitUpdates.push({ building: place, units, row: rowNo });
      }
      if (c.level === 'grid') gridId = place._id;
      parent = place;
    }
    if (failed) continue;
  }

  // an existing building whose rooms shrink must keep every room someone lives in
  for (const u of plan.unitUpdates) {
    const rooms = new Map(u.units.map((x) => [x.name, new Set(roomsOfUnit(x))]));
    const _ = db.command;
    const households = await rows<HouseholdDoc>(
      db
        .collection(Collections.households)
        .where({ placePath: u.building._id, mergedInto: _.exists(false) })
        .limit(1000),
    );
    const lost = households.filter((h) => !rooms.get(h.unit)?.has(h.room));
    if (lost.length > 0) {
      errors.push({
        row: u.row,
        column: '层数',
        message: `${u.building.name}的 ${lost[0].unit} ${lost[0].room} 等 ${lost.length} 户有住户，按此行修改后房间将不存在`,
      });
    }
  }
  plan.updateUnits = plan.unitUpdates.length;
  errors.sort((a, b) => a.row - b.row);
  return plan;
}

async function rootOf(ctx: AdminContext, rootId: string | undefined): Promise<Place> {
  if (!rootId) return ctx.access.scope[0];
  return placeInScope(ctx, rootId, 'rootId');
}

async function planOf(ctx: AdminContext, fileId: string, rootId: string | undefined): Promise<{ root: Place; plan: Plan }> {
  const root = await rootOf(ctx, rootId);
  const bytes = await readUploadedFile(ctx.db, ctx.caller.openid, fileId, 'import', ctx.now);
  const table = await readTable(bytes);
  return { root, plan: await makePlan(ctx.db, root, table, ctx.now) };
}

const publicPlan = (p: Plan): ImportPlan => ({ rows: p.rows, create: p.create, updateUnits: p.updateUnits, unchanged: p.unchanged });

export async function importPreview(ctx: AdminContext, payload: ParsedOf<'hierarchy', 'importPreview'>): Promise<ImportPreview> {
  const { root, plan } = await planOf(ctx, payload.fileId, payload.rootId);
  return {
    ...publicPlan(plan),
    fileId: payload.fileId,
    errorCount: plan.errors.length,
    errors: plan.errors.slice(0, HIERARCHY_LIMITS.previewErrors),
    root: { id: root._id, name: root.name, level: root.level },
  };
}

export async function importApply(ctx: AdminContext, payload: ParsedOf<'hierarchy', 'importApply'>) {
  const { db, now } = ctx;
  const { root, plan } = await planOf(ctx, payload.fileId, payload.rootId);
  if (plan.errors.length > 0) {
    const first = plan.errors[0];
    return fail('IMPORT_INVALID', `表格有 ${plan.errors.length} 处错误（第 ${first.row} 行：${first.message}），未导入任何内容`, 'fileId');
  }
  if (plan.rows === 0) return fail('IMPORT_INVALID', '表格里没有楼栋', 'fileId');
  // parents before children: the plan lists each place after its parent
  await insertPlaces(db, plan.newPlaces);
  for (const u of plan.unitUpdates)
    await db
      .collection(Collections.places)
      .doc(u.building._id)
      .update({ data: { units: u.units } });
  await appendAudit(db, {
    action: 'import',
    staff: ctx.access.staff,
    target: { collection: Collections.places, id: root._id },
    reason: `place tree: ${planSummary(publicPlan(plan))}`,
    at: now,
  });
  return { ...publicPlan(plan), root: nodeOf(root) };
}

export async function importTemplate(ctx: AdminContext, payload: ParsedOf<'hierarchy', 'importTemplate'>) {
  const rowsOut = [[...IMPORT_COLUMNS], ...IMPORT_EXAMPLE_ROWS];
  let bytes: Buffer;
  if (payload.format === 'csv') {
    // with a BOM: Excel opens UTF-8 csv correctly only with one
    const text = rowsOut.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n');
    bytes = Buffer.from(`\uFEFF${text}\r\n`, 'utf8');
  } else {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('楼栋');
    sheet.columns = IMPORT_COLUMNS.map((c) => ({ header: c, key: c, width: c.length > 3 ? 12 : 14 }));
    sheet.getRow(1).font = { bold: true };
    for (const r of IMPORT_EXAMPLE_ROWS) sheet.addRow(r);
    const notes = workbook.addWorksheet('说明');
    [
      '每行一栋楼。网格、楼栋、层数、每层户数必填；单元数不填为 1。',
      '没有片区或小区时留空（层级可以跳过）。社区填您管辖的社区名称或留空。',
      '已有的地点按同一上级下的名称匹配：同一文件导入两次不会重复创建。',
      '房号按 层×100+序号 编排，例如 18 层每层 2 户：101–1802。',
    ].forEach((t) => notes.addRow([t]));
    notes.getColumn(1).width = 80;
    bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  }
  return saveGeneratedFile(
    ctx.db,
    ctx.caller.openid,
    { purpose: 'export', kind: payload.format, bytes, name: `地点导入模板.${payload.format}` },
    ctx.now,
  ).then(({ fileId, url, expiresAt, name }) => ({ fileId, url, expiresAt, name }));
}
