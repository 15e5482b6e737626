import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { type RequestView, Pages } from '../../domain';
import { cancelRequest, getRequest } from '../../services/requests';
import { readParam } from '../../utils/params';

export type DetailState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; request: RequestView };

export function useRequestDetail() {
  const { params } = useRouter();
  const requestId = readParam(params, 'id');
  const [state, setState] = useState<DetailState>({ kind: 'loading' });
  const [cancelOpen, setCancelOpen] = useState(false);
  const [cancelNote, setCancelNote] = useState('');
  const [cancelling, setCancelling] = useState(false);
  const [banner, setBanner] = useState<string[]>([]);
  // only the latest load may set the state: a slow earlier one must not overwrite a cancellation
  const latest = useRef(0);

  const load = useCallback(async () => {
    const seq = ++latest.current;
    if (!requestId) return setState({ kind: 'error', message: '未找到这条求助' });
    const result = await getRequest(requestId);
    if (seq !== latest.current) return;
    setState(result.ok ? { kind: 'ready', request: result.data } : { kind: 'error', message: result.message });
  }, [requestId]);

  // a worker may accept or finish it while the resident is elsewhere: reload on every showing
  useDidShow(() => void load());

  const confirmCancel = async () => {
    if (state.kind !== 'ready' || cancelling) return;
    setCancelling(true);
    const result = await cancelRequest(state.request.requestId, cancelNote);
    latest.current++;
    setCancelling(false);
    setCancelOpen(false);
    if (result.ok) {
      setBanner([]);
      setState({ kind: 'ready', request: result.data });
      return;
    }
    // e.g. a worker accepted it meanwhile: say so, and show where it stands now
    setBanner([result.message]);
    void load();
  };

  return {
    state,
    banner,
    cancelOpen,
    cancelNote,
    cancelling,
    retry: () => void load(),
    openCancel: () => {
      setCancelNote('');
      setCancelOpen(true);
    },
    closeCancel: () => setCancelOpen(false),
    setCancelNote,
    confirmCancel,
    goList: () => void Taro.switchTab({ url: Pages.request }),
  };
}
