/** What a request asks for and what has happened to it: shown alike to the resident and to the worker. */
import { Text, View } from '@tarojs/components';
import { formatShanghai, REQUEST_STATUS_LABELS, type RequestDetails, type RequestView, type SupplyItem } from '../domain';
import { CloudImage } from './CloudImage';
import { KeyValue, KeyValues, type Line } from './KeyValue';
import './RequestContent.css';

export function itemText(item: SupplyItem): string {
  return `${item.name} ${item.quantity}${item.unit ?? ''}`;
}

/** Everything filed, except supplies' item list, which is shown as a list. */
export function detailLines(details: RequestDetails): Line[] {
  switch (details.kind) {
    case 'supplies':
      return [];
    case 'medicine':
      return [
        { label: '药品', value: details.drug },
        { label: '数量', value: details.quantity },
      ];
    case 'transport': {
      const lines = [
        { label: '就医事由', value: details.reason },
        { label: '医院', value: details.hospital },
        { label: '接送时间', value: formatShanghai(details.pickupAt) },
        { label: '陪同人数', value: details.companions > 0 ? `${details.companions}人` : '无' },
      ];
      const r = details.recurrence;
      return r ? [...lines, { label: '周期接送', value: `每${r.everyDays}天一次，至${r.until}` }] : lines;
    }
    case 'other':
      return [{ label: '需要帮助', value: details.description }];
  }
}

/** The body of the 求助内容 card: the item list of a supplies request, the other fields, the note. */
export function RequestContent({ request }: { request: RequestView }) {
  return (
    <View>
      {request.details.kind === 'supplies' &&
        request.details.items.map((item, i) => (
          <View key={`${i}-${item.name}`} className="request-supply">
            <Text>{itemText(item)}</Text>
            {item.note && <Text className="muted request-supply__note">{item.note}</Text>}
          </View>
        ))}
      <KeyValues lines={detailLines(request.details)} />
      {request.details.kind === 'medicine' && request.details.prescriptionFileId && (
        <KeyValue label="处方照片">
          <CloudImage fileId={request.details.prescriptionFileId} alt="处方照片" />
        </KeyValue>
      )}
      {request.note && <KeyValue label="备注" value={request.note} />}
    </View>
  );
}

/** The request's steps, newest first: where it stands now is what people look for. */
export function RequestTimeline({ request }: { request: RequestView }) {
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
