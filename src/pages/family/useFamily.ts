import { useCallback, useState } from 'react';
import Taro, { useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro';
import { normalizeFamilyInviteCode, type FamilyInviteView, type HouseholdView, Pages } from '../../domain';
import { acceptFamilyInvite, createFamilyInvite, getMyHousehold } from '../../services/reports';
import { readParam } from '../../utils/params';

export type FamilyState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; household: HouseholdView | null };

/** 邀请家人 for an owner (make a one-time code), 加入家庭 for a family member (enter it). */
export function useFamily() {
  const { params } = useRouter();
  const [state, setState] = useState<FamilyState>({ kind: 'loading' });
  const [invite, setInvite] = useState<FamilyInviteView | null>(null);
  const [code, setCode] = useState(() => readParam(params, 'code') ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const result = await getMyHousehold();
    setState(result.ok ? { kind: 'ready', household: result.data } : { kind: 'error', message: result.message });
  }, []);
  useDidShow(() => void load());

  // WeChat: the share card opens this page with the code filled in (no-op on H5)
  useShareAppMessage(() => ({
    title: '邀请您加入我们家的社区报备',
    path: invite ? `${Pages.family}?code=${encodeURIComponent(invite.code)}` : Pages.family,
  }));

  const makeInvite = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const result = await createFamilyInvite();
    setBusy(false);
    if (!result.ok) return setError(result.message);
    setInvite(result.data);
  };

  const join = async () => {
    if (busy) return;
    const typed = normalizeFamilyInviteCode(code);
    if (typed.length === 0) return setError('请输入家人给您的邀请码');
    setBusy(true);
    setError(null);
    const result = await acceptFamilyInvite(typed);
    setBusy(false);
    if (!result.ok) return setError(result.message);
    setState({ kind: 'ready', household: result.data });
    void Taro.showToast({ title: '已加入家庭', icon: 'success' });
  };

  return {
    state,
    invite,
    code,
    setCode: (v: string) => {
      setCode(v);
      setError(null);
    },
    error,
    busy,
    makeInvite,
    join,
    retry: () => void load(),
    openMe: () => void Taro.switchTab({ url: Pages.me }),
    /** the link a family member can open on H5 (WeChat shares a card instead) */
    inviteLink:
      invite && process.env.TARO_ENV === 'h5' && typeof window !== 'undefined'
        ? `${window.location.origin}${window.location.pathname}#${Pages.family}?code=${encodeURIComponent(invite.code)}`
        : null,
  };
}
