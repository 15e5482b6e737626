import { Text, View } from '@tarojs/components';
import { KeyValue } from './KeyValue';
import { type GridWorkerContact } from '../domain';
import { callPhone } from '../services/phone';
import { AppButton } from './AppButton';

/** Who is responsible for the household, with a call button when a work phone is on file. */
export function WorkerContact({ worker }: { worker: GridWorkerContact | null }) {
  if (!worker) return <Text className="muted">暂未分配网格员，如需帮助请联系社区居委会。</Text>;
  const phone = worker.workPhone;
  return (
    <View>
      <KeyValue label="网格员" value={worker.name} />
      {phone && <KeyValue label="工作电话" value={phone} />}
      {phone && (
        <AppButton kind="plain" onClick={() => callPhone(phone)}>
          拨打电话
        </AppButton>
      )}
    </View>
  );
}
