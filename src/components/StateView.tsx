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

/** A page's data while it loads or after it failed to load. */
export type PageLoad = { kind: 'loading' } | { kind: 'error'; message: string };

/** The whole page while its data loads (正在加载…) or failed to load (the reason and 重试). */
export function PageStatus({ state, onRetry }: { state: PageLoad; onRetry: () => void }) {
  return (
    <View className="page">
      {state.kind === 'loading' ? <StateView text="正在加载…" /> : <StateView text={state.message} actionText="重试" onAction={onRetry} />}
    </View>
  );
}
