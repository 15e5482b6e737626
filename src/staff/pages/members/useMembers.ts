import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { type StaffMemberView, type StaffProfile } from '../../../domain';
import { getStaffMe, listStaff, setStaffActive } from '../../../services/staff';
import { appendNew, useMorePages } from '../../shared/useMorePages';

export type MembersState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'forbidden' }
  | { kind: 'ready'; me: StaffProfile; members: StaffMemberView[]; nextCursor: string | null };

/** Admin: the staff under my scope, page by page; deactivate or reactivate one. */
export function useMembers() {
  const [state, setState] = useState<MembersState>({ kind: 'loading' });
  const [banner, setBanner] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<StaffMemberView | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const latest = useRef(0);
  const stateRef = useRef(state);
  stateRef.current = state;
  const { loadingMore, moreError, fetchMore, clearMoreError } = useMorePages(latest);

  const load = useCallback(async () => {
    const seq = ++latest.current;
    const [me, page] = await Promise.all([getStaffMe(), listStaff(null)]);
    if (seq !== latest.current) return;
    clearMoreError();
    if (!me.ok) return setState({ kind: 'error', message: me.message });
    if (me.data?.role !== 'admin') return setState({ kind: 'forbidden' });
    if (!page.ok) return setState({ kind: 'error', message: page.message });
    setState({ kind: 'ready', me: me.data, members: page.data.items, nextCursor: page.data.nextCursor });
  }, [clearMoreError]);

  useDidShow(() => void load());
  usePullDownRefresh(() => {
    void load().finally(() => void Taro.stopPullDownRefresh());
  });

  const loadMore = useCallback(async () => {
    const s = stateRef.current;
    if (s.kind !== 'ready' || s.nextCursor === null) return;
    await fetchMore(
      () => listStaff(s.nextCursor),
      (page) =>
        setState((prev) =>
          prev.kind === 'ready'
            ? { ...prev, members: appendNew(prev.members, page.items, (m) => m.staffId), nextCursor: page.nextCursor }
            : prev,
        ),
    );
  }, [fetchMore]);

  useReachBottom(() => void loadMore());

  const setActive = async (member: StaffMemberView, active: boolean) => {
    if (busy) return;
    setBusy(member.staffId);
    setConfirming(null);
    const result = await setStaffActive(member.staffId, active);
    setBusy(null);
    if (!result.ok) {
      setNotice(null);
      setBanner([result.message]);
      return;
    }
    setBanner([]);
    setNotice(active ? `已启用 ${result.data.name}` : `已停用 ${result.data.name}，其将无法再使用工作台`);
    setState((prev) =>
      prev.kind === 'ready' ? { ...prev, members: prev.members.map((m) => (m.staffId === member.staffId ? result.data : m)) } : prev,
    );
  };

  return {
    state,
    loadingMore,
    moreError,
    banner,
    notice,
    busy,
    confirming,
    retry: () => void load(),
    loadMore: () => void loadMore(),
    // stopping someone's access is confirmed first; giving it back is not
    askDeactivate: (member: StaffMemberView) => setConfirming(member),
    cancelDeactivate: () => setConfirming(null),
    confirmDeactivate: () => {
      if (confirming) void setActive(confirming, false);
    },
    activate: (member: StaffMemberView) => void setActive(member, true),
    invite: () => void Taro.navigateTo({ url: '/staff/pages/invite/index' }),
    back: () => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: '/staff/pages/queue/index' })),
  };
}
