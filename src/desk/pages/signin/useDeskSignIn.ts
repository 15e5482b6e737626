import { useCallback, useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { DESK_POLL_MS, deskTicketLink, Pages } from '../../../domain';
import { createDeskTicket, pollDeskTicket, type DeskTicket } from '../../../services/desk';

type State =
  | { kind: 'loading' }
  | { kind: 'showing'; ticket: DeskTicket; link: string; qr: string | null; renewed: boolean }
  | { kind: 'signedIn'; name: string }
  | { kind: 'error'; message: string };

/** The link the phone opens: this app's own address (H5 uses the hash router). */
function appOrigin(): string {
  if (typeof window === 'undefined') return '';
  return `${window.location.origin}${window.location.pathname}`.replace(/\/index\.html$/, '').replace(/\/+$/, '');
}

/** The QR code as an image (H5 only: the desk console runs in a browser at a PC). */
async function qrImage(text: string): Promise<string | null> {
  if (process.env.TARO_ENV !== 'h5') return null;
  const QRCode = (await import('qrcode')).default;
  return QRCode.toDataURL(text, { width: 480, margin: 1, errorCorrectionLevel: 'M' });
}

export function useDeskSignIn() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const live = useRef(true);

  const show = useCallback(async (renewed: boolean) => {
    const created = await createDeskTicket();
    if (!live.current) return;
    if (!created.ok) return setState({ kind: 'error', message: created.message });
    const link = deskTicketLink(appOrigin(), created.data.ticketId);
    setState({ kind: 'showing', ticket: created.data, link, qr: await qrImage(link), renewed });
  }, []);

  useEffect(() => {
    live.current = true;
    void show(false);
    return () => {
      live.current = false;
    };
  }, [show]);

  const ticket = state.kind === 'showing' ? state.ticket : null;
  useEffect(() => {
    if (!ticket) return undefined;
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      void pollDeskTicket(ticket)
        .then((polled) => {
          if (!live.current || !polled.ok) return;
          const view = polled.data;
          if (view.status === 'confirmed') {
            clearInterval(timer);
            setState({ kind: 'signedIn', name: view.staffName });
            void Taro.reLaunch({ url: Pages.workbench });
          } else if (view.status !== 'waiting') {
            // expired, cancelled or taken by another copy of this page: a fresh code
            clearInterval(timer);
            void show(true);
          }
        })
        .finally(() => {
          busy = false;
        });
    }, DESK_POLL_MS);
    return () => clearInterval(timer);
  }, [ticket, show]);

  return { state, retry: () => void show(false) };
}
