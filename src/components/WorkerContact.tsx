import { Text, View } from '@tarojs/components';
import { type GridWorkerContact } from '../domain';
import { callPhone } from '../services/phone';
import { AppButton } from './AppButton';

/** Who is responsible for the household, with a call button when a work phone is on file. */
export function WorkerContact({ worker }: { worker: GridWorkerContact | null }) {
  if (!worker) return <Text className="muted">暂未分配网格员，如需帮助请联系社区居委会。</Text>;
  const phone = worker.workPhone;
  return (
    <View>
      <View className="kv">
        <Text className="kv__key">网格员</Text>
        <Text className="kv__value">{worker.name}</Text>
      </View>
      {phone && (
        <View className="kv">
          <Text className="kv__key">工作电话</Text>
          <Text className="kv__value">{phone}</Text>
        </View>
      )}
      {phone && (
        <AppButton kind="plain" onClick={() => callPhone(phone)}>
          拨打电话
        </AppButton>
      )}
    </View>
  );
}
