/** report.myHousehold and report.myReports — what the calling resident has filed. */
import type { HouseholdView, Page, ReportView, ParsedOf } from '../../src/domain/contracts';
import type { HouseholdConflictDoc, HouseholdDoc, PersonDoc, ReportDoc } from '../../src/domain/household';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { rows } from '../common/db';
import type { CallContext } from '../common/handler';
import { findOwnHousehold } from '../common/households';
import { cursorCodec, cursorParts } from '../common/cursors';
import { keysetPage } from '../common/paging';
import { getChain, getPlace } from '../common/places';
import { gridWorkerFor } from '../common/staff';
import { MAX_MEMBERS } from '../../src/domain/household';
import { householdView, reportView } from '../shared/householdViews';

export const REPORTS_PAGE_SIZE = 20;
/** Newest first, by key: a filing made while the resident reads never repeats one on the next page. */
const reportsCursor = cursorCodec<[Date, string]>('reports', cursorParts.date, cursorParts.id);

export async function myHousehold(ctx: CallContext): Promise<HouseholdView | null> {
  const household = await findOwnHousehold(ctx.db, ctx.caller.openid);
  return household ? loadHouseholdView(ctx.db, household) : null;
}

/** The household as its owners see it: its persons, and those they listed who wait for the grid worker. */
export async function loadHouseholdView(db: Database, household: HouseholdDoc): Promise<HouseholdView> {
  const persons = await rows<PersonDoc>(
    db
      .collection(Collections.persons)
      .where({ householdId: household._id })
      .limit(MAX_MEMBERS * 2),
  );
  const pending = await rows<HouseholdConflictDoc>(
    db.collection(Collections.householdConflicts).where({ claimantHouseholdId: household._id, status: 'open' }).limit(MAX_MEMBERS),
  );
  const building = await getPlace(db, household.buildingId);
  const chain = building ? await getChain(db, building) : {};
  const gridWorker = await gridWorkerFor(db, household.placePath);
  return householdView(household, persons, chain, gridWorker, pending);
}

export async function myReports(ctx: CallContext, payload: ParsedOf<'report', 'myReports'>): Promise<Page<ReportView>> {
  const household = await findOwnHousehold(ctx.db, ctx.caller.openid);
  if (!household) return { items: [], nextCursor: null };
  const reports = await keysetPage<ReportDoc>(
    ctx.db,
    Collections.reports,
    { householdId: household._id },
    { field: 'createdAt', dir: 'desc' },
    reportsCursor.decode(payload.cursor),
    REPORTS_PAGE_SIZE + 1,
  );
  const building = await getPlace(ctx.db, household.buildingId);
  const chain = building ? await getChain(ctx.db, building) : {};
  const page = reports.slice(0, REPORTS_PAGE_SIZE);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => reportView(r, chain, household.lastReportId)),
    nextCursor: reports.length > REPORTS_PAGE_SIZE ? reportsCursor.encode([new Date(last.createdAt), last._id]) : null,
  };
}
