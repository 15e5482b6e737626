/**
 * The desk console's sign-in (扫码登录网页版). The desk page (anonymous) creates a ticket and polls
 * it with a secret only it holds; a staff member's phone confirms it with their WeChat identity,
 * which opens a desk session; the desk receives that session on its first poll after the
 * confirmation (once); the phone lists and ends its desk sessions. Every step is a conditional
 * write, so two phones confirming one ticket, or two polls racing, have one winner.
 */
import { createHash, randomBytes, randomInt } from 'crypto';
import {
  DESK_SESSION_HOURS,
  DESK_TICKET_SECONDS,
  ticketState,
  type DeskPollView,
  type DeskSessionDoc,
  type DeskSessionView,
  type DeskTicketDoc,
  type DeskTicketView,
} from '../../src/domain/desk';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { first, rows } from '../common/db';
import { fail } from '../common/errors';
import type { StaffAccess } from '../common/staffAccess';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const hex24 = (): string => randomBytes(12).toString('hex');

function ticketView(doc: DeskTicketDoc, now: Date): DeskTicketView {
  return { ticketId: doc._id, matchCode: doc.matchCode, expiresAt: doc.expiresAt.toISOString(), status: ticketState(doc, now) };
}

function sessionView(doc: DeskSessionDoc): DeskSessionView {
  return { sessionId: doc._id, createdAt: doc.createdAt.toISOString(), expiresAt: doc.expiresAt.toISOString() };
}

const updated = (res: unknown): number => (res as { stats?: { updated?: number } }).stats?.updated ?? 0;

async function findTicket(db: Database, ticketId: string): Promise<DeskTicketDoc | null> {
  return first<DeskTicketDoc>(db.collection(Collections.deskTickets).where({ _id: ticketId }));
}

export async function createTicket(db: Database, now: Date): Promise<DeskTicketView & { pollSecret: string }> {
  const pollSecret = randomBytes(32).toString('hex');
  const doc: DeskTicketDoc = {
    _id: `dt${hex24()}`,
    pollSecretHash: sha256(pollSecret),
    matchCode: String(randomInt(0, 10000)).padStart(4, '0'),
    status: 'waiting',
    createdAt: now,
    expiresAt: new Date(now.getTime() + DESK_TICKET_SECONDS * 1000),
    updatedAt: now,
  };
  await db.collection(Collections.deskTickets).add({ data: doc });
  return { ...ticketView(doc, now), pollSecret };
}

/** What the phone is about to confirm; an unknown ticket is told as invalid, like an expired one. */
export async function describeTicket(db: Database, ticketId: string, now: Date): Promise<DeskTicketView> {
  const doc = await findTicket(db, ticketId);
  if (!doc) return fail('DESK_TICKET_INVALID', undefined, 'ticketId');
  return ticketView(doc, now);
}

export async function confirmTicket(db: Database, access: StaffAccess, ticketId: string, now: Date): Promise<DeskSessionView> {
  const doc = await findTicket(db, ticketId);
  if (!doc || ticketState(doc, now) !== 'waiting') return fail('DESK_TICKET_INVALID', undefined, 'ticketId');
  const sessionId = `ds${hex24()}`;
  const _ = db.command;
  // one winner: only a ticket still waiting and unexpired is taken
  const res = await db
    .collection(Collections.deskTickets)
    .where({ _id: ticketId, status: 'waiting', expiresAt: _.gt(now) })
    .update({ data: { status: 'confirmed', confirmedBy: access.staff.openid, sessionId, updatedAt: now } });
  if (updated(res) === 0) return fail('DESK_TICKET_INVALID', undefined, 'ticketId');
  const session: DeskSessionDoc = {
    _id: sessionId,
    staffOpenid: access.staff.openid,
    staffId: access.staff._id,
    staffName: access.staff.name,
    ticketId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + DESK_SESSION_HOURS * 3600 * 1000),
    endedAt: null,
  };
  await db.collection(Collections.deskSessions).add({ data: session });
  return sessionView(session);
}

/** The desk's poll. A wrong secret is told nothing but "invalid"; the session is handed out once. */
export async function pollTicket(db: Database, ticketId: string, pollSecret: string, now: Date): Promise<DeskPollView> {
  const doc = await findTicket(db, ticketId);
  if (!doc || doc.pollSecretHash !== sha256(pollSecret)) return fail('DESK_TICKET_INVALID', undefined, 'ticketId');
  const state = ticketState(doc, now);
  if (state !== 'confirmed' || !doc.sessionId) return { status: state === 'confirmed' ? 'waiting' : state };
  const res = await db
    .collection(Collections.deskTickets)
    .where({ _id: ticketId, status: 'confirmed' })
    .update({ data: { status: 'used', updatedAt: now } });
  if (updated(res) === 0) return { status: 'used' };
  const session = await first<DeskSessionDoc>(db.collection(Collections.deskSessions).where({ _id: doc.sessionId }));
  if (!session || session.endedAt) return { status: 'cancelled' };
  return { status: 'confirmed', sessionId: session._id, openid: session.staffOpenid, staffName: session.staffName, expiresAt: session.expiresAt.toISOString() };
}

export async function openSessions(db: Database, openid: string, now: Date): Promise<DeskSessionView[]> {
  const _ = db.command;
  const open = await rows<DeskSessionDoc>(
    db
      .collection(Collections.deskSessions)
      .where({ staffOpenid: openid, endedAt: null, expiresAt: _.gt(now) })
      .orderBy('createdAt', 'desc')
      .limit(20),
  );
  return open.map(sessionView);
}

export async function endSession(db: Database, openid: string, sessionId: string, now: Date): Promise<{ ended: true }> {
  const res = await db
    .collection(Collections.deskSessions)
    .where({ _id: sessionId, staffOpenid: openid, endedAt: null })
    .update({ data: { endedAt: now } });
  if (updated(res) === 0) return fail('DESK_SESSION_NOT_FOUND', undefined, 'sessionId');
  return { ended: true };
}
