import { useCallback, useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Pages, ticketOfScan, type DeskSessionView, type DeskTicketView } from '../../../domain';
import { confirmDeskTicket, describeDeskTicket, endDeskSession, openDeskSessions } from '../../../services/desk';

type TicketState =
  | { kind: 'none' }
  | { kind: 'loading' }
  | { kind: 'ready'; ticket: DeskTicketView }
  | { kind: 'confirming'; ticket: DeskTicketView }
  | { kind: 'confirmed' }
  | { kind: 'invalid'; message: string };

/** The phone's side of 扫码登录网页版: confirm the scanned desk, then see and end desk sessions. */
export function useDeskLogin() {
  const { params } = useRouter();
  const ticketId = params.ticket ? ticketOfScan(decodeURIComponent(params.ticket)) : null;
  const [ticket, setTicket] = useState<TicketState>(ticketId ? { kind: 'loading' } : { kind: 'none' });
  const [sessions, setSessions] = useState<DeskSessionView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ending, setEnding] = useState<string | null>(null);

  const loadSessions = useCallback(async () => {
    const open = await openDeskSessions();
    if (open.ok) setSessions(open.data);
    else setError(open.message);
  }, []);

  useEffect(() => {
    void loadSessions();
    if (!ticketId) return;
    void describeDeskTicket(ticketId).then((r) => {
      if (!r.ok) return setTicket({ kind: 'invalid', message: r.message });
      if (r.data.status !== 'waiting') return setTicket({ kind: 'invalid', message: '登录二维码已失效，请在电脑上刷新二维码后重新扫码' });
      setTicket({ kind: 'ready', ticket: r.data });
    });
  }, [ticketId, loadSessions]);

  const confirm = async () => {
    if (ticket.kind !== 'ready') return;
    setTicket({ kind: 'confirming', ticket: ticket.ticket });
    const r = await confirmDeskTicket(ticket.ticket.ticketId);
    if (!r.ok) return setTicket({ kind: 'invalid', message: r.message });
    setTicket({ kind: 'confirmed' });
    await loadSessions();
  };

  const end = async (sessionId: string) => {
    if (ending) return;
    setEnding(sessionId);
    setError(null);
    const r = await endDeskSession(sessionId);
    setEnding(null);
    if (!r.ok) setError(r.message);
    await loadSessions();
  };

  return {
    ticket,
    sessions,
    error,
    ending,
    confirm,
    end,
    cancel: () => void Taro.switchTab({ url: Pages.workbench }),
  };
}
