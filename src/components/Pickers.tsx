import { Picker, Text, View } from '@tarojs/components';
import { type Choice } from './Chips';

function PickerBox({ text, placeholder, invalid }: { text: string; placeholder: string; invalid?: boolean }) {
  return (
    <View className={invalid ? 'picker-box picker-box--error' : 'picker-box'}>
      {text ? <Text>{text}</Text> : <Text className="picker-box__placeholder">{placeholder}</Text>}
      <Text className="picker-box__arrow">›</Text>
    </View>
  );
}

interface SelectFieldProps<T> {
  /** the picker's title (shown by WeChat on Android) */
  title: string;
  choices: readonly Choice<T>[];
  value: T | null;
  placeholder: string;
  onChange: (value: T) => void;
  invalid?: boolean;
}

/** A bottom-sheet selector showing the chosen label, or the placeholder until something is chosen. */
export function SelectField<T>({ title, choices, value, placeholder, onChange, invalid }: SelectFieldProps<T>) {
  const index = choices.findIndex((c) => c.value === value);
  return (
    <Picker
      mode="selector"
      headerText={title}
      disabled={choices.length === 0}
      range={choices.map((c) => c.label)}
      value={Math.max(index, 0)}
      onChange={(e) => {
        const picked = choices[Number(e.detail.value)];
        if (picked) onChange(picked.value);
      }}
    >
      <PickerBox text={index >= 0 ? choices[index].label : ''} placeholder={placeholder} invalid={invalid} />
    </Picker>
  );
}

interface DateFieldProps {
  title: string;
  /** 'YYYY-MM-DD' or '' */
  value: string;
  placeholder: string;
  start?: string;
  end?: string;
  onChange: (value: string) => void;
  invalid?: boolean;
}

export function DateField({ title, value, placeholder, start, end, onChange, invalid }: DateFieldProps) {
  return (
    <Picker mode="date" headerText={title} value={value || (end ?? '')} start={start} end={end} onChange={(e) => onChange(e.detail.value)}>
      <PickerBox text={value} placeholder={placeholder} invalid={invalid} />
    </Picker>
  );
}
