import { Text, View } from '@tarojs/components';
import { AppButton } from '../../components/AppButton';
import { ErrorBanner } from '../../components/ErrorBanner';
import { KeyValue } from '../../components/KeyValue';
import { RequestContent, RequestTimeline } from '../../components/RequestContent';
import { PageStatus } from '../../components/StateView';
import { TextArea } from '../../components/TextInput';
import { callPhone } from '../../services/phone';
import { CLOSED_REQUEST_STATUSES, formatShanghai, REQUEST_KIND_LABELS, URGENCY_LABELS, LIMITS } from '../../domain';
import { Sheet } from '../../components/Sheet';
import { StatusBadge } from './StatusBadge';
import { useRequestDetail } from './useRequestDetail';
import './detail.css';

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
        <KeyValue label="求助人" value={request.personName} />
        <KeyValue label="紧急程度">
          <Text className={`tag tag--${request.urgency} detail__urgency`}>{URGENCY_LABELS[request.urgency]}</Text>
        </KeyValue>
        <KeyValue label="提交时间" value={formatShanghai(request.createdAt)} />
        {open && <KeyValue label="响应时限" value={`${formatShanghai(request.dueAt)} 前`} />}
        <KeyValue label="地址" value={request.address} />
      </View>

      <View className="card">
        <Text className="card__title">求助内容</Text>
        <RequestContent request={request} />
      </View>

      <View className="card">
        <Text className="card__title">办理进度</Text>
        <RequestTimeline request={request} />
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
        <Sheet title="确定取消这条求助吗？" onDismiss={page.closeCancel}>
          <Text className="sheet__text">取消后网格员将不再处理。如仍需帮助，可以重新提交。</Text>
          <TextArea
            className="textarea detail__reason"
            value={page.cancelNote}
            placeholder="取消原因（可不填）"
            maxlength={LIMITS.note}
            onInput={(e) => page.setCancelNote(e.detail.value)}
          />
          <AppButton kind="danger" disabled={page.cancelling} onClick={() => void page.confirmCancel()}>
            {page.cancelling ? '正在取消…' : '确认取消'}
          </AppButton>
          <AppButton kind="plain" onClick={page.closeCancel}>
            暂不取消
          </AppButton>
        </Sheet>
      )}
    </View>
  );
}
