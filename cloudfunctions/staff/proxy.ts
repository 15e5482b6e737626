/** staff.proxyReport — 代报: a worker files a household for a resident without a smartphone; staff.buildings — where. */
import type { BuildingView, Page, ReportReceipt } from '../../src/domain/contracts';
import type { HouseholdReportInput } from '../../src/domain/household';
import { inScope } from '../../src/domain/staff';
import { appendAudit } from '../common/audit';
import { Collections } from '../common/collections';
import { fail } from '../common/errors';
import type { CallContext } from '../common/handler';
import { buildingsUnder, requireBuilding } from '../common/places';
import { requireStaff } from '../common/staffAccess';
import { fileHouseholdReport } from '../report/submit';

export async function proxyReport(ctx: CallContext, input: HouseholdReportInput): Promise<ReportReceipt> {
  const access = await requireStaff(ctx.db, ctx.caller.openid);
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
  return receipt;
}

/** The buildings under the caller's scope (for choosing where a 代报 household lives). */
export async function staffBuildings(ctx: CallContext, p: { cursor: string | null }): Promise<Page<BuildingView>> {
  const access = await requireStaff(ctx.db, ctx.caller.openid);
  return buildingsUnder(
    ctx.db,
    access.scope.map((place) => place._id),
    p.cursor,
  );
}
