import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { type HouseholdView, type RequestKind, type RequestView, Pages, to } from '../../domain';
import { callPhone } from '../../services/phone';
import { getMyHousehold } from '../../services/reports';
import { getMyRequests } from '../../services/requests';

export type HomeState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; household: HouseholdView | null; requests: RequestView[]; nextCursor: string | null };

/** The 求助 tab: where to start a request, my requests, and who to call. */
export function useRequestHome() {
  const [state, setState] = useState<HomeState>({ kind: 'loading' });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  // only the latest load may set the state: a slow earlier one must not overwrite it
  const latest = useRef(0);

  const load = useCallback(async () => {
    const seq = ++latest.current;
    const [household, requests] = await Promise.all([getMyHousehold(), getMyRequests(null)]);
    if (seq !== latest.current) return;
    if (!household.ok) return setState({ kind: 'error', message: household.message });
    if (!requests.ok) return setState({ kind: 'error', message: requests.message });
    setMoreError(null);
    setState({ kind: 'ready', household: household.data, requests: requests.data.items, nextCursor: requests.data.nextCursor });
  }, []);

  // a tab page stays alive: reload whenever it shows, e.g. back from filing or after a worker acted
  useDidShow(() => void load());

  const loadMore = async () => {
    if (state.kind !== 'ready' || state.nextCursor === null || loadingMore) return;
    const seq = latest.current;
    setLoadingMore(true);
    setMoreError(null);
    const result = await getMyRequests(state.nextCursor);
    setLoadingMore(false);
    // a reload meanwhile started the list over: this page belongs to the old one
    if (seq !== latest.current) return;
    if (!result.ok) return setMoreError(result.message);
    setState((s) =>
      s.kind === 'ready' ? { ...s, requests: [...s.requests, ...result.data.items], nextCursor: result.data.nextCursor } : s,
    );
  };

  return {
    state,
    loadingMore,
    moreError,
    loadMore,
    retry: () => void load(),
    callEmergency: () => callPhone('120'),
    startRequest: (kind: RequestKind) => void Taro.navigateTo({ url: to.requestNew(kind) }),
    openRequest: (requestId: string) => void Taro.navigateTo({ url: to.requestDetail(requestId) }),
    goReport: () => void Taro.switchTab({ url: Pages.report }),
  };
}
