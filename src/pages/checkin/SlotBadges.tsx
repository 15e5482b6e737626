import { Text, View } from '@tarojs/components';
import { formatShanghai, SLOT_STATE_LABELS, type SlotView } from '../../domain';
import './slots.css';

/** When a slot still waiting is due: 14:00 开始 before it opens, 18:00 前 while it is open. */
export function slotWhen(s: SlotView): string | null {
  if (s.state !== 'pending') return null;
  return s.phase === 'upcoming' ? `${formatShanghai(s.opensAt, 'HH:mm')} 开始` : `${formatShanghai(s.closesAt, 'HH:mm')} 前`;
}

/**
 * 上午 已打卡 36.5℃ · 下午 待打卡 14:00 开始: green done, red fever or missed, grey waiting, with
 * when a waiting slot opens or closes (by the server's clock); the slot a check-in now counts for
 * is outlined. A slot the isolation does not cover (it closed before the isolation was recorded,
 * or a day outside it) says 不在打卡期 — never 无需打卡 beside one still to come. Used by the roster too.
 */
export function SlotBadges({ slots }: { slots: readonly SlotView[] }) {
  return (
    <View className="slots">
      {slots.map((s) => {
        const when = slotWhen(s);
        return (
          <View key={s.key} className={s.current ? 'slot slot--current' : 'slot'}>
            <Text className="slot__label">{s.label}</Text>
            <Text className={`slot__state slot__state--${s.state}`}>
              {s.state === 'not_expected' ? '不在打卡期' : SLOT_STATE_LABELS[s.state]}
            </Text>
            {when && <Text className="slot__when">{when}</Text>}
            {s.temperature !== undefined && (
              <Text className={s.state === 'fever' ? 'slot__temp slot__temp--fever' : 'slot__temp'}>{s.temperature.toFixed(1)}℃</Text>
            )}
          </View>
        );
      })}
    </View>
  );
}
