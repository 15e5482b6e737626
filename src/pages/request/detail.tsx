import { Text, View } from '@tarojs/components';
import { AppButton } from '../../components/AppButton';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageStatus } from '../../components/StateView';
import { TextArea } from '../../components/TextInput';
import { callPhone } from '../../services/phone';
import {
  CLOSED_REQUEST_STATUSES,
  formatShanghai,
  REQUEST_KIND_LABELS,
  REQUEST_STATUS_LABELS,
  URGENCY_LABELS,
  type RequestView,
} from '../../domain';
import { ConfirmSheet } from './ConfirmSheet';
import { detailLines, itemText } from './requestText';
import { StatusBadge } from './StatusBadge';
import { useRequestDetail } from './useRequestDetail';
import './detail.css';

function Line({ label, value }: { label: string; value: string }) {
  return (
    <View className="kv">
      <Text className="kv__key">{label}</Text>
      <Text className="kv__value">{value}</Text>
    </View>
  );
}

function Timeline({ request }: { request: RequestView }) {
  // newest first: the current state is what the resident looks for
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

export default function RequestDetailPage() {
  const page = useRequestDetail();
  const { state } = page;
  if (state.kind === 'loading' || state.kind === 'error') return <PageStatus state={state} onRetry={page.retry} />;

  const { request } = state;
  const open = !CLOSED_REQUEST_STATUSES.includes(request.status);
  return (
    <View className="page">
      <ErrorBanner lines={page.banner} />
      {open && request.urgency === 'emergency' && (
        <AppButton kind="danger" className="detail__call" onClick={() => callPhone('120')}>
          紧急情况拨打120
        </AppButton>
      )}
      <View className="card">
        <View className="row detail__head">
          <Text className="hero">{REQUEST_KIND_LABELS[request.kind]}</Text>
          <StatusBadge status={request.status} />
        </View>
        <Line label="求助人" value={request.personName} />
        <View className="kv">
          <Text className="kv__key">紧急程度</Text>
          <View className="kv__value">
            <Text className={`tag tag--${request.urgency} detail__urgency`}>{URGENCY_LABELS[request.urgency]}</Text>
          </View>
        </View>
        <Line label="提交时间" value={formatShanghai(request.createdAt)} />
        {open && <Line label="响应时限" value={`${formatShanghai(request.dueAt)} 前`} />}
        <Line label="地址" value={request.address} />
      </View>

      <View className="card">
        <Text className="card__title">求助内容</Text>
        {request.details.kind === 'supplies' &&
          request.details.items.map((item, i) => (
            <View key={`${i}-${item.name}`} className="detail__item">
              <Text>{itemText(item)}</Text>
              {item.note && <Text className="muted detail__item-note">{item.note}</Text>}
            </View>
          ))}
        {detailLines(request.details).map((line) => (
          <Line key={line.label} label={line.label} value={line.value} />
        ))}
        {request.note && <Line label="备注" value={request.note} />}
      </View>

      <View className="card">
        <Text className="card__title">办理进度</Text>
        <Timeline request={request} />
      </View>

      {request.canCancel && (
        <AppButton kind="plain" className="detail__cancel" onClick={page.openCancel}>
          取消求助
        </AppButton>
      )}
      <AppButton kind="plain" onClick={page.goList}>
        返回我的求助
      </AppButton>

      {page.cancelOpen && (
        <ConfirmSheet title="确定取消这条求助吗？" onDismiss={page.closeCancel}>
          <Text className="sheet__text">取消后网格员将不再处理。如仍需帮助，可以重新提交。</Text>
          <TextArea
            className="textarea detail__reason"
            value={page.cancelNote}
            placeholder="取消原因（可不填）"
            maxlength={200}
            onInput={(e) => page.setCancelNote(e.detail.value)}
          />
          <AppButton kind="danger" disabled={page.cancelling} onClick={() => void page.confirmCancel()}>
            {page.cancelling ? '正在取消…' : '确认取消'}
          </AppButton>
          <AppButton kind="plain" onClick={page.closeCancel}>
            暂不取消
          </AppButton>
        </ConfirmSheet>
      )}
    </View>
  );
}
