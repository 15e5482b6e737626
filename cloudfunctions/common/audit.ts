/**
 * The only writer of the audit log. Entries are added, never updated or removed: no function has a
 * path to change one (a test checks that nothing else in cloudfunctions/ touches the collection).
 */
import { randomBytes } from 'crypto';
import type { AuditAction, AuditEntryDoc } from '../../src/domain/audit';
import type { StaffDoc } from '../../src/domain/staff';
import { Collections } from './collections';
import type { Database } from './cloud';

/** `db` may be a transaction (an entry written with the change it records, or not at all). */
export async function appendAudit(
  db: Pick<Database, 'collection'>,
  entry: { action: AuditAction; staff: StaffDoc; target: AuditEntryDoc['target']; reason?: string; details?: Record<string, unknown>; at: Date },
): Promise<void> {
  const doc: AuditEntryDoc = {
    _id: `a_${entry.at.getTime().toString(36)}_${randomBytes(6).toString('hex')}`,
    action: entry.action,
    actor: { staffId: entry.staff._id, name: entry.staff.name, role: entry.staff.role },
    target: entry.target,
    ...(entry.reason ? { reason: entry.reason } : {}),
    ...(entry.details ? { details: entry.details } : {}),
    at: entry.at,
  };
  await db.collection(Collections.auditLog).add({ data: doc });
}
