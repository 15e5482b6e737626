import { useState } from 'react';
import Taro from '@tarojs/taro';
import { ErrorCodes, INVITE_DEFAULT_HOURS, INVITE_MAX_HOURS, type InviteView, type StaffRole } from '../../../domain';
import { createInvite, joinLink } from '../../../services/staff';
import { useStaffProfile } from '../../shared/useStaffProfile';
import { useScopePicker } from './useScopePicker';

export const EXPIRY_CHOICES = [
  { value: 24, label: '24小时' },
  { value: 72, label: '3天' },
  { value: 168, label: '7天' },
].filter((c) => c.value <= INVITE_MAX_HOURS);

const PHONE = /^1[3-9]\d{9}$/;
const NAME_MAX = 20;

export interface InviteErrors {
  name?: string;
  workPhone?: string;
  scope?: string;
}

/** Admin: prepare a one-time, expiring invite for a named worker or admin with their places. */
export function useInvite() {
  const me = useStaffProfile();
  const picker = useScopePicker();
  const [role, setRole] = useState<StaffRole>('worker');
  const [name, setName] = useState('');
  const [workPhone, setWorkPhone] = useState('');
  const [expiresInHours, setExpiresInHours] = useState(INVITE_DEFAULT_HOURS);
  const [errors, setErrors] = useState<InviteErrors>({});
  const [banner, setBanner] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [invite, setInvite] = useState<InviteView | null>(null);
  const [copied, setCopied] = useState(false);

  const submit = async () => {
    if (busy) return;
    const trimmedName = name.trim();
    const phone = workPhone.trim();
    const next: InviteErrors = {
      name: !trimmedName ? '请填写姓名' : Array.from(trimmedName).length > NAME_MAX ? `姓名最多${NAME_MAX}个字` : undefined,
      workPhone: phone && !PHONE.test(phone) ? ErrorCodes.PHONE_FORMAT : undefined,
      scope: picker.selected.length === 0 ? '请至少选择一个负责区域' : undefined,
    };
    setErrors(next);
    if (next.name || next.workPhone || next.scope) return;
    setBusy(true);
    setBanner([]);
    const result = await createInvite({
      role,
      name: trimmedName,
      workPhone: phone,
      scope: picker.selected.map((p) => p.id),
      expiresInHours,
    });
    setBusy(false);
    if (!result.ok) return setBanner([result.message]);
    setCopied(false);
    setInvite(result.data);
    void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined);
  };

  const copyLink = async () => {
    if (!invite) return;
    try {
      await Taro.setClipboardData({ data: joinLink(invite.inviteCode) });
      setCopied(true);
    } catch {
      setBanner(['复制失败，请长按链接手动复制']);
    }
  };

  const again = () => {
    setInvite(null);
    setName('');
    setWorkPhone('');
    setErrors({});
    setBanner([]);
    picker.clear();
  };

  return {
    me: me.state,
    retryMe: () => void me.reload(),
    picker,
    role,
    name,
    workPhone,
    expiresInHours,
    errors,
    banner,
    busy,
    invite,
    link: invite ? joinLink(invite.inviteCode) : '',
    copied,
    setRole,
    setName: (v: string) => {
      setName(v);
      setErrors((e) => ({ ...e, name: undefined }));
    },
    setWorkPhone: (v: string) => {
      setWorkPhone(v);
      setErrors((e) => ({ ...e, workPhone: undefined }));
    },
    setExpiresInHours,
    toggleScope: (...args: Parameters<typeof picker.toggle>) => {
      picker.toggle(...args);
      setErrors((e) => ({ ...e, scope: undefined }));
    },
    submit: () => void submit(),
    copyLink: () => void copyLink(),
    again,
    back: () => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: '/staff/pages/queue/index' })),
  };
}
