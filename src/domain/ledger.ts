/**
 * Ledger export (台账导出) to the upper-level 直报 system: 一户一账 (one row per household, its members
 * listed) and 一人一档 (one row per person). The column layout is data: a profile is an ordered list
 * of (field, header) and the fields say how their value is read from what the product stores. The
 * product keeps no data of its own for some columns of the upper-level layout; those fields say so
 * in `note`, and nothing is invented for them.
 */
import { ISOLATION_KIND_LABELS, type IsolationKind } from './checkins';
import {
  HEALTH_CODE_LABELS,
  ID_TYPE_LABELS,
  NUCLEIC_RESULT_LABELS,
  RELATION_LABELS,
  REPORT_CATEGORY_LABELS,
  SYMPTOM_LABELS,
  TRANSPORT_LABELS,
  type IdType,
  type MemberHealthInput,
  type PersonStatus,
  type Relation,
  type ReportCategory,
  type TravelInput,
} from './household';
import { formatShanghai } from './time';

export const LEDGER_LAYOUTS = ['person', 'household'] as const;
export type LedgerLayout = (typeof LEDGER_LAYOUTS)[number];
export const LEDGER_LAYOUT_LABELS: Record<LedgerLayout, string> = { person: '一人一档', household: '一户一账' };

export const PERSON_STATUSES = ['normal', 'health_monitoring', 'home_isolation'] as const satisfies readonly PersonStatus[];
export const PERSON_STATUS_LABELS: Record<PersonStatus, string> = { normal: '无管控', health_monitoring: '健康监测', home_isolation: '居家隔离' };

/** A row's state against the caller's last export of the same profile and scope. */
export const ROW_MARKS = ['new', 'changed', 'unchanged'] as const;
export type RowMark = (typeof ROW_MARKS)[number];
export const ROW_MARK_LABELS: Record<RowMark, string> = { new: '新增', changed: '变更', unchanged: '未变' };

// ---------------------------------------------------------------------------------------------
// what a row is read from (assembled by the export function from the stored documents)

export interface LedgerPerson {
  personId: string;
  name: string;
  relation: Relation;
  idType: IdType;
  idMasked: string;
  /** keyed hash of the document number: stands for it in a row's fingerprint */
  idHash: string;
  phoneMasked?: string;
  phoneHash?: string;
  gender?: 'male' | 'female';
  status: PersonStatus;
  /** the person's answers in the household's latest filing */
  health?: MemberHealthInput;
  /** the person's latest isolation or monitoring (active, else the last one ended) */
  isolation?: { kind: IsolationKind; startDate: string; endDate: string; status: 'active' | 'ended'; endedAt?: Date };
  /** decrypted document number and phone: only in an export that asked for full values */
  full?: { id?: string; phone?: string };
}

export interface LedgerSource {
  household: { id: string; unit: string; room: string; address: string };
  places: { community?: string; compound?: string; building?: string; grid?: string };
  /** the active grid workers of the household's grid */
  gridWorkers: string[];
  /** the household's latest filing */
  report?: { category: ReportCategory; travel?: TravelInput; createdAt: Date };
  /** 一人一档: the person of the row; 一户一账: the household's reporter (户主) */
  person: LedgerPerson;
  /** 一户一账: every member, reporter first */
  members: LedgerPerson[];
}

/** How a value is written: masked (default), full (audited), or for the row's fingerprint (hashes, never plaintext). */
export type RenderMode = 'masked' | 'full' | 'print';
export type CellValue = string | number | null;

export interface LedgerField {
  label: string;
  /** other headers upper-level templates use for this field (a template's header row is matched against them) */
  aliases: readonly string[];
  layouts: readonly LedgerLayout[];
  /** what the product does not record for this column */
  note?: string;
  value: (src: LedgerSource, mode: RenderMode) => CellValue;
}

const BOTH = LEDGER_LAYOUTS;
const day = (d: Date | undefined) => (d ? formatShanghai(d, 'YYYY-MM-DD') : null);

function idOf(p: LedgerPerson, mode: RenderMode): string {
  if (mode === 'print') return `h:${p.idHash}`;
  return mode === 'full' && p.full?.id ? p.full.id : p.idMasked;
}
function phoneOf(p: LedgerPerson, mode: RenderMode): string | null {
  if (mode === 'print') return p.phoneHash ? `h:${p.phoneHash}` : null;
  return (mode === 'full' && p.full?.phone) || p.phoneMasked || null;
}
function healthStatus(h: MemberHealthInput | undefined): string | null {
  if (!h) return null;
  const fever = h.temperature !== undefined && h.temperature >= 37.3;
  const symptoms = h.symptoms.map((s) => SYMPTOM_LABELS[s]);
  if (fever && !h.symptoms.includes('fever')) symptoms.unshift(SYMPTOM_LABELS.fever);
  return symptoms.length ? symptoms.join('、') : '无异常';
}
function measureOf(p: LedgerPerson): string {
  if (p.status !== 'normal') return PERSON_STATUS_LABELS[p.status];
  if (p.isolation?.status === 'ended') return `${ISOLATION_KIND_LABELS[p.isolation.kind]}（已解除）`;
  return PERSON_STATUS_LABELS.normal;
}
function releaseDate(p: LedgerPerson): string | null {
  const iso = p.isolation;
  if (!iso) return null;
  if (iso.status === 'ended') return day(iso.endedAt) ?? iso.endDate;
  return `${iso.endDate}（计划）`;
}
function memberText(p: LedgerPerson, mode: RenderMode): string {
  const parts = [RELATION_LABELS[p.relation], idOf(p, mode)];
  if (p.status !== 'normal') parts.push(PERSON_STATUS_LABELS[p.status]);
  return `${p.name}（${parts.join('，')}）`;
}

/** Every field one can export. Order here is the order the profile editor offers them in. */
export const LEDGER_FIELDS = {
  seq: { label: '序号', aliases: ['编号', '序'], layouts: BOTH, value: () => null },
  mark: {
    label: '变更标记',
    aliases: ['变更情况', '新增/变更', '数据状态', '更新标记'],
    layouts: BOTH,
    value: () => null,
  },
  name: { label: '姓名', aliases: ['户主姓名', '人员姓名'], layouts: BOTH, value: (s) => s.person.name },
  gender: {
    label: '性别',
    aliases: [],
    layouts: BOTH,
    note: '由身份证号读出；护照等其他证件不记录性别，留空',
    value: (s) => (s.person.gender === 'male' ? '男' : s.person.gender === 'female' ? '女' : null),
  },
  idType: { label: '证件类型', aliases: ['证件种类'], layouts: BOTH, value: (s) => ID_TYPE_LABELS[s.person.idType] },
  idNumber: {
    label: '身份证号',
    aliases: ['身份证号码', '证件号码', '证件号', '公民身份号码'],
    layouts: BOTH,
    note: '默认脱敏；完整号码须说明理由并记入审计',
    value: (s, m) => idOf(s.person, m),
  },
  phone: {
    label: '联系电话',
    aliases: ['手机号码', '手机号', '电话', '联系方式'],
    layouts: BOTH,
    note: '默认脱敏；代报的住户可能没有电话',
    value: (s, m) => phoneOf(s.person, m),
  },
  community: { label: '社区', aliases: ['所属社区', '现居住地址-社区', '居住社区'], layouts: BOTH, value: (s) => s.places.community ?? null },
  compound: { label: '小区', aliases: ['所在小区', '现居住地址-小区', '小区名称'], layouts: BOTH, value: (s) => s.places.compound ?? null },
  building: { label: '楼栋', aliases: ['楼号', '栋', '现居住地址-楼栋'], layouts: BOTH, value: (s) => s.places.building ?? null },
  unit: { label: '单元', aliases: ['单元号', '现居住地址-单元'], layouts: BOTH, value: (s) => s.household.unit || null },
  room: { label: '室', aliases: ['房号', '门牌号', '室号', '房间号', '现居住地址-室'], layouts: BOTH, value: (s) => s.household.room || null },
  address: {
    label: '现居住地址',
    aliases: ['居住地址', '详细地址', '现住址', '住址'],
    layouts: BOTH,
    value: (s) => [s.places.community, s.household.address].filter(Boolean).join(' ') || null,
  },
  relation: { label: '与户主关系', aliases: ['关系', '与户主关系（本人/配偶/子女）'], layouts: ['person'], value: (s) => RELATION_LABELS[s.person.relation] },
  category: {
    label: '人员类别',
    aliases: ['人员类型', '类别', '人员分类'],
    layouts: BOTH,
    value: (s) => (s.report ? REPORT_CATEGORY_LABELS[s.report.category] : null),
  },
  fromRegion: {
    label: '来源地',
    aliases: ['从何地返回', '出发地', '来源地区', '从何处来'],
    layouts: BOTH,
    value: (s) => (s.report?.travel ? [...s.report.travel.fromRegion, s.report.travel.fromDetail].filter(Boolean).join('') : null),
  },
  arrivalDate: {
    label: '到达时间',
    aliases: ['返回时间', '抵达时间', '到达日期', '返回日期', '抵达日期'],
    layouts: BOTH,
    note: '只记录到达日期，不记录钟点',
    value: (s) => s.report?.travel?.arrivalDate ?? null,
  },
  transport: {
    label: '交通方式及车次',
    aliases: ['交通方式', '车次', '航班/车次', '交通工具', '车次/航班号'],
    layouts: BOTH,
    value: (s) => {
      const t = s.report?.travel;
      return t ? [TRANSPORT_LABELS[t.transport], t.transportNo].filter(Boolean).join(' ') : null;
    },
  },
  healthStatus: {
    label: '健康状况',
    aliases: ['健康情况', '症状', '有无症状'],
    layouts: ['person'],
    note: '填报时本人所报的症状（未回答健康问题时留空）',
    value: (s) => healthStatus(s.person.health),
  },
  temperature: {
    label: '体温',
    aliases: ['体温（℃）', '体温(℃)', '当前体温'],
    layouts: ['person'],
    note: '填报时本人所报体温，不是每日打卡体温',
    value: (s) => s.person.health?.temperature ?? null,
  },
  healthCode: {
    label: '健康码',
    aliases: ['健康码颜色', '健康码状态'],
    layouts: ['person'],
    note: '填报时本人所报颜色，未与健康码系统核对',
    value: (s) => (s.person.health ? HEALTH_CODE_LABELS[s.person.health.healthCode] : null),
  },
  vaccine: {
    label: '疫苗接种',
    aliases: ['疫苗接种情况', '新冠疫苗接种', '接种剂次'],
    layouts: ['person'],
    note: '只记录剂次，不记录疫苗厂家和接种日期',
    value: (s) => (s.person.health?.vaccineDoses === undefined ? null : s.person.health.vaccineDoses === 0 ? '未接种' : `${s.person.health.vaccineDoses}剂`),
  },
  nucleic: {
    label: '核酸检测',
    aliases: ['核酸检测情况', '核酸检测结果', '最近一次核酸'],
    layouts: ['person'],
    note: '本人所报最近一次检测的日期和结果，未与检测机构核对',
    value: (s) => {
      const h = s.person.health;
      if (!h?.nucleicAcidDate && !h?.nucleicAcidResult) return null;
      return [h.nucleicAcidDate, h.nucleicAcidResult ? NUCLEIC_RESULT_LABELS[h.nucleicAcidResult] : null].filter(Boolean).join(' ');
    },
  },
  measure: {
    label: '管控措施',
    aliases: ['管控方式', '管控类型', '管控情况', '当前状态'],
    layouts: ['person'],
    value: (s) => measureOf(s.person),
  },
  startDate: {
    label: '开始日期',
    aliases: ['隔离开始日期', '管控开始时间', '开始时间', '隔离开始时间'],
    layouts: ['person'],
    value: (s) => s.person.isolation?.startDate ?? null,
  },
  endDate: {
    label: '解除日期',
    aliases: ['隔离解除日期', '解除时间', '预计解除日期', '解除隔离时间', '结束日期'],
    layouts: ['person'],
    note: '已解除的写实际解除日期；仍在管控的写计划日期并注明“（计划）”',
    value: (s) => releaseDate(s.person),
  },
  grid: { label: '所属网格', aliases: ['网格', '网格名称'], layouts: BOTH, value: (s) => s.places.grid ?? null },
  gridWorker: {
    label: '网格员',
    aliases: ['网格员姓名', '责任网格员', '包保人'],
    layouts: BOTH,
    note: '导出时该网格的在岗网格员',
    value: (s) => s.gridWorkers.join('、') || null,
  },
  filedAt: {
    label: '填报时间',
    aliases: ['登记时间', '报备时间', '填表时间', '上报时间'],
    layouts: BOTH,
    note: '本户最近一次报备的时间',
    value: (s) => (s.report ? formatShanghai(s.report.createdAt, 'YYYY-MM-DD HH:mm') : null),
  },
  memberCount: { label: '家庭人数', aliases: ['户内人数', '人数', '同住人数'], layouts: ['household'], value: (s) => s.members.length },
  members: {
    label: '家庭成员',
    aliases: ['同住人员', '家庭成员情况', '户内成员'],
    layouts: ['household'],
    value: (s, m) => s.members.map((p) => memberText(p, m)).join('；'),
  },
  controlled: {
    label: '管控人数',
    aliases: ['隔离人数', '在管人数'],
    layouts: ['household'],
    value: (s) => s.members.filter((p) => p.status !== 'normal').length,
  },
} as const satisfies Record<string, LedgerField>;

export type LedgerFieldKey = keyof typeof LEDGER_FIELDS;
export const LEDGER_FIELD_KEYS = Object.keys(LEDGER_FIELDS) as LedgerFieldKey[];
/** A template column the product has nothing for: exported as an empty column under its header. */
export const BLANK_FIELD = 'blank';
export type LedgerColumnField = LedgerFieldKey | typeof BLANK_FIELD;

export const fieldOf = (key: LedgerFieldKey): LedgerField => LEDGER_FIELDS[key];
export const fieldsOfLayout = (layout: LedgerLayout): LedgerFieldKey[] =>
  LEDGER_FIELD_KEYS.filter((k) => (fieldOf(k).layouts as readonly string[]).includes(layout));

// ---------------------------------------------------------------------------------------------
// profiles

export interface LedgerColumn {
  field: LedgerColumnField;
  header: string;
}

export interface LedgerProfile {
  id: string;
  name: string;
  layout: LedgerLayout;
  columns: LedgerColumn[];
  /** the built-in default, not stored */
  builtin?: true;
}

export const LEDGER_LIMITS = { profileName: 30, header: 40, columns: 60, scope: 20 } as const;

const col = (field: LedgerFieldKey, header: string = fieldOf(field).label): LedgerColumn => ({ field, header });

/** The upper-level 直报 layout of issue 14: 一人一档. */
export const DEFAULT_PERSON_PROFILE: LedgerProfile = {
  id: 'default_person',
  name: '直报系统默认（一人一档）',
  layout: 'person',
  builtin: true,
  columns: [
    col('seq'),
    col('name'),
    col('gender'),
    col('idNumber'),
    col('phone'),
    col('community', '现居住地址（社区）'),
    col('compound', '现居住地址（小区）'),
    col('building', '现居住地址（楼栋）'),
    col('unit', '现居住地址（单元）'),
    col('room', '现居住地址（室）'),
    col('relation'),
    col('category'),
    col('fromRegion'),
    col('arrivalDate'),
    col('transport'),
    col('healthStatus'),
    col('temperature'),
    col('healthCode'),
    col('vaccine'),
    col('nucleic'),
    col('measure'),
    col('startDate'),
    col('endDate'),
    col('grid'),
    col('gridWorker'),
    col('filedAt'),
    col('mark'),
  ],
};

/** 一户一账: one row per household, the reporter's identity, the members listed. */
export const DEFAULT_HOUSEHOLD_PROFILE: LedgerProfile = {
  id: 'default_household',
  name: '直报系统默认（一户一账）',
  layout: 'household',
  builtin: true,
  columns: [
    col('seq'),
    col('name', '户主姓名'),
    col('gender'),
    col('idNumber'),
    col('phone'),
    col('community', '现居住地址（社区）'),
    col('compound', '现居住地址（小区）'),
    col('building', '现居住地址（楼栋）'),
    col('unit', '现居住地址（单元）'),
    col('room', '现居住地址（室）'),
    col('memberCount'),
    col('members'),
    col('controlled'),
    col('category'),
    col('fromRegion'),
    col('arrivalDate'),
    col('transport'),
    col('grid'),
    col('gridWorker'),
    col('filedAt'),
    col('mark'),
  ],
};

export const BUILTIN_PROFILES: readonly LedgerProfile[] = [DEFAULT_PERSON_PROFILE, DEFAULT_HOUSEHOLD_PROFILE];

/** A profile's columns are usable for its layout: known fields of that layout, headers present and distinct. */
export function profileProblems(layout: LedgerLayout, columns: readonly LedgerColumn[]): string[] {
  const problems: string[] = [];
  const allowed = new Set<string>([...fieldsOfLayout(layout), BLANK_FIELD]);
  const seen = new Set<string>();
  columns.forEach((c, i) => {
    if (!allowed.has(c.field)) problems.push(`第${i + 1}列：${LEDGER_LAYOUT_LABELS[layout]}没有这个字段`);
    const h = c.header.trim();
    if (seen.has(h)) problems.push(`第${i + 1}列：表头“${h}”重复`);
    seen.add(h);
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// a template's header row → a profile

/** A header as compared: full-width folded, spaces, marks and bracketed hints like （必填） dropped. */
export function normalizeHeader(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[\s*＊:：\-_/\\、.。·]/g, '')
    .toLowerCase();
}

/**
 * Matches a template's header row to fields: an exact label or alias first, then the longest label
 * or alias the header contains. A header matched to nothing stays as an empty column under its own
 * header, so the file keeps the template's layout; a field is used once.
 */
export function profileFromHeaders(headers: readonly string[], layout: LedgerLayout): { columns: LedgerColumn[]; unmatched: string[] } {
  const candidates = fieldsOfLayout(layout).flatMap((key) =>
    [fieldOf(key).label, ...fieldOf(key).aliases].map((name) => ({ key, name: normalizeHeader(name) })),
  );
  // 一户一账: the person fields are the reporter's
  const used = new Set<LedgerFieldKey>();
  const columns: LedgerColumn[] = [];
  const unmatched: string[] = [];
  for (const raw of headers) {
    const header = raw.trim().slice(0, LEDGER_LIMITS.header);
    if (!header) continue;
    const h = normalizeHeader(header);
    const free = candidates.filter((c) => !used.has(c.key) && c.name.length > 0);
    const exact = free.find((c) => c.name === h);
    const contained = exact ?? free.filter((c) => h.includes(c.name)).sort((a, b) => b.name.length - a.name.length)[0];
    if (contained) {
      used.add(contained.key);
      columns.push({ field: contained.key, header });
    } else {
      columns.push({ field: BLANK_FIELD, header });
      unmatched.push(header);
    }
    if (columns.length >= LEDGER_LIMITS.columns) break;
  }
  return { columns, unmatched };
}

// ---------------------------------------------------------------------------------------------
// rendering a row

/** A row's cells under a profile (序号 and 变更标记 filled by the caller, who knows them). */
export function renderRow(columns: readonly LedgerColumn[], src: LedgerSource, mode: RenderMode, seq: number, mark: RowMark | null): CellValue[] {
  return columns.map((c) => {
    if (c.field === BLANK_FIELD) return null;
    if (c.field === 'seq') return mode === 'print' ? null : seq;
    if (c.field === 'mark') return mode === 'print' || !mark ? null : ROW_MARK_LABELS[mark];
    return fieldOf(c.field).value(src, mode);
  });
}

/**
 * What a row's fingerprint is made of: every field of the layout (not only the profile's columns, so
 * a renamed header changes nothing), ID and phone as their keyed hashes — never plaintext.
 */
export function printText(layout: LedgerLayout, src: LedgerSource): string {
  return JSON.stringify(fieldsOfLayout(layout).map((k) => (k === 'seq' || k === 'mark' ? null : fieldOf(k).value(src, 'print'))));
}

export function markOf(previous: string | undefined, current: string): RowMark {
  if (previous === undefined) return 'new';
  return previous === current ? 'unchanged' : 'changed';
}
