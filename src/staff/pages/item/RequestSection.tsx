import { Text, View } from '@tarojs/components';
import {
  CLOSED_REQUEST_STATUSES,
  formatShanghai,
  REQUEST_KIND_LABELS,
  REQUEST_STATUS_LABELS,
  URGENCY_LABELS,
  type RequestView,
} from '../../../domain';
import { KeyValue } from '../../../components/KeyValue';
import { RequestContent, RequestTimeline } from '../../../components/RequestContent';

/** A resident's request: what, how urgent, by when, and what has happened so far. */
export function RequestSection({ request }: { request: RequestView }) {
  const open = !CLOSED_REQUEST_STATUSES.includes(request.status);
  return (
    <View>
      <View className="card">
        <View className="row item__head">
          <Text className="hero">{REQUEST_KIND_LABELS[request.kind]}</Text>
          <Text className={`staff-status staff-status--${request.status}`}>{REQUEST_STATUS_LABELS[request.status]}</Text>
        </View>
        <KeyValue label="紧急程度" value={URGENCY_LABELS[request.urgency]} />
        <KeyValue label="地址" value={request.address} />
        <KeyValue label="提交时间" value={formatShanghai(request.createdAt)} />
        {open && <KeyValue label="响应时限" value={`${formatShanghai(request.dueAt)} 前`} />}
      </View>

      <View className="card">
        <Text className="card__title">求助内容</Text>
        <RequestContent request={request} />
      </View>

      <View className="card">
        <Text className="card__title">办理进度</Text>
        <RequestTimeline request={request} />
      </View>
    </View>
  );
}
