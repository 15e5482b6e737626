import { Text, View } from '@tarojs/components';
import { SLOT_STATE_LABELS, type SlotView } from '../../domain';
import './slots.css';

/**
 * 上午 已打卡 36.5℃ · 下午 待打卡: green done, red fever or missed, grey waiting; the slot a check-in
 * now counts for is outlined. Used by the roster too.
 */
export function SlotBadges({ slots }: { slots: readonly SlotView[] }) {
  return (
    <View className="slots">
      {slots.map((s) => (
        <View key={s.key} className={s.current ? 'slot slot--current' : 'slot'}>
          <Text className="slot__label">{s.label}</Text>
          <Text className={`slot__state slot__state--${s.state}`}>
            {s.state === 'not_expected' ? '无需打卡' : SLOT_STATE_LABELS[s.state]}
          </Text>
          {s.temperature !== undefined && (
            <Text className={s.state === 'fever' ? 'slot__temp slot__temp--fever' : 'slot__temp'}>{s.temperature.toFixed(1)}℃</Text>
          )}
        </View>
      ))}
    </View>
  );
}
