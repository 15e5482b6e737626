import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { REQUEST_ACTION_LABELS, type StaffRequestAction } from '../../../domain';

/** Order on screen: moving the request forward first, then handing it up; 不予受理 apart, last. */
const ORDER: readonly StaffRequestAction[] = ['accept', 'start', 'complete', 'escalate'];

interface ActionButtonsProps {
  actions: readonly string[];
  busy: string | null;
  onAction: (action: StaffRequestAction) => void;
}

/**
 * The request actions the server says the worker can take now. 不予受理 is a small secondary
 * button at the end (it asks for the reason before anything is sent): never beside 受理 at its size.
 */
export function ActionButtons({ actions, busy, onAction }: ActionButtonsProps) {
  const shown = ORDER.filter((a) => actions.includes(a));
  const canReject = actions.includes('reject');
  if (shown.length === 0 && !canReject) return null;
  return (
    <View className="card">
      <Text className="card__title">办理</Text>
      {shown.map((action, i) => (
        <AppButton key={action} kind={i === 0 && action !== 'escalate' ? 'primary' : 'plain'} disabled={busy !== null} onClick={() => onAction(action)}>
          {busy === action ? '正在提交…' : REQUEST_ACTION_LABELS[action]}
        </AppButton>
      ))}
      {canReject && (
        <View className="item__reject">
          <AppButton kind="plain" small disabled={busy !== null} onClick={() => onAction('reject')}>
            {busy === 'reject' ? '正在提交…' : REQUEST_ACTION_LABELS.reject}
          </AppButton>
        </View>
      )}
    </View>
  );
}
