import { Text, View } from '@tarojs/components';
import { KeyValue } from '../../../components/KeyValue';
import { BatchRowActions } from './BatchRowActions';
import { BATCH_ROW_STATE_LABELS, formatShanghai, PASS_KIND_LABELS, PHONE_OUTCOME_LABELS, ROW_OUTCOME_LABELS, type BatchRowDetailView } from '../../../domain';

/**
 * A row of an upper-level verification batch (上级核查): the batch, the upper-level data as the list
 * has it (every column, masked), what GridLink knows, and the passes recorded so far.
 */
export function BatchRowSection({ row, open, onDone }: { row: BatchRowDetailView; open: boolean; onDone: () => void }) {
  return (
    <View>
      <View className="card">
        <Text className="hero">{`上级核查 ${row.subject}`}</Text>
        <KeyValue label="下发单位" value={row.source} />
        <KeyValue label="反馈时限" value={`${formatShanghai(row.deadline)} 前`} />
        <KeyValue label="状态" value={BATCH_ROW_STATE_LABELS[row.state]} />
        {row.flagged && <Text className="muted item__hint">{`上级数据有误：${row.errors.map((e) => e.message).join('；')}`}</Text>}
        {row.earlier && (
          <Text className="muted item__hint">
            {`此人已在「${row.earlier.subject}」（${row.earlier.source}）中核查过${row.earlier.outcome ? `：${ROW_OUTCOME_LABELS[row.earlier.outcome]}` : ''}`}
          </Text>
        )}
      </View>
      <View className="card">
        <Text className="card__title">上级数据</Text>
        {row.columns.map((c, i) => (
          <KeyValue key={`${i}-${c.header}`} label={c.header} value={c.value || '—'} />
        ))}
      </View>
      <View className="card">
        <Text className="card__title">核查记录</Text>
        {row.passes.map((p, i) => (
          <KeyValue
            key={`${i}-${p.at}`}
            label={PASS_KIND_LABELS[p.kind]}
            value={[
              formatShanghai(p.at, 'MM-DD HH:mm'),
              p.phoneOutcome ? PHONE_OUTCOME_LABELS[p.phoneOutcome] : '',
              p.atHome === undefined ? '' : p.atHome ? '见到本人' : '未见到本人',
              p.measures ?? '',
              p.note ?? '',
              p.staffName,
            ]
              .filter(Boolean)
              .join(' · ')}
          />
        ))}
        {row.outcome && <KeyValue label="核查结果" value={`${ROW_OUTCOME_LABELS[row.outcome.kind]}${row.outcome.note ? ` · ${row.outcome.note}` : ''}`} />}
      </View>
      {open && <BatchRowActions rowId={row.rowId} onDone={onDone} />}
    </View>
  );
}
