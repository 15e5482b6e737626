import { useCallback, useEffect, useRef, useState } from 'react';
import { type StaffProfile } from '../../domain';
import { getStaffMe } from '../../services/staff';

export type ProfileState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  /** `profile` is null when the caller is not (or no longer) an active staff member */
  | { kind: 'ready'; profile: StaffProfile | null };

/** Who the caller is on the staff side, read from the server (roles are never cached on the client). */
export function useStaffProfile() {
  const [state, setState] = useState<ProfileState>({ kind: 'loading' });
  const latest = useRef(0);

  const load = useCallback(async () => {
    const seq = ++latest.current;
    const result = await getStaffMe();
    if (seq !== latest.current) return;
    setState(result.ok ? { kind: 'ready', profile: result.data } : { kind: 'error', message: result.message });
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  return { state, reload: load };
}
