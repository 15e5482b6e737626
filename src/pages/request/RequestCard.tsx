import { Text, View } from '@tarojs/components';
import { formatShanghai, REQUEST_KIND_LABELS, URGENCY_LABELS, type RequestView } from '../../domain';
import { requestSummary } from './requestText';
import { StatusBadge } from './StatusBadge';

/** One of my requests in the list; the whole card opens its detail. */
export function RequestCard({ request, onOpen }: { request: RequestView; onOpen: () => void }) {
  return (
    <View className="req" onClick={onOpen}>
      <View className="row">
        <View className="req__title">
          <Text className="req__kind">{REQUEST_KIND_LABELS[request.kind]}</Text>
          {request.recurrence && <Text className="tag">周期</Text>}
          {request.urgency !== 'normal' && <Text className={`tag tag--${request.urgency}`}>{URGENCY_LABELS[request.urgency]}</Text>}
        </View>
        <StatusBadge status={request.status} />
      </View>
      <Text className="req__summary">{requestSummary(request.details)}</Text>
      <View className="row">
        <Text className="muted req__meta">{request.personName}</Text>
        <Text className="muted req__meta">{formatShanghai(request.createdAt)}</Text>
      </View>
    </View>
  );
}
