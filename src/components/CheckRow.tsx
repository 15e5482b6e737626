import { Text, View } from '@tarojs/components';
import { Tap } from './Tap';

interface CheckRowProps {
  checked: boolean;
  label: string;
  onToggle: () => void;
}

/**
 * A consent checkbox whose whole row is the touch target. Drawn with plain views because the
 * built-in Checkbox keeps its own checked state on H5 and can disagree with React's.
 */
export function CheckRow({ checked, label, onToggle }: CheckRowProps) {
  return (
    <Tap className="check" onTap={onToggle}>
      <View className={checked ? 'check__box check__box--on' : 'check__box'}>{checked ? '✓' : ''}</View>
      <Text className="check__label">{label}</Text>
    </Tap>
  );
}
