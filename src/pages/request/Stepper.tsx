import { Text, View } from '@tarojs/components';
import { TextInput } from '../../components/TextInput';

interface StepperProps {
  /** as typed */
  value: string;
  min: number;
  max: number;
  placeholder: string;
  invalid?: boolean;
  onChange: (value: string) => void;
}

/** A whole number with big −/+ buttons (for older residents) and the number itself still typeable. */
export function Stepper({ value, min, max, placeholder, invalid, onChange }: StepperProps) {
  const current = /^\d+$/.test(value.trim()) ? Number(value.trim()) : null;
  const step = (delta: number) => onChange(String(Math.min(max, Math.max(min, (current ?? min - delta) + delta))));
  const canDown = current === null || current > min;
  const canUp = current === null || current < max;
  return (
    <View className="stepper">
      <View className={canDown ? 'stepper__btn' : 'stepper__btn stepper__btn--off'} onClick={() => step(-1)}>
        <Text>－</Text>
      </View>
      <TextInput
        className={invalid ? 'input stepper__input input--error' : 'input stepper__input'}
        type="number"
        value={value}
        placeholder={placeholder}
        maxlength={String(max).length}
        onInput={(e) => onChange(e.detail.value)}
      />
      <View className={canUp ? 'stepper__btn' : 'stepper__btn stepper__btn--off'} onClick={() => step(1)}>
        <Text>＋</Text>
      </View>
    </View>
  );
}
