/**
 * The typed contract of every cloud function action: payload in, data out.
 * The client helper `callCloud(name, action, payload)` and each function's router are typed by this.
 * Dates cross the wire as ISO 8601 strings.
 */
import type { DashboardView, GridPage } from './dashboard';
import type { BuildingUnit, PlaceLevel } from './places';
import type { ActionSchemas } from './schemas';
import type { Infer, InputOf } from './validation';
import type { PriorityName, QueueKind, QueueStatus } from './queue';
import type { StaffRole } from './staff';
import type { VerifyMethod, VerifyOutcome } from './audit';
import type { FileKind } from './files';
import type { DeskPollView, DeskSessionView, DeskTicketView } from './desk';
import type { CommunitySettings, ImportPlan, ImportPreview, PlaceNode, RegridJobView } from './hierarchy';
import type { BatchProgressView, BatchRowDeskView, BatchRowDetailView, BatchRowsResult, BatchRowView, BatchView, ImportView } from './batches';
import type { IsolationKind, SlotPhase, SlotState } from './checkins';
import type {
  Recurrence,
  StaffRequestAction,
  RequestAction,
  RequestActor,
  RequestDetails,
  RequestKind,
  RequestStatus,
  Urgency,
} from './requests';
import type { LedgerColumn, LedgerLayout, LedgerProfile, RowMark } from './ledger';
import type { ConflictResolution, IdType, MemberHealthInput, PersonStatus, Relation, ReportCategory, Symptom, TravelInput } from './household';

export interface PlaceRef {
  id: string;
  name: string;
  level: PlaceLevel;
}

export interface BuildingView {
  id: string;
  name: string;
  compoundName?: string;
  gridId: string;
  units: BuildingUnit[];
}

export interface ResolvedPlace {
  code: string;
  place: PlaceRef;
  community: PlaceRef;
  /** set when the code is a building's */
  building?: BuildingView;
}

export interface Page<T> {
  items: T[];
  /** opaque cursor for the next page; null at the end */
  nextCursor: string | null;
}

export interface GridWorkerContact {
  name: string;
  workPhone?: string;
}

export interface MemberView {
  personId: string;
  name: string;
  relation: Relation;
  idType: IdType;
  idMasked: string;
  phoneMasked?: string;
  health?: MemberHealthInput;
  /** listed by the filer but belongs to another household: 待网格员确认 */
  pending?: true;
}

/** A member the caller listed who belongs to another household, as the caller typed them. */
export interface PendingMemberView {
  name: string;
  relation: Relation;
  idMasked: string;
}

export interface ReportView {
  reportId: string;
  householdId: string;
  communityName: string;
  gridName: string;
  address: string;
  category: ReportCategory;
  members: MemberView[];
  travel?: TravelInput;
  note?: string;
  status: 'submitted' | 'verified' | 'superseded';
  createdAt: string;
}

/** What the resident sees after filing: what was filed (masked) and who is responsible. */
export interface ReportReceipt extends ReportView {
  gridWorker: GridWorkerContact | null;
  /** 代报: the worker who filed; their work phone is the household's contact (residents without a phone) */
  filedByWorker?: GridWorkerContact;
  /** true when this was a retry of an earlier submission with the same clientRequestId */
  replayed: boolean;
}

export interface HouseholdView {
  householdId: string;
  communityId: string;
  communityName: string;
  gridName: string;
  buildingId: string;
  address: string;
  unit: string;
  room: string;
  members: MemberView[];
  /** listed in a filing but waiting for the grid worker (they belong to another household) */
  pendingMembers: PendingMemberView[];
  gridWorker: GridWorkerContact | null;
  consent: { privacy: boolean; healthTravel: boolean; version: string };
  updatedAt: string;
}

export interface FamilyInviteView {
  /** shown once, grouped for reading aloud (e.g. `ABCD-EFGH`); only its hash is stored */
  code: string;
  expiresAt: string;
}

export interface TimelineEntryView {
  action: RequestAction;
  to: RequestStatus;
  actorKind: RequestActor;
  actorName: string;
  note?: string;
  at: string;
}

export interface RequestView {
  requestId: string;
  kind: RequestKind;
  urgency: Urgency;
  status: RequestStatus;
  personId: string;
  personName: string;
  address: string;
  details: RequestDetails;
  note?: string;
  timeline: TimelineEntryView[];
  recurrence?: Recurrence;
  /** the resident may still cancel it */
  canCancel: boolean;
  dueAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface StaffProfile {
  staffId: string;
  name: string;
  role: StaffRole;
  scope: PlaceRef[];
}

export interface QueueItemView {
  itemId: string;
  kind: QueueKind;
  refId: string;
  title: string;
  summary: string;
  priority: PriorityName;
  status: QueueStatus;
  dueAt: string;
  /** past its due time and still not closed */
  overdue: boolean;
  assigned: boolean;
  createdAt: string;
  /** whom it is about, in full (the list is scoped), and where they live: the worker's row shows both */
  personName?: string;
  address?: string;
}

export interface QueuePage extends Page<QueueItemView> {
  /** open items per kind under the caller's scope (or the building chosen), whatever the search */
  counts: Record<QueueKind, number>;
}

export interface VerificationView {
  outcome: VerifyOutcome;
  /** every way it was checked; one for records made before several could be recorded */
  methods: VerifyMethod[];
  note?: string;
  staffName: string;
  at: string;
}

/** A person named by a queue item, masked; full values only through the audited `staff.reveal`. */
export interface MaskedPerson {
  personId: string;
  /** in full: staff see only persons their scope covers, and call them by name */
  name: string;
  idMasked: string;
  phoneMasked?: string;
  /** under home isolation or health monitoring now: the item offers 查看隔离, not a second start */
  status: PersonStatus;
  /** the isolation under way */
  isolationId?: string;
}

/** One report of a batch verification: verified, or why not (someone else got there first, or it is not there). */
export interface BatchVerifyResult {
  itemId: string;
  result: 'verified' | 'conflict' | 'not_found';
  message?: string;
}

/** One person of a batch isolation start: started now, already under one (it is shown), or not found. */
export interface BatchIsolationResult {
  personId: string;
  result: 'started' | 'active' | 'not_found';
  isolation?: IsolationView;
  message?: string;
}

/** A staff member an item can be handed to: active, and their scope covers the item's place. */
export interface AssigneeOption {
  staffId: string;
  name: string;
  role: StaffRole;
  /** the item's current assignee */
  current: boolean;
}

/** A household as the worker deciding a conflict sees it: masked, nothing they could not see on a list. */
export interface MaskedHouseholdView {
  householdId: string;
  address: string;
  gridName: string;
  members: Array<{ name: string; relation: Relation; idMasked: string }>;
  /** filed by a resident's phone (has owners) or only by a worker (代报) */
  hasOwners: boolean;
  updatedAt: string;
}

export interface HouseholdConflictView {
  conflictId: string;
  /** the stored person (masked) */
  person: MaskedPerson;
  /** what the other filing said about them */
  claimed: { name: string; relation: Relation; idMasked: string };
  existing: MaskedHouseholdView;
  claimant: MaskedHouseholdView;
  status: 'open' | 'resolved';
  resolution?: ConflictResolution;
  resolvedBy?: string;
  note?: string;
}

interface ItemDetailBase {
  item: QueueItemView;
  /** who the item is assigned to (set by accepting a request, verifying, or a hand-over) */
  assignee?: { staffId: string; name: string };
  /** the persons the item names, masked: full values only through the audited `staff.reveal` */
  persons: MaskedPerson[];
}

/**
 * One queue item with what its kind is about, and what the caller can do with it now. A union by
 * kind: adding a queue kind fails to compile until the server builds its detail and the page shows it.
 */
export type QueueItemDetail =
  | (ItemDetailBase & { kind: 'verify_report'; report: ReportView & { verification?: VerificationView }; actions: Array<'verify'> })
  | (ItemDetailBase & { kind: 'request'; request: RequestView; actions: StaffRequestAction[] })
  | (ItemDetailBase & { kind: 'checkin_alert'; /** the alerted person's household */ address?: string; actions: Array<'acknowledge'> })
  | (ItemDetailBase & { kind: 'household_conflict'; conflict: HouseholdConflictView; actions: Array<'resolve_conflict'> })
  | (ItemDetailBase & { kind: 'batch_row'; row: BatchRowDetailView; actions: Array<'batch_pass' | 'batch_outcome'> });

export type QueueItemDetailOf<K extends QueueKind> = Extract<QueueItemDetail, { kind: K }>;
/** Every queue kind has a detail, and every detail is a queue kind. */
export type DetailCoversKinds = Assert<SameKeys<Record<QueueKind, true>, Record<QueueItemDetail['kind'], true>>>;

export interface InviteView {
  inviteCode: string;
  role: StaffRole;
  name: string;
  scope: PlaceRef[];
  expiresAt: string;
}

export interface StaffMemberView {
  staffId: string;
  name: string;
  role: StaffRole;
  scope: PlaceRef[];
  workPhone?: string;
  active: boolean;
}

export interface SlotView {
  key: string;
  label: string;
  opensAt: string;
  closesAt: string;
  /** a check-in made now counts for this slot (open, or closed and still empty: 补打卡) */
  current: boolean;
  /** at the server's clock: the page says when an upcoming slot opens without reading the phone's */
  phase: SlotPhase;
  state: SlotState;
  temperature?: number;
}

/** A reading outside any slot (随时上报): recorded and shown, it fills no slot. */
export interface OffSlotReadingView {
  at: string;
  temperature: number;
  symptoms: Symptom[];
  alarming: boolean;
}

export interface CheckinPersonView {
  personId: string;
  name: string;
  kind: IsolationKind;
  endDate: string;
  slots: SlotView[];
  /** today's off-slot readings, latest first */
  offSlot: OffSlotReadingView[];
}

export interface CheckinToday {
  date: string;
  persons: CheckinPersonView[];
  /** the household asked to be reminded before a slot closes */
  reminders: boolean;
}

export interface CheckinResult {
  date: string;
  /** the slot it filled; null: an off-slot reading (随时上报), recorded but filling no slot */
  slot: string | null;
  slotLabel: string | null;
  late: boolean;
  alarming: boolean;
  /** a check-in for this slot existed and was corrected */
  corrected: boolean;
}

export interface IsolationView {
  isolationId: string;
  personId: string;
  personName: string;
  kind: IsolationKind;
  startDate: string;
  endDate: string;
  status: 'active' | 'ended';
  reason: string;
  timeline: Array<{ action: 'start' | 'extend' | 'end'; staffName: string; note?: string; at: string }>;
}

export interface RosterEntry {
  isolationId: string;
  personId: string;
  /** masked: full values through staff.reveal */
  personName: string;
  phoneMasked?: string;
  address: string;
  kind: IsolationKind;
  endDate: string;
  slots: SlotView[];
  /** the day's readings taken outside a slot, latest first */
  offSlot: OffSlotReadingView[];
}

/** A place with its QR code, as the admin's code and poster page lists it. */
export interface PlaceCodeView {
  id: string;
  name: string;
  level: PlaceLevel;
  /** the current code (what its poster prints) */
  code: string;
  /** a community's or building's code can be rotated */
  rotatable: boolean;
  /** what 下载海报 gives: the place's own poster (single), one page per building under it (bundle), or none */
  poster: 'single' | 'bundle' | null;
  /** buildings have none; the page opens the others to list their children */
  hasChildren: boolean;
}

/** A poster PDF written to cloud storage for the caller, with a temporary link. */
export interface PosterFileView {
  fileId: string;
  url: string;
  expiresAt: string;
  name: string;
  size: number;
  pages: number;
}

/**
 * What every action answers. What it takes is its schema in `ActionSchemas` (schemas.ts): the two
 * tables must name the same functions and actions, which the compiler checks below.
 */
export interface CloudData {
  place: {
    resolve: ResolvedPlace;
    buildings: Page<BuildingView>;
  };
  report: {
    submit: ReportReceipt;
    myHousehold: HouseholdView | null;
    myReports: Page<ReportView>;
    /** 邀请家人: a one-time, expiring code another family member enters to share the household */
    createFamilyInvite: FamilyInviteView;
    /** join the household of the family member who made the code */
    acceptFamilyInvite: HouseholdView;
  };
  staff: {
    me: StaffProfile | null;
    queue: QueuePage;
    item: QueueItemDetail;
    reveal: { value: string };
    /** the number of a person the item names, to dial it: audited as a call, no reason asked */
    call: { phone: string };
    verify: QueueItemDetail;
    /** 批量核实: several reports with one outcome, each as `verify` would (one winner per report) */
    verifyMany: { results: BatchVerifyResult[]; verified: number };
    requestAction: QueueItemDetail;
    /** staff who could take the item over (for the 转派 picker) */
    assignees: AssigneeOption[];
    /** hand an open item to another staff member whose scope covers it */
    reassign: QueueItemDetail;
    /** 代报: a worker files a household report for a resident without a smartphone */
    proxyReport: ReportReceipt;
    /** the buildings under the caller's scope, a page at a time (where a 代报 household lives) */
    buildings: Page<BuildingView>;
    /** places under the caller's scope, one level at a time (for picking a scope or a building) */
    places: PlaceRef[];
    /** admin: invite a worker or admin (one-time, expiring) */
    createInvite: InviteView;
    /** anyone signed in: accept an invite, binding the caller's WeChat identity */
    acceptInvite: StaffProfile;
    /** admin: staff under the caller's scope */
    listStaff: Page<StaffMemberView>;
    /** admin: deactivate / reactivate or re-scope a staff member */
    updateStaff: StaffMemberView;
    startIsolation: IsolationView;
    /** several members of a household at once, each as `startIsolation` would (one winner per person) */
    startIsolations: { results: BatchIsolationResult[]; started: number };
    extendIsolation: IsolationView;
    endIsolation: IsolationView;
    /** today's (or a date's) isolated persons under the caller's scope with each slot's state */
    roster: Page<RosterEntry> & { date: string };
    /** the person's active isolation (or the one named), null when there is none */
    isolation: IsolationView | null;
    /** close a check-in alert after handling it */
    acknowledge: QueueItemDetail;
    /** decide a household conflict: move the person, keep them where they are, or merge the two households */
    resolveConflict: QueueItemDetail;
    /** a code that binds a resident's WeChat to a household in the caller's scope (e.g. one filed by 代报) */
    householdInvite: FamilyInviteView;
  };
  checkin: {
    today: CheckinToday;
    submit: CheckinResult;
    /** remind me before a slot closes (the client asked WeChat for the subscribe message first) */
    subscribe: { enabled: boolean };
  };
  file: {
    /** where the caller may upload a file of a purpose (a fresh path of their own; nothing is stored yet) */
    prepareUpload: { cloudPath: string; maxBytes: number };
    /** the uploaded file's bytes checked against its purpose (deleted when they are not allowed) */
    check: { fileId: string; kind: FileKind; size: number };
    /** a temporary URL (expires) for a file the caller may read */
    url: { url: string; expiresAt: string; kind: FileKind };
    /** a chunked upload begun (purpose, size and kind checked as prepareUpload does): send `chunks` chunks of `chunkBytes` */
    beginUpload: { uploadId: string; chunks: number; chunkBytes: number; expiresAt: string };
    /** one chunk stored (the same chunk again replaces it: a retry never corrupts) */
    uploadChunk: { uploadId: string; index: number };
    /** all chunks joined, size and SHA-256 verified, stored and checked as `check` does */
    finishUpload: { fileId: string; kind: FileKind; size: number };
  };
  desk: {
    /** anonymous (the desk page before sign-in): a fresh ticket, its QR text and the secret to poll with */
    createTicket: DeskTicketView & { pollSecret: string };
    /** anonymous, with the ticket's secret: the session, once, after a staff member confirmed */
    poll: DeskPollView;
    /** the phone: what it is about to confirm */
    ticket: DeskTicketView;
    /** the phone: sign the desk in as the caller */
    confirm: DeskSessionView;
    /** the phone: the caller's desk sessions still open */
    sessions: DeskSessionView[];
    /** the phone: end one of them (the desk is signed out at its next call) */
    end: { ended: true };
  };
  request: {
    create: RequestView & { replayed: boolean };
    mine: Page<RequestView>;
    detail: RequestView;
    cancel: RequestView;
  };
  /** admin: the place hierarchy of the caller's scope */
  hierarchy: {
    /** a place's children (or the caller's scope places), in order, a page at a time */
    children: Page<PlaceNode> & { parent: PlaceNode | null; path: PlaceNode[] };
    create: PlaceNode;
    rename: PlaceNode;
    reorder: PlaceNode[];
    /** refused while households live under it; retires its whole subtree */
    retire: { retired: number };
    setUnits: PlaceNode;
    settings: CommunitySettings & { community: PlaceNode };
    updateSettings: CommunitySettings & { community: PlaceNode };
    /** the import template, written to cloud storage for the caller */
    importTemplate: { fileId: string; url: string; expiresAt: string; name: string };
    /** every row's errors and what the import would write; nothing is written */
    importPreview: ImportPreview;
    /** writes the import (refused while rows have errors); the same file twice changes nothing */
    importApply: ImportPlan & { root: PlaceNode };
    /** moves compounds or buildings under another grid (or compound); every record below follows in a job */
    move: RegridJobView;
    /** a new grid beside `gridId`, and the named places moved into it */
    split: RegridJobView & { grid: PlaceNode };
    job: RegridJobView;
    /** runs the job's next batches (as the scheduler does) */
    runJob: RegridJobView;
  };
  poster: {
    /** admin: places and their codes, one level at a time (`parent`: the place listed, null for the scope) */
    codes: Page<PlaceCodeView> & { parent: PlaceCodeView | null };
    /** admin: a new code for a community or building; the old one then says it was replaced (audited) */
    rotateCode: PlaceCodeView & { retiredCode: string };
    /** admin: the printable A4 PDF of a place (a building's or community's poster, or every building's under a compound, grid or area) */
    poster: PosterFileView;
  };
  ledger: {
    /** the built-in profiles and those defined at the caller's places (or above them) */
    profiles: LedgerProfile[];
    saveProfile: LedgerProfile;
    deleteProfile: { profileId: string };
    /** a draft profile from an uploaded template's header row (saved with saveProfile) */
    templateProfile: { layout: LedgerLayout; columns: LedgerColumn[]; headers: string[]; unmatched: string[] };
    /** starts an export job and runs it as far as one call allows */
    start: ExportJobView;
    /** runs a job further (a job not finished when its page closed is resumed here) */
    step: ExportJobView;
    job: ExportJobView;
    /** the caller's recent exports */
    jobs: ExportJobView[];
  };
  dashboard: {
    /** staff: the figures of their scope (or one place of it), exceptions first, its grids, 14-day trends */
    overview: DashboardView;
    /** a page of the grid table, sorted by a column (a street may have more than 1,000 grids) */
    grids: GridPage & { asOf: string | null };
  };
  batch: {
    /** read an uploaded list into a batch (by source + subject); the same file again adds nothing */
    upload: ImportView;
    /** the confirmed or corrected column mapping, saved for the source; the import starts */
    confirmMapping: ImportView;
    /** one step of the import job (a client repeats until `processed` = `rowCount`) */
    run: ImportView;
    importStatus: ImportView;
    list: Page<BatchView>;
    batch: BatchView;
    rows: Page<BatchRowView>;
    /** the 待分拨 list of a community (rows of every batch whose address found no building) */
    unplaced: Page<BatchRowView>;
    /** rows under a place (or the scope) being checked whose furthest pass is the one asked: a dashboard number's rows */
    stageRows: Page<BatchRowView>;
    /** place an unplaced row on a building (the alias is learned) or mark it 不在辖区 */
    place: BatchRowView;
    fixRow: BatchRowView;
    /** the rows with errors as an xlsx (expiring link) */
    errorFile: { fileId: string; url: string; expiresAt: string; name: string; rows: number };
    /** placed rows to their grids' queues (`more`: call again) */
    dispatch: { dispatched: number; more: boolean };
    /** the row's phone from the list, to dial it from the item (audited as a call) */
    call: { phone: string };
    /** a grid worker's 电话核查 / 入户走访 / 每日更新 on a dispatched row */
    pass: BatchRowView;
    /** the row's outcome (纳管 may start an isolation); closes its queue item */
    outcome: BatchRowView;
    /** the return file: original columns + 核查结果 … 备注, masked unless full with a reason */
    returnFile: { fileId: string; url: string; expiresAt: string; name: string; rows: number; full: boolean };
    /** one pass on each of several rows of one household (each its own, refused row by row) */
    passRows: BatchRowsResult;
    /** one outcome on each of several rows of one household (纳管: unknown persons filed as one household) */
    outcomeRows: BatchRowsResult;
    /** the batch page: rows per grid, per pass, overdue, unplaced, closed by outcome (counted server-side) */
    progress: BatchProgressView;
    /** a row at the desk: the original columns (masked) and the wrong values to fix */
    row: BatchRowDeskView;
  };
}

/** An export job as its page shows it. */
export interface ExportJobView {
  jobId: string;
  status: 'running' | 'done' | 'failed';
  layout: LedgerLayout;
  profileName: string;
  /** records read so far, and how many there are to read */
  scanned: number;
  total: number;
  /** rows written to the file so far, by mark */
  rows: number;
  counts: Record<RowMark, number>;
  full: boolean;
  onlyChanges: boolean;
  /** done: the file (the URL expires; `file.url` issues a new one) */
  file?: { fileId: string; name: string; size: number; url?: string; expiresAt?: string };
  createdAt: string;
  finishedAt?: string;
}

// The two tables name the same actions: a missing or extra one on either side is a compile error.
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : false;
type Schemas = typeof ActionSchemas;
type Assert<T extends true> = T;
export type ContractMatchesSchemas = Assert<
  SameKeys<CloudData, Schemas> & { [F in keyof CloudData]: SameKeys<CloudData[F], Schemas[F & keyof Schemas]> }[keyof CloudData]
>;

export type FunctionName = keyof CloudData & keyof Schemas;
export type ActionName<F extends FunctionName> = keyof CloudData[F] & keyof Schemas[F] & string;
type SchemaOf<F extends FunctionName, A extends ActionName<F>> = Schemas[F][A];
/** What a client sends to an action. */
export type PayloadOf<F extends FunctionName, A extends ActionName<F>> = InputOf<SchemaOf<F, A>>;
/** What the action's use case receives once its schema parsed the payload. */
export type ParsedOf<F extends FunctionName, A extends ActionName<F>> = Infer<SchemaOf<F, A>>;
export type DataOf<F extends FunctionName, A extends ActionName<F>> = CloudData[F][A];

/** The event every cloud function receives. Nothing in it names the caller. */
export interface CloudEvent<A extends string = string, P = unknown> {
  action: A;
  payload: P;
}

/** Largest event a function accepts (bytes of JSON); larger is refused before parsing. */
export const MAX_EVENT_BYTES = 64 * 1024;
/** Deepest nesting of objects and arrays an event may have (the deepest contract, the household report, needs 6). */
export const MAX_EVENT_DEPTH = 32;
