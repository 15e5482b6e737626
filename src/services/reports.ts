import {
  type FamilyInviteView,
  type HouseholdReportInput,
  type HouseholdView,
  type Page,
  type ReportReceipt,
  type ReportView,
  type Result,
} from '../domain';
import { callCloud } from './cloud';

/** Receipts just filed, handed from the form to the receipt page without a second round trip. */
const recentReceipts = new Map<string, ReportReceipt>();

export async function submitReport(input: HouseholdReportInput): Promise<Result<ReportReceipt>> {
  const result = await callCloud('report', 'submit', input);
  if (result.ok) recentReceipts.set(result.data.reportId, result.data);
  return result;
}

export function recentReceipt(reportId: string): ReportReceipt | undefined {
  return recentReceipts.get(reportId);
}

export function getMyHousehold(): Promise<Result<HouseholdView | null>> {
  return callCloud('report', 'myHousehold', {});
}

export function getMyReports(cursor: string | null): Promise<Result<Page<ReportView>>> {
  return callCloud('report', 'myReports', { cursor });
}

/** How far back the receipt page looks for a report after a reload (newest first). */
const MAX_SEARCH_PAGES = 10;

/** One of my reports by id, for a receipt page opened without the in-memory receipt (e.g. after a reload). */
export async function findMyReport(reportId: string): Promise<Result<ReportView | null>> {
  let cursor: string | null = null;
  for (let page = 0; page < MAX_SEARCH_PAGES; page++) {
    const result = await getMyReports(cursor);
    if (!result.ok) return result;
    const found = result.data.items.find((r) => r.reportId === reportId);
    if (found) return { ok: true, data: found };
    cursor = result.data.nextCursor;
    if (cursor === null) break;
  }
  return { ok: true, data: null };
}

export function createFamilyInvite(): Promise<Result<FamilyInviteView>> {
  return callCloud('report', 'createFamilyInvite', {});
}

export function acceptFamilyInvite(code: string): Promise<Result<HouseholdView>> {
  return callCloud('report', 'acceptFamilyInvite', { code });
}
