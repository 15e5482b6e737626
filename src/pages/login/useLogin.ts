import { useCallback, useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { listPersonas, login, safeReturnUrl, type PersonaName, type PersonaOption } from '../../services/session';

export function useLogin() {
  const { params } = useRouter();
  const [personas, setPersonas] = useState<PersonaOption[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<PersonaName | null>(null);

  const load = useCallback(async () => {
    setError(null);
    const result = await listPersonas();
    if (result.ok) setPersonas(result.data);
    else setError(result.message);
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
    if (!result.ok) return setError(result.message);
    // reLaunch accepts tab pages with a query (switchTab drops it): the QR's code must survive login
    void Taro.reLaunch({ url: safeReturnUrl(params.redirect) });
  };

  return { personas, error, busy, choose, retry: load };
}
