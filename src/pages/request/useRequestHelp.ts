import { useCallback, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { type GridWorkerContact } from '../../domain';
import { callPhone } from '../../services/phone';
import { getMyHousehold } from '../../services/reports';

export type WorkerState =
  { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; worker: GridWorkerContact | null; filed: boolean };

export function useRequestHelp() {
  const [state, setState] = useState<WorkerState>({ kind: 'loading' });

  const load = useCallback(async () => {
    const result = await getMyHousehold();
    setState(
      result.ok
        ? { kind: 'ready', worker: result.data?.gridWorker ?? null, filed: result.data !== null }
        : { kind: 'error', message: result.message },
    );
  }, []);

  useDidShow(() => void load());

  return { state, retry: () => void load(), callEmergency: () => callPhone('120') };
}
