import { View } from '@tarojs/components';
import { Chips, type Choice } from '../../../components/Chips';
import { QUEUE_KIND_LABELS, QUEUE_KINDS, type QueueKind } from '../../../domain';
import { type KindFilter, type QueueFilter, type QueueStatusFilter } from './useQueue';

const STATUS_CHOICES: Choice<QueueStatusFilter>[] = [
  { value: 'open', label: '待处理' },
  { value: 'in_progress', label: '处理中' },
];

interface QueueFiltersProps {
  filter: QueueFilter;
  counts: Record<QueueKind, number>;
  onKind: (kind: KindFilter) => void;
  onStatus: (status: QueueStatusFilter) => void;
}

/** Status toggle (待处理 / 处理中) and the kinds with their open counts (全部 12 / 报备核实 3 / …). */
export function QueueFilters({ filter, counts, onKind, onStatus }: QueueFiltersProps) {
  const total = QUEUE_KINDS.reduce((sum, k) => sum + (counts[k] ?? 0), 0);
  const kinds: Choice<KindFilter>[] = [
    { value: 'all', label: `全部 ${total}` },
    ...QUEUE_KINDS.map((k) => ({ value: k, label: `${QUEUE_KIND_LABELS[k]} ${counts[k] ?? 0}` })),
  ];
  return (
    <View className="queue__filters">
      <Chips big choices={STATUS_CHOICES} isOn={(s) => s === filter.status} onPick={onStatus} />
      <Chips choices={kinds} isOn={(k) => k === filter.kind} onPick={onKind} />
    </View>
  );
}
