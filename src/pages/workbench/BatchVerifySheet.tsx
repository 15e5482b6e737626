import { Text, View } from '@tarojs/components';
import { AppButton } from '../../components/AppButton';
import { Chips, choicesOf } from '../../components/Chips';
import { Field } from '../../components/Field';
import { Sheet } from '../../components/Sheet';
import { TextArea } from '../../components/TextInput';
import { LIMITS, VERIFY_METHOD_LABELS, VERIFY_METHODS, VERIFY_OUTCOME_LABELS, VERIFY_OUTCOMES } from '../../domain';
import { type useWorkbench } from './useWorkbench';

type Batch = ReturnType<typeof useWorkbench>['batch'];

/** 批量核实: one outcome and the ways it was checked (several may apply) for every report chosen. */
export function BatchVerifySheet({ batch }: { batch: Batch }) {
  return (
    <Sheet title={`批量核实（${batch.selected.length}户）`} onDismiss={batch.closeSheet}>
      <Text className="sheet__text muted">所选报备都记为同一结果；已被其他网格员核实或居民刚刚更新的会单独提示。</Text>
      <Field label="核实结果" required error={batch.errors.outcome}>
        <Chips big choices={choicesOf(VERIFY_OUTCOMES, VERIFY_OUTCOME_LABELS)} isOn={(v) => v === batch.outcome} onPick={batch.setOutcome} />
      </Field>
      <Field label="核实方式（可多选）" required error={batch.errors.methods}>
        <Chips choices={choicesOf(VERIFY_METHODS, VERIFY_METHOD_LABELS)} isOn={(m) => batch.methods.includes(m)} onPick={batch.toggleMethod} />
      </Field>
      <Field label="备注" error={batch.errors.note}>
        <TextArea
          className="textarea"
          value={batch.note}
          placeholder="核实情况说明（可不填）"
          maxlength={LIMITS.note}
          onInput={(e) => batch.setNote(e.detail.value)}
        />
      </Field>
      <View className="staff-buttons">
        <AppButton kind="plain" onClick={batch.closeSheet}>
          取消
        </AppButton>
        <AppButton disabled={batch.busy} onClick={batch.confirm}>
          {batch.busy ? '正在提交…' : '确认核实'}
        </AppButton>
      </View>
    </Sheet>
  );
}
