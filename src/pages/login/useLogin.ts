import { useCallback, useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { afterLogin } from '../../services/landing';
import { listPersonas, login, safeReturnUrl, type PersonaName, type PersonaOption } from '../../services/session';

export function useLogin() {
  const { params } = useRouter();
  const [personas, setPersonas] = useState<PersonaOption[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** the local cloud runs without demo mode: there is no persona to choose, and retrying will not help */
  const [demoOff, setDemoOff] = useState(false);
  const [busy, setBusy] = useState<PersonaName | null>(null);

  const load = useCallback(async () => {
    setError(null);
    const result = await listPersonas();
    if (result.ok) return setPersonas(result.data);
    setDemoOff(result.code === 'DEMO_MODE_OFF');
    setError(result.message);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const choose = async (persona: PersonaName) => {
    if (busy) return;
    setBusy(persona);
    setError(null);
    const result = await login(persona);
    setBusy(null);
    if (!result.ok) {
      if (result.code === 'DEMO_MODE_OFF') {
        setPersonas(null);
        setDemoOff(true);
      }
      return setError(result.message);
    }
    // reLaunch accepts tab pages with a query (switchTab drops it): the QR's code must survive login;
    // a staff member signing in to the plain home page goes to 工作台 instead
    void Taro.reLaunch({ url: await afterLogin(safeReturnUrl(params.redirect)) });
  };

  return { personas, error, demoOff, busy, choose, retry: load };
}
