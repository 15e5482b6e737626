import { LIMITS } from '../../../domain';
import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { Chips } from '../../../components/Chips';
import { Field } from '../../../components/Field';
import { TextInput } from '../../../components/TextInput';
import { REVEAL_REASONS } from '../../../services/staff';
import { Sheet } from '../../../components/Sheet';
import { type RevealTarget } from './useItem';

interface RevealSheetProps {
  target: RevealTarget;
  reason: string;
  error: string | null;
  busy: boolean;
  onReason: (reason: string) => void;
  onConfirm: () => void;
  onDismiss: () => void;
}

/** Asks why before a full ID or phone number is shown: the reason goes to the audit log. */
export function RevealSheet({ target, reason, error, busy, onReason, onConfirm, onDismiss }: RevealSheetProps) {
  const what = target.field === 'id' ? '证件号' : '手机号';
  const title = `查看${target.name}的${what}`;
  return (
    <Sheet title={title} onDismiss={onDismiss}>
      <Text className="sheet__text muted">查看完整{what}会记录在审计日志中（查看人、时间、原因）。请选择或填写原因。</Text>
      <Chips choices={REVEAL_REASONS.map((r) => ({ value: r, label: r }))} isOn={(r) => reason.trim() === r} onPick={onReason} />
      <Field label="查看原因" required error={error ?? undefined}>
        <TextInput
          className={error ? 'input input--error' : 'input'}
          value={reason}
          placeholder="请填写查看原因"
          maxlength={LIMITS.revealReason.max}
          onInput={(e) => onReason(e.detail.value)}
        />
      </Field>
      <View className="staff-buttons">
        <AppButton kind="plain" onClick={onDismiss}>
          取消
        </AppButton>
        <AppButton disabled={busy} onClick={onConfirm}>
          {busy ? '正在查看…' : '确认查看'}
        </AppButton>
      </View>
    </Sheet>
  );
}
