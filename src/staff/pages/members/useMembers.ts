import { useState } from 'react';
import Taro from '@tarojs/taro';
import { type Result, type StaffMemberView, type StaffProfile, type StaffRole, Pages, STAFF_ROLE_LABELS, TabPages } from '../../../domain';
import { getStaffMe, listStaff, setStaffActive, setStaffRole } from '../../../services/staff';
import { usePagedList } from '../../shared/usePagedList';

/** The code the list's load answers for a worker (staff, not admin): the page says so. */
export const NOT_ADMIN = 'NOT_ADMIN';

/** Admin: the staff under my scope, page by page; deactivate or reactivate one. */
export function useMembers() {
  const [banner, setBanner] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<StaffMemberView | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // the member whose role is being changed, and the role picked so far
  const [roleOf, setRoleOf] = useState<{ member: StaffMemberView; role: StaffRole } | null>(null);
  const list = usePagedList<StaffMemberView, { me: StaffProfile }>({
    first: async () => {
      const [me, page] = await Promise.all([getStaffMe(), listStaff(null)]);
      if (!me.ok) return me;
      if (me.data?.role !== 'admin') return { ok: false, code: NOT_ADMIN, message: '仅限社区管理员使用' };
      if (!page.ok) return page;
      return { ok: true, data: { page: page.data, extra: { me: me.data } } };
    },
    next: async (cursor) => {
      const page = await listStaff(cursor);
      return page.ok ? { ok: true, data: { page: page.data } } : page;
    },
    key: (m) => m.staffId,
  });

  /** One change to a member (activation, role): busy meanwhile; the card replaced with the answer, or the refusal shown. */
  const change = async (
    member: StaffMemberView,
    send: () => Promise<Result<StaffMemberView>>,
    noticeOf: (m: StaffMemberView) => string,
  ) => {
    setBusy(member.staffId);
    const result = await send();
    setBusy(null);
    if (!result.ok) {
      setNotice(null);
      setBanner([result.message]);
      return;
    }
    setBanner([]);
    setNotice(noticeOf(result.data));
    list.updateItems((members) => members.map((m) => (m.staffId === member.staffId ? result.data : m)));
  };

  const setActive = async (member: StaffMemberView, active: boolean) => {
    if (busy) return;
    setConfirming(null);
    await change(
      member,
      () => setStaffActive(member.staffId, active),
      (m) => (active ? `已启用 ${m.name}` : `已停用 ${m.name}，其将无法再使用工作台`),
    );
  };

  const changeRole = async () => {
    if (!roleOf || busy) return;
    const { member, role } = roleOf;
    setRoleOf(null);
    if (role === member.role) return;
    await change(
      member,
      () => setStaffRole(member.staffId, role),
      (m) => `${m.name} 已改为${STAFF_ROLE_LABELS[m.role]}`,
    );
  };

  return {
    state: list.state,
    loadingMore: list.loadingMore,
    moreError: list.moreError,
    banner,
    notice,
    busy,
    confirming,
    retry: () => void list.reload(),
    loadMore: () => void list.loadMore(),
    // stopping someone's access is confirmed first; giving it back is not
    askDeactivate: (member: StaffMemberView) => setConfirming(member),
    cancelDeactivate: () => setConfirming(null),
    confirmDeactivate: () => {
      if (confirming) void setActive(confirming, false);
    },
    activate: (member: StaffMemberView) => void setActive(member, true),
    roleOf,
    askRole: (member: StaffMemberView) => setRoleOf({ member, role: member.role }),
    pickRole: (role: StaffRole) => setRoleOf((r) => (r ? { ...r, role } : r)),
    cancelRole: () => setRoleOf(null),
    confirmRole: () => void changeRole(),
    invite: () => void Taro.navigateTo({ url: Pages.staffInvite }),
    back: () => void Taro.navigateBack().catch(() => Taro.switchTab({ url: TabPages.workbench })),
  };
}
