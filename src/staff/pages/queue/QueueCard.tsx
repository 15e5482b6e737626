import { Text, View } from '@tarojs/components';
import { formatShanghai, QUEUE_KIND_LABELS, type QueueItemView } from '../../../domain';
import { PriorityTag } from '../../shared/PriorityTag';

/** One item of the queue: what, how urgent, by when. The whole card opens the item. */
export function QueueCard({ item, onOpen }: { item: QueueItemView; onOpen: () => void }) {
  return (
    <View className={item.overdue ? 'qcard qcard--overdue' : 'qcard'} onClick={onOpen}>
      <View className="qcard__head">
        <PriorityTag priority={item.priority} />
        <Text className="qcard__title">{item.title}</Text>
      </View>
      <Text className="qcard__summary">{item.summary}</Text>
      <View className="row qcard__foot">
        <Text className="qcard__kind">{QUEUE_KIND_LABELS[item.kind]}</Text>
        <View className="qcard__due">
          {item.overdue && <Text className="staff-overdue">已超时</Text>}
          <Text className={item.overdue ? 'qcard__time qcard__time--overdue' : 'qcard__time'}>
            {formatShanghai(item.dueAt, 'MM-DD HH:mm')} 前
          </Text>
        </View>
      </View>
    </View>
  );
}
