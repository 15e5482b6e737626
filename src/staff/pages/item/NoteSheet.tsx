import { LIMITS } from '../../../domain';
import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { Field } from '../../../components/Field';
import { TextArea } from '../../../components/TextInput';
import { Sheet } from '../../../components/Sheet';
import { type NoteAction } from './useItem';

interface NoteSheetProps {
  action: NoteAction;
  note: string;
  error: string | null;
  onNote: (note: string) => void;
  onConfirm: () => void;
  onDismiss: () => void;
}

const TEXT: Record<NoteAction, { title: string; hint: string; label: string; placeholder: string; confirm: string }> = {
  reject: {
    title: '不予受理',
    hint: '请说明原因，居民会在求助进度中看到。',
    label: '不予受理原因',
    placeholder: '请填写原因',
    confirm: '确认不予受理',
  },
  complete: {
    title: '办结',
    hint: '写下办理结果，居民会在求助进度中看到。',
    label: '办理结果',
    placeholder: '如：药已送到家门口，已电话告知（可不填）',
    confirm: '确认办结',
  },
  escalate: {
    title: '上报社区',
    hint: '网格内无法办理时上报社区，由社区安排。',
    label: '情况说明',
    placeholder: '需要社区协助的情况（可不填）',
    confirm: '确认上报',
  },
};

/** Asks for the words an action takes before it is sent: a rejection must say why, 办结 may say how it went. */
export function NoteSheet({ action, note, error, onNote, onConfirm, onDismiss }: NoteSheetProps) {
  const text = TEXT[action];
  return (
    <Sheet title={text.title} onDismiss={onDismiss}>
      <Text className="sheet__text muted">{text.hint}</Text>
      <Field label={text.label} required={action === 'reject'} error={error ?? undefined}>
        <TextArea
          className="textarea"
          value={note}
          placeholder={text.placeholder}
          maxlength={LIMITS.note}
          onInput={(e) => onNote(e.detail.value)}
        />
      </Field>
      <View className="staff-buttons">
        <AppButton kind="plain" onClick={onDismiss}>
          取消
        </AppButton>
        <AppButton kind={action === 'reject' ? 'danger' : 'primary'} onClick={onConfirm}>
          {text.confirm}
        </AppButton>
      </View>
    </Sheet>
  );
}
