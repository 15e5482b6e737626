import { Text, View } from '@tarojs/components';
import { Tap } from './Tap';

export interface Choice<T> {
  value: T;
  label: string;
}

interface ChipsProps<T> {
  choices: readonly Choice<T>[];
  isOn: (value: T) => boolean;
  onPick: (value: T) => void;
  /** two per row, taller: for the main choice of a page */
  big?: boolean;
}

/** Tap-to-pick options, used both for single choices and for toggling several. */
export function Chips<T extends string | number>({ choices, isOn, onPick, big }: ChipsProps<T>) {
  return (
    <View className={big ? 'chips chips--big' : 'chips'}>
      {choices.map((c) => (
        <Tap key={String(c.value)} className={isOn(c.value) ? 'chip chip--on' : 'chip'} onTap={() => onPick(c.value)}>
          <Text>{c.label}</Text>
        </Tap>
      ))}
    </View>
  );
}

/** Choices from a constant list and its label table, e.g. `REPORT_CATEGORIES` + `REPORT_CATEGORY_LABELS`. */
export function choicesOf<T extends string>(values: readonly T[], labels: Record<T, string>): Choice<T>[] {
  return values.map((value) => ({ value, label: labels[value] }));
}
