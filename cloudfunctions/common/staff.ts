/** Staff lookups used by resident-facing actions. */
import type { GridWorkerContact } from '../../src/domain/contracts';
import type { StaffDoc } from '../../src/domain/staff';
import { Collections } from './collections';
import type { Database } from './cloud';
import { rows } from './db';

/** The grid worker responsible for a place: an active worker whose scope is on its path, nearest first. */
export async function gridWorkerFor(db: Database, placePath: string[]): Promise<GridWorkerContact | null> {
  const _ = db.command;
  const workers = await rows<StaffDoc>(
    db
      .collection(Collections.staff)
      .where({ scope: _.in(placePath), role: 'worker', active: true })
      .limit(20),
  );
  return nearestGridWorker(workers, placePath);
}

/**
 * Of staff records whose scope is on `placePath` (read by any query: `gridWorkerFor`'s, or a join),
 * the active worker whose scope place is deepest — a grid rather than the whole community.
 */
export function nearestGridWorker(staff: readonly StaffDoc[], placePath: readonly string[]): GridWorkerContact | null {
  const workers = staff.filter((s) => s.role === 'worker' && s.active && s.scope.some((id) => placePath.includes(id)));
  if (workers.length === 0) return null;
  const depth = (s: StaffDoc) => Math.max(...s.scope.map((id) => placePath.indexOf(id)));
  const nearest = workers.reduce((best, s) => (depth(s) > depth(best) ? s : best));
  return { name: nearest.name, workPhone: nearest.workPhone };
}
