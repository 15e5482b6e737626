import { Text, View } from '@tarojs/components';
import { AppButton } from '../../components/AppButton';
import { Chips, type Choice } from '../../components/Chips';
import { SelectField } from '../../components/Pickers';
import { TextInput } from '../../components/TextInput';
import { QUEUE_KIND_LABELS, QUEUE_KINDS, QUEUE_SEARCH_MAX, type BuildingView, type QueueKind } from '../../domain';
import { type KindFilter, type QueueFilter, type QueueStatusFilter } from './useWorkbench';

const STATUS_CHOICES: Choice<QueueStatusFilter>[] = [
  { value: 'open', label: '待处理' },
  { value: 'in_progress', label: '处理中' },
];
/** The building picker's "every building" (no building id is empty). */
const ALL_BUILDINGS = '';

interface QueueFiltersProps {
  filter: QueueFilter;
  counts: Record<QueueKind, number>;
  buildings: readonly BuildingView[];
  searchText: string;
  onKind: (kind: KindFilter) => void;
  onStatus: (status: QueueStatusFilter) => void;
  onBuilding: (buildingId: string | null) => void;
  onSearchText: (text: string) => void;
  onSearch: () => void;
}

/**
 * Search (name, room, phone's last digits), status, building, and the kinds with their open counts
 * (全部 12 / 报备核实 3 / …) on one scrolling line: the filters take little of a phone's height.
 */
export function QueueFilters(props: QueueFiltersProps) {
  const { filter, counts, buildings } = props;
  const total = QUEUE_KINDS.reduce((sum, k) => sum + (counts[k] ?? 0), 0);
  const kinds: Choice<KindFilter>[] = [
    { value: 'all', label: `全部 ${total}` },
    ...QUEUE_KINDS.map((k) => ({ value: k, label: `${QUEUE_KIND_LABELS[k]} ${counts[k] ?? 0}` })),
  ];
  const buildingChoices: Choice<string>[] = [
    { value: ALL_BUILDINGS, label: '全部楼栋' },
    ...buildings.map((b) => ({ value: b.id, label: [b.compoundName, b.name].filter(Boolean).join(' ') })),
  ];
  return (
    <View className="wb-filters">
      <View className="wb-search">
        <TextInput
          className="input wb-search__input"
          value={props.searchText}
          placeholder="搜索姓名 / 房号 / 手机尾号"
          maxlength={QUEUE_SEARCH_MAX}
          confirmType="search"
          onInput={(e) => props.onSearchText(e.detail.value)}
          onConfirm={props.onSearch}
        />
        <AppButton small className="wb-search__go" onClick={props.onSearch}>
          搜索
        </AppButton>
      </View>
      <View className="wb-filters__row">
        <Chips choices={STATUS_CHOICES} isOn={(s) => s === filter.status} onPick={props.onStatus} />
        <View className="wb-filters__building">
          <SelectField
            title="选择楼栋"
            choices={buildingChoices}
            value={filter.buildingId ?? ALL_BUILDINGS}
            placeholder="全部楼栋"
            onChange={(id) => props.onBuilding(id === ALL_BUILDINGS ? null : id)}
          />
        </View>
      </View>
      {/* one line, scrolled sideways on a phone */}
      <View className="wb-kinds">
        <Chips choices={kinds} isOn={(k) => k === filter.kind} onPick={props.onKind} />
      </View>
      {filter.search && (
        <Text className="muted small wb-filters__note">
          搜索“{filter.search}”的结果
        </Text>
      )}
    </View>
  );
}
