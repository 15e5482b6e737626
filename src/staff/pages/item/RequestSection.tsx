import { Text, View } from '@tarojs/components';
import {
  CLOSED_REQUEST_STATUSES,
  formatShanghai,
  REQUEST_KIND_LABELS,
  REQUEST_STATUS_LABELS,
  URGENCY_LABELS,
  type RequestView,
} from '../../../domain';
import { KeyValue, Lines } from './Lines';
import { itemText, requestLines } from './itemText';

function Timeline({ request }: { request: RequestView }) {
  // newest first: where the request stands now is what the worker looks for
  const steps = [...request.timeline].reverse();
  return (
    <View className="timeline">
      {steps.map((step, i) => (
        <View key={`${step.at}-${step.action}`} className={i === 0 ? 'timeline__step timeline__step--now' : 'timeline__step'}>
          <View className="timeline__dot" />
          <View className="timeline__body">
            <Text className="timeline__label">{REQUEST_STATUS_LABELS[step.to]}</Text>
            <Text className="timeline__meta">
              {step.actorName} · {formatShanghai(step.at)}
            </Text>
            {step.note && <Text className="timeline__note">{step.note}</Text>}
          </View>
        </View>
      ))}
    </View>
  );
}

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
        {request.details.kind === 'supplies' &&
          request.details.items.map((item, i) => (
            <View key={`${i}-${item.name}`} className="item__supply">
              <Text>{itemText(item)}</Text>
              {item.note && <Text className="muted item__supply-note">{item.note}</Text>}
            </View>
          ))}
        <Lines lines={requestLines(request.details)} />
        {request.note && <KeyValue label="备注" value={request.note} />}
      </View>

      <View className="card">
        <Text className="card__title">办理进度</Text>
        <Timeline request={request} />
      </View>
    </View>
  );
}
