import { Text, View } from '@tarojs/components';
import { AppButton } from './AppButton';

interface StateViewProps {
  text: string;
  actionText?: string;
  onAction?: () => void;
}

/** A whole-page message (loading, empty, failed) with an optional way forward. */
export function StateView({ text, actionText, onAction }: StateViewProps) {
  return (
    <View className="state">
      <Text className="state__text">{text}</Text>
      {actionText && onAction && <AppButton onClick={onAction}>{actionText}</AppButton>}
    </View>
  );
}
