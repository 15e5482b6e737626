import { Text } from '@tarojs/components';
import { REQUEST_STATUS_LABELS, type RequestStatus } from '../../domain';
import './request.css';

/** The request's status as a coloured tag: blue waiting, orange being handled, green done, grey closed. */
export function StatusBadge({ status }: { status: RequestStatus }) {
  return <Text className={`badge badge--${status}`}>{REQUEST_STATUS_LABELS[status]}</Text>;
}
