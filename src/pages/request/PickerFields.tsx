import { Picker, Text, View } from '@tarojs/components';

function PickerBox({ text, placeholder, invalid }: { text: string; placeholder: string; invalid?: boolean }) {
  return (
    <View className={invalid ? 'picker-box picker-box--error' : 'picker-box'}>
      {text ? <Text>{text}</Text> : <Text className="picker-box__placeholder">{placeholder}</Text>}
      <Text className="picker-box__arrow">›</Text>
    </View>
  );
}

interface DayPickerProps {
  title: string;
  /** 'YYYY-MM-DD' or '' */
  value: string;
  placeholder: string;
  start: string;
  end: string;
  /** the day the wheel opens on while nothing is chosen (the shared DateField opens on `end`) */
  initial: string;
  invalid?: boolean;
  onChange: (value: string) => void;
}

export function DayPicker({ title, value, placeholder, start, end, initial, invalid, onChange }: DayPickerProps) {
  return (
    <Picker mode="date" headerText={title} value={value || initial} start={start} end={end} onChange={(e) => onChange(e.detail.value)}>
      <PickerBox text={value} placeholder={placeholder} invalid={invalid} />
    </Picker>
  );
}

interface TimePickerProps {
  title: string;
  /** 'HH:mm' or '' */
  value: string;
  placeholder: string;
  initial: string;
  invalid?: boolean;
  onChange: (value: string) => void;
}

export function TimePicker({ title, value, placeholder, initial, invalid, onChange }: TimePickerProps) {
  return (
    <Picker mode="time" headerText={title} value={value || initial} onChange={(e) => onChange(String(e.detail.value))}>
      <PickerBox text={value} placeholder={placeholder} invalid={invalid} />
    </Picker>
  );
}
