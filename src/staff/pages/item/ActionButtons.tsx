import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { REQUEST_ACTION_LABELS, type StaffRequestAction } from '../../../domain';

/** Order on screen: moving the request forward first, then the ways out. */
const ORDER: readonly StaffRequestAction[] = ['accept', 'start', 'complete', 'escalate', 'reject'];

interface ActionButtonsProps {
  actions: readonly string[];
  busy: string | null;
  onAction: (action: StaffRequestAction) => void;
}

/** The request actions the server says the worker can take now. */
export function ActionButtons({ actions, busy, onAction }: ActionButtonsProps) {
  const shown = ORDER.filter((a) => actions.includes(a));
  if (shown.length === 0) return null;
  return (
    <View className="card">
      <Text className="card__title">办理</Text>
      {shown.map((action) => (
        <AppButton
          key={action}
          kind={action === 'reject' ? 'danger' : action === 'escalate' ? 'plain' : 'primary'}
          disabled={busy !== null}
          onClick={() => onAction(action)}
        >
          {busy === action ? '正在提交…' : REQUEST_ACTION_LABELS[action]}
        </AppButton>
      ))}
    </View>
  );
}
