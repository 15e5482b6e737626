/** Cloud function `desk`: the desk console's sign-in by scanning a QR code with the mini-program. */
import { withHttpAccess } from '../common/httpAccess';
import { createMain, type Handlers } from '../common/handler';
import { asStaff } from '../common/staffAccess';
import { confirmTicket, createTicket, describeTicket, endSession, openSessions, pollTicket } from './deskLogin';

export const handlers = {
  createTicket: ({ db, now }) => createTicket(db, now),
  poll: ({ db, now }, { ticketId, pollSecret }) => pollTicket(db, ticketId, pollSecret, now),
  ticket: asStaff(({ db, now }, { ticketId }) => describeTicket(db, ticketId, now)),
  confirm: asStaff((ctx, { ticketId }) => confirmTicket(ctx.db, ctx.access, ticketId, ctx.now)),
  sessions: asStaff(({ db, caller, now }) => openSessions(db, caller.openid, now)),
  end: asStaff(({ db, caller, now }, { sessionId }) => endSession(db, caller.openid, sessionId, now)),
} satisfies Handlers<'desk'>;

/** The desk page calls these before anyone signed in (on CloudBase: the web page's anonymous login). */
export const main = withHttpAccess('desk', createMain('desk', handlers, { anonymous: ['createTicket', 'poll'] }));
