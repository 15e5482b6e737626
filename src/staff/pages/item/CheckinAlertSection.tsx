import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { Field } from '../../../components/Field';
import { TextArea } from '../../../components/TextInput';
import { formatShanghai, LIMITS, type QueueItemView } from '../../../domain';
import { KeyValue } from '../../../components/KeyValue';

interface CheckinAlertSectionProps {
  item: QueueItemView;
  /** the alert can still be marked 已处理 */
  open: boolean;
  note: string;
  error: string | null;
  busy: boolean;
  onNote: (note: string) => void;
  onAcknowledge: () => void;
  onRoster: () => void;
}

/**
 * A check-in alert (打卡异常 / 未按时打卡): what it says (the person and the call are on the contact
 * card above); the worker follows up and marks it 已处理.
 */
export function CheckinAlertSection({ item, open, note, error, busy, onNote, onAcknowledge, onRoster }: CheckinAlertSectionProps) {
  return (
    <View>
      <View className="card">
        <Text className="hero">{item.title}</Text>
        <Text className="item__summary">{item.summary}</Text>
        <KeyValue label="提醒时间" value={formatShanghai(item.createdAt)} />
        {open && <KeyValue label="处理时限" value={`${formatShanghai(item.dueAt)} 前`} />}
        {open && <Text className="muted item__hint">请尽快电话联系居民了解情况，处理后点“已处理”。</Text>}
      </View>

      {open && (
        <View className="card">
          <Text className="card__title">处理</Text>
          <Field label="处理情况" error={error ?? undefined}>
            <TextArea
              className={error ? 'textarea input--error' : 'textarea'}
              value={note}
              placeholder="如：已电话联系，复测体温正常（可不填）"
              maxlength={LIMITS.note}
              onInput={(e) => onNote(e.detail.value)}
            />
          </Field>
          <AppButton disabled={busy} onClick={onAcknowledge}>
            {busy ? '正在提交…' : '已处理'}
          </AppButton>
        </View>
      )}

      <AppButton kind="plain" onClick={onRoster}>
        隔离人员打卡名单
      </AppButton>
    </View>
  );
}
