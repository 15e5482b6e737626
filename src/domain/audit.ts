/** The append-only audit log: every read of full personal data, export, import, role change and hand-over of an item. */
export const AUDIT_ACTIONS = [
  'reveal',
  /** a worker called a person an item names (staff.call): the number was read to dial it */
  'call',
  'proxy_report',
  /** a staff member's role, scope or activation changed */
  'role_change',
  'isolation_start',
  'isolation_extend',
  'isolation_end',
  'invite_create',
  'invite_accept',
  'reassign',
  'household_move',
  'household_keep',
  'household_merge',
  'household_invite',
  'export',
  'import',
  /** a place created, renamed, reordered, retired or given units; community settings changed */
  'place_change',
  /** re-gridding: places moved, every record below rewritten */
  'place_move',
  /** a place's QR code was rotated (the old one now says it was replaced) */
  'code_rotate',
  /** a grid worker's pass on a verification batch row (电话核查, 入户走访, 每日更新) */
  'batch_pass',
  /** a verification batch row's outcome (纳管, 不在辖区, 查无此人, 已离开) */
  'batch_outcome',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntryDoc {
  _id: string;
  action: AuditAction;
  actor: { staffId: string; name: string; role: string };
  target: { collection: string; id: string; field?: string };
  reason?: string;
  /** what was done, beyond the target: an export's filters and row count */
  details?: Record<string, unknown>;
  at: Date;
}

/** Verification of a household report by a grid worker. */
export const VERIFY_OUTCOMES = ['at_home', 'left', 'not_found', 'refused'] as const;
export type VerifyOutcome = (typeof VERIFY_OUTCOMES)[number];
export const VERIFY_OUTCOME_LABELS: Record<VerifyOutcome, string> = {
  at_home: '在家核实无误',
  left: '已离开',
  not_found: '查无此人',
  refused: '拒绝配合',
};
export const VERIFY_METHODS = ['phone', 'visit', 'code_check'] as const;
export type VerifyMethod = (typeof VERIFY_METHODS)[number];
export const VERIFY_METHOD_LABELS: Record<VerifyMethod, string> = {
  phone: '电话核实（听声）',
  visit: '入户核实（见人）',
  code_check: '验码',
};

export const REVEAL_FIELDS = ['id', 'phone'] as const;
export type RevealField = (typeof REVEAL_FIELDS)[number];
