import { Text, View } from '@tarojs/components';
import { Tap } from '../../components/Tap';
import { formatShanghai, maskName, QUEUE_KIND_LABELS, URGENCY_LABELS, type QueueItemView } from '../../domain';
import { PriorityTag } from '../../staff/shared/PriorityTag';

/** A title that starts with its own urgency (`紧急 · 取药 · …`) loses it: the tag says it already. */
export function displayTitle(item: QueueItemView): string {
  const prefix = `${URGENCY_LABELS[item.priority]} · `;
  return item.title.startsWith(prefix) ? item.title.slice(prefix.length) : item.title;
}

/** The summary without the masked name it may start with (`王* · 取药…`): the row shows the name in full. */
export function displaySummary(item: QueueItemView): string {
  const prefix = item.personName ? `${maskName(item.personName)} · ` : null;
  return prefix && item.summary.startsWith(prefix) ? item.summary.slice(prefix.length) : item.summary;
}

interface QueueRowProps {
  item: QueueItemView;
  /** choosing reports for 批量核实: a report row toggles, the others are not choosable */
  selecting: boolean;
  selected: boolean;
  onOpen: () => void;
  onToggle: () => void;
}

/**
 * One item in two short lines, so a phone screen holds many: how urgent, what, whom and by when;
 * then where (down to the room) and what it says. The whole row opens the item.
 */
export function QueueRow({ item, selecting, selected, onOpen, onToggle }: QueueRowProps) {
  const choosable = selecting && item.kind === 'verify_report';
  const cls = ['qrow', item.overdue ? 'qrow--overdue' : '', selecting && !choosable ? 'qrow--off' : '', selected ? 'qrow--selected' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <Tap className={cls} onTap={selecting ? onToggle : onOpen} disabled={selecting && !choosable}>
      {selecting && <View className={selected ? 'qrow__check qrow__check--on' : 'qrow__check'}>{selected ? '✓' : ''}</View>}
      <View className="qrow__body">
        <View className="qrow__line">
          <PriorityTag priority={item.priority} />
          <Text className="qrow__kind">{QUEUE_KIND_LABELS[item.kind]}</Text>
          <Text className="qrow__who">{item.personName ?? displayTitle(item)}</Text>
          <Text className={item.overdue ? 'qrow__due qrow__due--overdue' : 'qrow__due'}>
            {item.overdue ? '超时 ' : ''}
            {formatShanghai(item.dueAt, 'MM-DD HH:mm')}
          </Text>
        </View>
        <Text className="qrow__where">{item.address ? `${item.address} · ${displaySummary(item)}` : displaySummary(item)}</Text>
      </View>
    </Tap>
  );
}
