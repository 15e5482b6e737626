import { Text, View } from '@tarojs/components';
import { formatShanghai, QUEUE_KIND_LABELS, URGENCY_LABELS, type QueueItemView } from '../../../domain';
import { PriorityTag } from '../../shared/PriorityTag';

/** A title that starts with its own urgency (`紧急 · 取药 · …`) loses it: the tag says it already. */
export function displayTitle(item: QueueItemView): string {
  const prefix = `${URGENCY_LABELS[item.priority]} · `;
  return item.title.startsWith(prefix) ? item.title.slice(prefix.length) : item.title;
}

/** One item of the queue: what, how urgent, by when. The whole card opens the item. */
export function QueueCard({ item, onOpen }: { item: QueueItemView; onOpen: () => void }) {
  return (
    <View className={item.overdue ? 'qcard qcard--overdue' : 'qcard'} onClick={onOpen}>
      <View className="qcard__head">
        <PriorityTag priority={item.priority} />
        <Text className="qcard__title">{displayTitle(item)}</Text>
      </View>
      <Text className="qcard__summary">{item.summary}</Text>
      <View className="row qcard__foot">
        <Text className="qcard__kind">{QUEUE_KIND_LABELS[item.kind]}</Text>
        <View className="qcard__due">
          {item.overdue && <Text className="staff-overdue">已超时</Text>}
          <Text className={item.overdue ? 'qcard__time qcard__time--overdue' : 'qcard__time'}>
            时限 {formatShanghai(item.dueAt, 'MM-DD HH:mm')}
          </Text>
        </View>
      </View>
    </View>
  );
}
