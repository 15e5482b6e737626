/**
 * The desk console's sign-in over HTTP, as the desk page and the phone use it: the desk asks for a
 * ticket (no session), the worker's phone confirms it, the desk's poll gets a session for that
 * worker once, the phone ends it — and every way around that.
 */
import { setClock } from '../common/clock';
import { DESK_TICKET_SECONDS, deskTicketLink, ticketOfScan } from '../../src/domain/desk';
import { loginAs, postJson, sessionWithToken, type HttpSession } from '../../tests/support/http';
import { RACE_LATENCY, startTestCloud, type TestCloud } from '../../tests/support/testCloud';

let t: TestCloud;
let worker: HttpSession;
let admin: HttpSession;
let resident: HttpSession;

interface Ticket {
  ticketId: string;
  pollSecret: string;
  matchCode: string;
  expiresAt: string;
  status: string;
}

async function newTicket(): Promise<Ticket> {
  const res = await postJson(`${t.cloud.url}/api/desk/ticket`, {});
  expect(res.status).toBe(200);
  return (res.body as { data: Ticket }).data;
}

const poll = (ticket: Pick<Ticket, 'ticketId' | 'pollSecret'>) =>
  postJson(`${t.cloud.url}/api/desk/poll`, { ticketId: ticket.ticketId, pollSecret: ticket.pollSecret }) as Promise<{
    status: number;
    body: { ok: boolean; code?: string; data?: { status: string; token?: string; staffName?: string; sessionId?: string } };
  }>;

beforeAll(async () => {
  t = await startTestCloud({ latency: RACE_LATENCY });
  worker = await loginAs(t.cloud.url, 'worker');
  admin = await loginAs(t.cloud.url, 'admin');
  resident = await loginAs(t.cloud.url, 'resident');
});
afterAll(async () => {
  setClock({ at: null });
  await t.stop();
});

describe('扫码登录网页版', () => {
  it('signs the desk in as the worker who confirmed, once, and the phone ends it', async () => {
    const ticket = await newTicket();
    expect(ticket.ticketId).toMatch(/^dt[0-9a-f]{24}$/);
    expect(ticket.matchCode).toMatch(/^\d{4}$/);
    expect((await poll(ticket)).body).toEqual({ ok: true, data: { status: 'waiting' } });

    // the phone reads the QR code's link, sees the same match code as the desk, confirms
    const scanned = ticketOfScan(deskTicketLink('http://127.0.0.1:8787', ticket.ticketId))!;
    const seen = await worker.call('desk', 'ticket', { ticketId: scanned });
    expect(seen).toMatchObject({ ok: true, data: { matchCode: ticket.matchCode, status: 'waiting' } });
    const confirmed = await worker.call('desk', 'confirm', { ticketId: scanned });
    if (!confirmed.ok) throw new Error(confirmed.message);

    const signedIn = await poll(ticket);
    expect(signedIn.body.data).toMatchObject({ status: 'confirmed', staffName: '李网格', sessionId: confirmed.data.sessionId });
    const desk = sessionWithToken(t.cloud.url, signedIn.body.data!.token!);
    const me = await desk.call('staff', 'me', {});
    expect(me).toMatchObject({ ok: true, data: { name: '李网格', role: 'worker' } });
    const queue = await desk.call('staff', 'queue', { status: 'open' });
    expect(queue.ok).toBe(true);
    // the session is handed out once: a second poll (a copy of the desk page) gets nothing
    expect((await poll(ticket)).body).toEqual({ ok: true, data: { status: 'used' } });

    const open = await worker.call('desk', 'sessions', {});
    expect(open).toMatchObject({ ok: true, data: [{ sessionId: confirmed.data.sessionId }] });
    // another staff member cannot end it; the worker can, and the desk is signed out at its next call
    expect(await admin.call('desk', 'end', { sessionId: confirmed.data.sessionId })).toMatchObject({ ok: false, code: 'DESK_SESSION_NOT_FOUND' });
    expect(await worker.call('desk', 'end', { sessionId: confirmed.data.sessionId })).toEqual({ ok: true, data: { ended: true } });
    await expect(desk.call('staff', 'me', {})).rejects.toThrow(/HTTP 401/);
    expect(await worker.call('desk', 'sessions', {})).toEqual({ ok: true, data: [] });
  });

  it('gives nothing to someone who only saw the QR code, and refuses a resident', async () => {
    const ticket = await newTicket();
    expect((await poll({ ticketId: ticket.ticketId, pollSecret: 'f'.repeat(64) })).body).toMatchObject({ ok: false, code: 'DESK_TICKET_INVALID' });
    expect(await resident.call('desk', 'confirm', { ticketId: ticket.ticketId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await resident.call('desk', 'ticket', { ticketId: ticket.ticketId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect((await poll(ticket)).body).toEqual({ ok: true, data: { status: 'waiting' } });
    // staff actions of the desk function need a caller; only the ticket and the poll do not
    expect((await postJson(`${t.cloud.url}/api/functions/desk`, { action: 'sessions', payload: {} })).status).toBe(401);
    expect(await t.call(null, 'desk', 'confirm', { ticketId: ticket.ticketId })).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    // a forged token that names a session is refused
    const forged = Buffer.from(JSON.stringify({ mode: 'desk', sid: 'ds' + '0'.repeat(24), openid: 'o_local_admin_1', exp: Date.now() + 1e6 })).toString('base64url');
    expect((await postJson(`${t.cloud.url}/api/functions/staff`, { action: 'me', payload: {} }, `${forged}.x`)).status).toBe(401);
  });

  it('expires a ticket that nobody confirmed in time', async () => {
    const ticket = await newTicket();
    setClock({ at: new Date(Date.now() + (DESK_TICKET_SECONDS + 1) * 1000) });
    try {
      expect(await worker.call('desk', 'confirm', { ticketId: ticket.ticketId })).toMatchObject({ ok: false, code: 'DESK_TICKET_INVALID' });
      expect((await poll(ticket)).body).toEqual({ ok: true, data: { status: 'expired' } });
    } finally {
      setClock({ at: null });
    }
  });

  it('has one winner when two phones confirm one ticket at once', async () => {
    const ticket = await newTicket();
    const results = await Promise.all([worker, admin, worker, admin].map((who) => who.call('desk', 'confirm', { ticketId: ticket.ticketId })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === 'DESK_TICKET_INVALID')).toBe(true);
    const polls = await Promise.all([poll(ticket), poll(ticket), poll(ticket)]);
    expect(polls.filter((p) => p.body.data?.status === 'confirmed')).toHaveLength(1);
  });

  it('refuses malformed tickets with the field named, and reads only real ticket links from a scan', async () => {
    expect(await worker.call('desk', 'confirm', { ticketId: 'dt123' })).toMatchObject({ ok: false, field: 'ticketId' });
    expect((await postJson(`${t.cloud.url}/api/desk/poll`, { ticketId: 'x', pollSecret: 'y' })).status).toBe(400);
    expect(ticketOfScan('https://evil.example/?ticket=dt123')).toBeNull();
    expect(ticketOfScan('dt' + 'a'.repeat(24))).toBe('dt' + 'a'.repeat(24));
  });
});

describe('without demo mode', () => {
  it('is the way in for staff at a desk: persona login is refused, the desk sign-in works', async () => {
    await t.stop();
    t = await startTestCloud({ demo: false });
    try {
      expect((await postJson(`${t.cloud.url}/api/login`, { persona: 'worker' })).status).toBe(403);
      const ticket = await newTicket();
      // the phone: the mini-program, with the worker's WeChat identity
      expect((await t.call('o_local_worker_1', 'desk', 'confirm', { ticketId: ticket.ticketId })).ok).toBe(true);
      const signedIn = await poll(ticket);
      const desk = sessionWithToken(t.cloud.url, signedIn.body.data!.token!);
      expect(await desk.call('staff', 'me', {})).toMatchObject({ ok: true, data: { name: '李网格' } });
    } finally {
      await t.stop();
      t = await startTestCloud();
    }
  });
});

describe('old tickets', () => {
  it('are removed by the scheduler an hour after they expired, and nothing else is', async () => {
    const old = await newTicket();
    const fresh = await newTicket();
    setClock({ at: new Date(Date.now() + 2 * 3600_000) });
    try {
      const before = (await t.counts()).desk_tickets;
      // the fresh one is past its hour too; create one now, which must stay
      const current = await newTicket();
      expect((await t.cloud.fireTimer('scheduler')).ok).toBe(true);
      expect((await t.counts()).desk_tickets).toBe(before - 2 + 1);
      expect((await poll(current)).body).toEqual({ ok: true, data: { status: 'waiting' } });
      expect((await poll(old)).body).toMatchObject({ ok: false, code: 'DESK_TICKET_INVALID' });
      expect((await poll(fresh)).body).toMatchObject({ ok: false, code: 'DESK_TICKET_INVALID' });
    } finally {
      setClock({ at: null });
    }
  });
});
