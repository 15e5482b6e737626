import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { Chips } from '../../../components/Chips';
import { Field } from '../../../components/Field';
import { TextArea } from '../../../components/TextInput';
import { STAFF_ROLE_LABELS, LIMITS } from '../../../domain';
import { Sheet } from '../../../components/Sheet';
import { type useReassign } from './useReassign';

/** 转派: who takes the item over (only staff responsible for its place are offered), and why. */
export function ReassignSheet({ reassign }: { reassign: ReturnType<typeof useReassign> }) {
  const { options } = reassign;
  const choices =
    options.kind === 'ready'
      ? options.list.filter((a) => !a.current).map((a) => ({ value: a.staffId, label: `${a.name}（${STAFF_ROLE_LABELS[a.role]}）` }))
      : [];
  return (
    <Sheet title="转派给同事" onDismiss={reassign.close}>
      <Text className="sheet__text muted">只能转给负责该地址的网格员或社区管理员，对方会收到通知。</Text>
      {options.kind === 'loading' && <Text className="muted">正在加载可接手的同事…</Text>}
      {options.kind === 'error' && (
        <View>
          <Text className="field__error">{options.message}</Text>
          <AppButton kind="plain" onClick={reassign.retry}>
            重试
          </AppButton>
        </View>
      )}
      {options.kind === 'ready' && choices.length === 0 && <Text className="muted">没有其他负责该地址的在岗同事。</Text>}
      {choices.length > 0 && (
        <Field label="接手人" required error={reassign.error ?? undefined}>
          <Chips big choices={choices} isOn={(v) => v === reassign.chosen} onPick={reassign.choose} />
        </Field>
      )}
      {choices.length > 0 && (
        <Field label="交接说明">
          <TextArea
            className="textarea"
            value={reassign.note}
            placeholder="需要同事知道的情况（可不填）"
            maxlength={LIMITS.note}
            onInput={(e) => reassign.setNote(e.detail.value)}
          />
        </Field>
      )}
      <View className="staff-buttons">
        <AppButton kind="plain" onClick={reassign.close}>
          取消
        </AppButton>
        <AppButton disabled={reassign.busy || choices.length === 0} onClick={reassign.confirm}>
          {reassign.busy ? '正在转派…' : '确认转派'}
        </AppButton>
      </View>
    </Sheet>
  );
}
