/**
 * The desk console's sign-in (扫码登录网页版): the desk page shows a QR code of a one-time,
 * short-lived login ticket; a staff member scans it with the mini-program, which confirms the
 * ticket with the worker's WeChat identity; the desk page, polling with a secret only it holds,
 * then receives a session for that staff member, which they can end from the phone.
 */

/** A ticket is scanned and confirmed within this time, or never. */
export const DESK_TICKET_SECONDS = 120;
/** A desk session lasts a working day at most; the phone can end it any time before. */
export const DESK_SESSION_HOURS = 12;
/** How often the desk page asks whether its ticket was confirmed. */
export const DESK_POLL_MS = 2000;

/** `dt` + 24 hex: short enough for a mini-program code's `scene` (≤ 32 characters). */
export const DESK_TICKET_PATTERN = /^dt[0-9a-f]{24}$/;
export const DESK_SESSION_PATTERN = /^ds[0-9a-f]{24}$/;

export type DeskTicketStatus = 'waiting' | 'confirmed' | 'used' | 'cancelled';

export interface DeskTicketDoc {
  _id: string;
  /** sha256 of the secret the desk page polls with: seeing the QR code is not enough to take the session */
  pollSecretHash: string;
  /** four digits shown on the desk and on the phone, so the worker confirms the screen in front of them */
  matchCode: string;
  status: DeskTicketStatus;
  createdAt: Date;
  expiresAt: Date;
  confirmedBy?: string;
  sessionId?: string;
  updatedAt: Date;
}

export interface DeskSessionDoc {
  _id: string;
  staffOpenid: string;
  staffId: string;
  staffName: string;
  ticketId: string;
  createdAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
}

/** What the desk page and the phone see of a ticket. */
export interface DeskTicketView {
  ticketId: string;
  matchCode: string;
  expiresAt: string;
  status: DeskTicketStatus | 'expired';
}

/** The desk page's answer when it polls: the session once, on the first poll after the confirmation. */
export type DeskPollView =
  | { status: 'waiting' | 'expired' | 'cancelled' | 'used' }
  | { status: 'confirmed'; sessionId: string; openid: string; staffName: string; expiresAt: string };

export interface DeskSessionView {
  sessionId: string;
  createdAt: string;
  expiresAt: string;
}

/** The text the QR code carries: the confirm page of the mini-program, with the ticket. */
export function deskTicketLink(origin: string, ticketId: string): string {
  return `${origin.replace(/\/+$/, '')}/#/staff/pages/desk-login/index?ticket=${ticketId}`;
}

/** The ticket of a scanned text (the link above, a mini-program code's scene, or the bare id); null for anything else. */
export function ticketOfScan(text: string): string | null {
  const trimmed = text.trim();
  if (DESK_TICKET_PATTERN.test(trimmed)) return trimmed;
  const m = /[?&](?:ticket|scene)=(dt[0-9a-f]{24})(?:$|&)/.exec(trimmed);
  return m ? m[1] : null;
}

/** A ticket is usable while it waits and has not expired. */
export function ticketState(doc: Pick<DeskTicketDoc, 'status' | 'expiresAt'>, now: Date): DeskTicketView['status'] {
  if (doc.status === 'waiting' && doc.expiresAt.getTime() <= now.getTime()) return 'expired';
  return doc.status;
}

/** The session a desk token stands for, while it is open (checked on every desk call). */
export function activeDeskSession(doc: DeskSessionDoc | null, now: Date): DeskSessionDoc | null {
  if (!doc || doc.endedAt || doc.expiresAt.getTime() <= now.getTime()) return null;
  return doc;
}
