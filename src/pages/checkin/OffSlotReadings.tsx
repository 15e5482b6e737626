import { Text, View } from '@tarojs/components';
import { formatShanghai, type OffSlotReadingView, SYMPTOM_LABELS } from '../../domain';
import './slots.css';

/** 其他时间上报 14:20 38.3℃ 咳嗽: readings taken outside a slot, latest first; a fever in red. Used by the roster too. */
export function OffSlotReadings({ readings }: { readings: readonly OffSlotReadingView[] }) {
  if (readings.length === 0) return null;
  return (
    <View className="ci-readings">
      <Text className="muted small ci-readings__title">其他时间上报</Text>
      {readings.map((r) => (
        <Text key={r.at} className={r.alarming ? 'ci-reading ci-reading--alarming' : 'ci-reading'}>
          {[`${formatShanghai(r.at, 'HH:mm')} ${r.temperature.toFixed(1)}℃`, ...r.symptoms.map((s) => SYMPTOM_LABELS[s])].join(' ')}
        </Text>
      ))}
    </View>
  );
}
