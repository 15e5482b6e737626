import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { type StaffProfile, Pages, TabPages } from '../../../domain';
import { acceptInvite } from '../../../services/staff';
import { readParam } from '../../../utils/params';

export type JoinState = { kind: 'confirm' } | { kind: 'joining' } | { kind: 'joined'; profile: StaffProfile };

/** Accepting an invite binds the caller's WeChat identity to the staff record the admin prepared. */
export function useJoin() {
  const { params } = useRouter();
  const linkCode = readParam(params, 'code');
  const [code, setCodeState] = useState(linkCode ?? '');
  const [state, setState] = useState<JoinState>({ kind: 'confirm' });
  const [error, setError] = useState<string | null>(null);
  // already staff: the way forward is the 工作台, not another invite
  const [alreadyStaff, setAlreadyStaff] = useState(false);

  const confirm = async () => {
    if (state.kind !== 'confirm') return;
    const trimmed = code.trim();
    if (!trimmed) return setError('请输入邀请码');
    setError(null);
    setState({ kind: 'joining' });
    const result = await acceptInvite(trimmed);
    if (!result.ok) {
      setState({ kind: 'confirm' });
      setAlreadyStaff(result.code === 'ALREADY_STAFF');
      return setError(result.message);
    }
    setState({ kind: 'joined', profile: result.data });
  };

  return {
    state,
    /** the code came in the link: no need to type it */
    fromLink: linkCode !== null,
    code,
    error,
    alreadyStaff,
    setCode: (value: string) => {
      setCodeState(value);
      setError(null);
    },
    confirm: () => void confirm(),
    openQueue: () => void Taro.switchTab({ url: TabPages.workbench }),
    goHome: () => void Taro.switchTab({ url: Pages.me }),
  };
}
