/** report.myHousehold and report.myReports — what the calling resident has filed. */
import type { HouseholdView, Page, ReportView } from '../../src/domain/contracts';
import type { HouseholdDoc, PersonDoc, ReportDoc } from '../../src/domain/household';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { first, rows } from '../common/db';
import type { CallContext } from '../common/handler';
import { decodeOffsetCursor, encodeOffsetCursor } from '../common/paging';
import { getChain, getPlace } from '../common/places';
import { gridWorkerFor } from '../common/staff';
import { MAX_MEMBERS } from '../../src/domain/household';
import { householdView, reportView } from './views';

export const REPORTS_PAGE_SIZE = 20;

export async function findOwnHousehold(db: Database, openid: string): Promise<HouseholdDoc | null> {
  return first<HouseholdDoc>(db.collection(Collections.households).where({ ownerOpenids: openid }));
}

export async function myHousehold(ctx: CallContext): Promise<HouseholdView | null> {
  const household = await findOwnHousehold(ctx.db, ctx.caller.openid);
  if (!household) return null;
  const persons = await rows<PersonDoc>(ctx.db.collection(Collections.persons).where({ householdId: household._id }).limit(MAX_MEMBERS * 2));
  const building = await getPlace(ctx.db, household.buildingId);
  const chain = building ? await getChain(ctx.db, building) : {};
  const gridWorker = await gridWorkerFor(ctx.db, household.placePath);
  return householdView(household, persons, chain, gridWorker);
}

export async function myReports(ctx: CallContext, payload: { cursor: string | null }): Promise<Page<ReportView>> {
  const household = await findOwnHousehold(ctx.db, ctx.caller.openid);
  if (!household) return { items: [], nextCursor: null };
  const offset = decodeOffsetCursor(payload.cursor);
  const reports = await rows<ReportDoc>(
    ctx.db.collection(Collections.reports).where({ householdId: household._id }).orderBy('createdAt', 'desc').skip(offset).limit(REPORTS_PAGE_SIZE + 1),
  );
  const building = await getPlace(ctx.db, household.buildingId);
  const chain = building ? await getChain(ctx.db, building) : {};
  const hasMore = reports.length > REPORTS_PAGE_SIZE;
  return {
    items: reports.slice(0, REPORTS_PAGE_SIZE).map((r) => reportView(r, chain)),
    nextCursor: hasMore ? encodeOffsetCursor(offset + REPORTS_PAGE_SIZE) : null,
  };
}
