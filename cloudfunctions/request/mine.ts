/** request.mine, request.detail, request.cancel — the resident's side of their requests. */
import type { Page, RequestView, ParsedOf } from '../../src/domain/contracts';
import type { HouseholdDoc } from '../../src/domain/household';
import type { RequestDoc } from '../../src/domain/requests';
import { Collections } from '../common/collections';
import { first } from '../common/db';
import { fail } from '../common/errors';
import type { CallContext } from '../common/handler';
import { findOwnHousehold } from '../common/households';
import { cursorCodec, cursorParts } from '../common/cursors';
import { keysetPage } from '../common/paging';

import { applyTransition } from '../shared/requestTransition';
import { requestView } from '../shared/requestViews';

export const REQUESTS_PAGE_SIZE = 20;
/** Newest first, by key: requests filed while the resident reads never repeat one on the next page. */
const requestsCursor = cursorCodec<[Date, string]>('requests', cursorParts.date, cursorParts.id);

const ownHousehold = (ctx: CallContext): Promise<HouseholdDoc | null> => findOwnHousehold(ctx.db, ctx.caller.openid);

/** A request of the caller's own household; any other is "not found" (its existence is not revealed). */
async function ownRequest(ctx: CallContext, requestId: string): Promise<RequestDoc> {
  const household = await ownHousehold(ctx);
  const request = household
    ? await first<RequestDoc>(ctx.db.collection(Collections.requests).where({ _id: requestId, householdId: household._id }))
    : null;
  return request ?? fail('NOT_FOUND', '求助记录不存在', 'requestId');
}

export async function myRequests(ctx: CallContext, payload: ParsedOf<'request', 'mine'>): Promise<Page<RequestView>> {
  const household = await ownHousehold(ctx);
  if (!household) return { items: [], nextCursor: null };
  const list = await keysetPage<RequestDoc>(
    ctx.db,
    Collections.requests,
    { householdId: household._id },
    { field: 'createdAt', dir: 'desc' },
    requestsCursor.decode(payload.cursor),
    REQUESTS_PAGE_SIZE + 1,
  );
  const page = list.slice(0, REQUESTS_PAGE_SIZE);
  const last = page[page.length - 1];
  return {
    items: page.map(requestView),
    nextCursor: list.length > REQUESTS_PAGE_SIZE ? requestsCursor.encode([new Date(last.createdAt), last._id]) : null,
  };
}

export async function requestDetail(ctx: CallContext, payload: ParsedOf<'request', 'detail'>): Promise<RequestView> {
  return requestView(await ownRequest(ctx, payload.requestId));
}

export async function cancelRequest(ctx: CallContext, payload: ParsedOf<'request', 'cancel'>): Promise<RequestView> {
  const request = await ownRequest(ctx, payload.requestId);
  const updated = await applyTransition(ctx.db, request, 'cancel', { kind: 'owner', name: '居民' }, payload.note, ctx.now);
  return requestView(updated);
}
