/**
 * 扫码登录网页版: the desk page's side (H5: a ticket, then polls, over the local cloud's sign-in
 * endpoints — nobody is signed in yet) and the phone's side (the desk function, as the worker).
 */
import { callCloud } from './cloud';
import { requestJson, saveSession, type Session } from './session';
import type { DeskPollView, DeskSessionView, DeskTicketView, Result } from '../domain';

export type DeskTicket = DeskTicketView & { pollSecret: string };

export const createDeskTicket = (): Promise<Result<DeskTicket>> => requestJson<DeskTicket>('POST', '/api/desk/ticket', {});

/** One poll; a confirmed ticket's session is kept, so the desk's calls run as that staff member. */
export async function pollDeskTicket(ticket: Pick<DeskTicket, 'ticketId' | 'pollSecret'>): Promise<Result<DeskPollView>> {
  const result = await requestJson<DeskPollView & { token?: string }>('POST', '/api/desk/poll', { ticketId: ticket.ticketId, pollSecret: ticket.pollSecret });
  if (result.ok && result.data.status === 'confirmed' && result.data.token) {
    const session: Session = { token: result.data.token, openid: result.data.openid, displayName: result.data.staffName, kind: 'desk' };
    saveSession(session);
  }
  return result;
}

export const describeDeskTicket = (ticketId: string): Promise<Result<DeskTicketView>> => callCloud('desk', 'ticket', { ticketId });
export const confirmDeskTicket = (ticketId: string): Promise<Result<DeskSessionView>> => callCloud('desk', 'confirm', { ticketId });
export const openDeskSessions = (): Promise<Result<DeskSessionView[]>> => callCloud('desk', 'sessions', {});
export const endDeskSession = (sessionId: string): Promise<Result<{ ended: true }>> => callCloud('desk', 'end', { sessionId });
