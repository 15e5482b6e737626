import { Text, View } from '@tarojs/components';
import { CheckRow } from '../../../components/CheckRow';
import type { BatchRowDetailView } from '../../../domain';

/**
 * The other rows of this batch of the same household (一人一档) or the same building and room: the
 * worker picks those to handle with this one; a row that cannot be (closed, another grid's) says why.
 */
export function RowsTogether({ row, selected, onToggle }: { row: BatchRowDetailView; selected: readonly string[]; onToggle: (rowId: string) => void }) {
  const together = row.together ?? [];
  const open = together.filter((r) => !r.refusal);
  return (
    <View className="card" data-testid="rows-together">
      <Text className="card__title">{`同户核查（已选${1 + selected.length}/${1 + open.length}人）`}</Text>
      <Text className="muted small">同一户或同一房间的核查记录可一起记录核查情况和结果，每人各自留痕。</Text>
      <CheckRow checked label={`${row.name}（本条）`} onToggle={() => undefined} />
      {together.map((r) =>
        r.refusal ? (
          <View key={r.rowId} className="together__off">
            <Text>{`${r.name} · 第${r.rowNumber}行`}</Text>
            <Text className="muted small">{r.refusal}</Text>
          </View>
        ) : (
          <CheckRow
            key={r.rowId}
            checked={selected.includes(r.rowId)}
            label={`${r.name} · ${r.by === 'household' ? '同户' : '同一房间'} · ${r.known ? '已建档' : '未建档'}`}
            onToggle={() => onToggle(r.rowId)}
          />
        ),
      )}
    </View>
  );
}
