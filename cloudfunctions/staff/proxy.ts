/** staff.proxyReport — 代报: a worker files a household for a resident without a smartphone; staff.buildings — where. */
import type { StaffContext } from '../common/staffAccess';
import type { BuildingView, Page, ReportReceipt, ParsedOf } from '../../src/domain/contracts';

import { inScope } from '../../src/domain/staff';
import { appendAudit } from '../common/audit';
import { Collections } from '../common/collections';
import { fail } from '../common/errors';

import { buildingsUnder, requireBuilding } from '../common/places';

import { fileHouseholdReport } from '../shared/householdFiling';

export async function proxyReport(ctx: StaffContext, input: ParsedOf<'staff', 'proxyReport'>): Promise<ReportReceipt> {
  const { access } = ctx;
  const { building } = await requireBuilding(ctx.db, input.buildingId);
  const scope = access.scope.map((p) => p._id);
  if (!inScope(scope, building.path)) return fail('SCOPE_OUTSIDE', '该楼栋不在您的管辖范围内', 'buildingId');
  const receipt = await fileHouseholdReport(ctx, input, { kind: 'staff', staffId: access.staff._id, scope });
  if (!receipt.replayed) {
    await appendAudit(ctx.db, {
      action: 'proxy_report',
      staff: access.staff,
      target: { collection: Collections.reports, id: receipt.reportId },
      at: ctx.now,
    });
  }
  // residents without a phone are reached through the worker who filed for them
  return { ...receipt, filedByWorker: { name: access.staff.name, ...(access.staff.workPhone ? { workPhone: access.staff.workPhone } : {}) } };
}

/** The buildings under the caller's scope (for choosing where a 代报 household lives). */
export async function staffBuildings(ctx: StaffContext, p: ParsedOf<'staff', 'buildings'>): Promise<Page<BuildingView>> {
  const { access } = ctx;
  return buildingsUnder(
    ctx.db,
    access.scope.map((place) => place._id),
    p.cursor,
  );
}
