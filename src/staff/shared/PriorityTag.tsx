import { Text } from '@tarojs/components';
import { URGENCY_LABELS, type PriorityName } from '../../domain';
import './staff.css';

/** 危急 (red) and 紧急 (orange); a normal item carries no tag. */
export function PriorityTag({ priority }: { priority: PriorityName }) {
  if (priority === 'normal') return null;
  return <Text className={`staff-tag staff-tag--${priority}`}>{URGENCY_LABELS[priority]}</Text>;
}
