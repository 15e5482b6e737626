import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { Chips, choicesOf } from '../../../components/Chips';
import { Field } from '../../../components/Field';
import { TextArea } from '../../../components/TextInput';
import {
  VERIFY_METHOD_LABELS,
  VERIFY_METHODS,
  VERIFY_OUTCOME_LABELS,
  VERIFY_OUTCOMES,
  type VerifyMethod,
  type VerifyOutcome,
  LIMITS,
} from '../../../domain';

interface VerifyFormProps {
  outcome: VerifyOutcome | null;
  methods: readonly VerifyMethod[];
  note: string;
  errors: { outcome?: string; method?: string };
  busy: boolean;
  onOutcome: (v: VerifyOutcome) => void;
  onMethod: (v: VerifyMethod) => void;
  onNote: (v: string) => void;
  onSubmit: () => void;
}

/** The worker's check of a household report: what was found, and how (one way or several: 听声 and 验码). */
export function VerifyForm(props: VerifyFormProps) {
  return (
    <View className="card">
      <Text className="card__title">核实报备</Text>
      <Field label="核实结果" required error={props.errors.outcome}>
        <Chips big choices={choicesOf(VERIFY_OUTCOMES, VERIFY_OUTCOME_LABELS)} isOn={(v) => v === props.outcome} onPick={props.onOutcome} />
      </Field>
      <Field label="核实方式（可多选）" required error={props.errors.method}>
        <Chips choices={choicesOf(VERIFY_METHODS, VERIFY_METHOD_LABELS)} isOn={(v) => props.methods.includes(v)} onPick={props.onMethod} />
      </Field>
      <Field label="备注">
        <TextArea
          className="textarea"
          value={props.note}
          placeholder="核实情况说明（可不填）"
          maxlength={LIMITS.note}
          onInput={(e) => props.onNote(e.detail.value)}
        />
      </Field>
      <AppButton disabled={props.busy} onClick={props.onSubmit}>
        {props.busy ? '正在提交…' : '提交核实'}
      </AppButton>
    </View>
  );
}
