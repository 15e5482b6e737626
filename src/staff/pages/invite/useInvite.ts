import { useState } from 'react';
import Taro from '@tarojs/taro';
import { INVITE_DEFAULT_HOURS, INVITE_MAX_HOURS, parseWith, staffInvite, type InviteView, type StaffRole, TabPages } from '../../../domain';
import { createInvite, joinLink } from '../../../services/staff';
import { useStaffProfile } from '../../shared/useStaffProfile';
import { useScopePicker } from './useScopePicker';

export const EXPIRY_CHOICES = [
  { value: 24, label: '24小时' },
  { value: 72, label: '3天' },
  { value: 168, label: '7天' },
].filter((c) => c.value <= INVITE_MAX_HOURS);

/** Friendlier words than 必填项未填写 for the fields an admin leaves empty. */
const REQUIRED_MESSAGES: Record<keyof InviteErrors, string> = {
  name: '请填写姓名',
  workPhone: '请填写工作电话',
  scope: '请至少选择一个负责区域',
};

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
    const payload = { role, name, workPhone, scope: picker.selected.map((p) => p.id), expiresInHours };
    // the server's own schema: the form refuses exactly what the function would
    const parsed = parseWith(staffInvite, payload, new Date());
    if (!parsed.ok) {
      const next: InviteErrors = {};
      for (const e of parsed.errors) {
        const field = e.field.split('.')[0] as keyof InviteErrors;
        if (field in REQUIRED_MESSAGES && !next[field]) next[field] = e.code === 'REQUIRED' ? REQUIRED_MESSAGES[field] : e.message;
      }
      return setErrors(next);
    }
    setErrors({});
    setBusy(true);
    setBanner([]);
    const result = await createInvite(parsed.value);
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
    back: () => void Taro.navigateBack().catch(() => Taro.switchTab({ url: TabPages.workbench })),
  };
}
