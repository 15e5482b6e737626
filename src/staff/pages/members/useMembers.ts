import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { type StaffMemberView, type StaffProfile } from '../../../domain';
import { getStaffMe, listStaff, setStaffActive } from '../../../services/staff';

export type MembersState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'forbidden' }
  | { kind: 'ready'; me: StaffProfile; members: StaffMemberView[]; nextCursor: string | null };

/** Admin: the staff under my scope, page by page; deactivate or reactivate one. */
export function useMembers() {
  const [state, setState] = useState<MembersState>({ kind: 'loading' });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const [banner, setBanner] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<StaffMemberView | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const latest = useRef(0);
  const stateRef = useRef(state);
  stateRef.current = state;
  const loadingMoreRef = useRef(false);

  const load = useCallback(async () => {
    const seq = ++latest.current;
    const [me, page] = await Promise.all([getStaffMe(), listStaff(null)]);
    if (seq !== latest.current) return;
    setMoreError(null);
    if (!me.ok) return setState({ kind: 'error', message: me.message });
    if (me.data?.role !== 'admin') return setState({ kind: 'forbidden' });
    if (!page.ok) return setState({ kind: 'error', message: page.message });
    setState({ kind: 'ready', me: me.data, members: page.data.items, nextCursor: page.data.nextCursor });
  }, []);

  useDidShow(() => void load());
  usePullDownRefresh(() => {
    void load().finally(() => void Taro.stopPullDownRefresh());
  });

  const loadMore = useCallback(async () => {
    const s = stateRef.current;
    if (s.kind !== 'ready' || s.nextCursor === null || loadingMoreRef.current) return;
    const seq = latest.current;
    loadingMoreRef.current = true;
    setLoadingMore(true);
    setMoreError(null);
    const result = await listStaff(s.nextCursor);
    loadingMoreRef.current = false;
    setLoadingMore(false);
    if (seq !== latest.current) return;
    if (!result.ok) return setMoreError(result.message);
    setState((prev) => {
      if (prev.kind !== 'ready') return prev;
      const seen = new Set(prev.members.map((m) => m.staffId));
      return {
        ...prev,
        members: [...prev.members, ...result.data.items.filter((m) => !seen.has(m.staffId))],
        nextCursor: result.data.nextCursor,
      };
    });
  }, []);

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
