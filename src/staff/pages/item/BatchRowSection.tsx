import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { KeyValue } from '../../../components/KeyValue';
import { BatchRowActions } from './BatchRowActions';
import { RowsTogether } from './RowsTogether';
import { BATCH_ROW_STATE_LABELS, formatShanghai, PASS_KIND_LABELS, PHONE_OUTCOME_LABELS, ROW_OUTCOME_LABELS, type BatchRowDetailView, type RowResult } from '../../../domain';

/**
 * A row of an upper-level verification batch (上级核查): the batch, the upper-level data as the list
 * has it (every column, masked), what GridLink knows, and the passes recorded so far.
 */
export function BatchRowSection({ row, open, onDone }: { row: BatchRowDetailView; open: boolean; onDone: () => void }) {
  // the rows of the household picked to handle with this one, and what happened to each the last time
  const [together, setTogether] = useState<string[]>([]);
  const [results, setResults] = useState<RowResult[] | null>(null);
  const pickable = new Set((row.together ?? []).filter((r) => !r.refusal).map((r) => r.rowId));
  const picked = together.filter((id) => pickable.has(id));
  return (
    <View>
      {results && (
        <View className="card" data-testid="rows-results">
          <Text className="card__title">{`一起处理：${results.filter((r) => r.ok).length}/${results.length}人已记录`}</Text>
          {results.map((r) => (
            <Text key={r.rowId} className={r.ok ? 'together__ok' : 'together__refused'}>
              {r.ok ? `${r.name}：已记录` : `${r.name || '—'}：${r.message}`}
            </Text>
          ))}
        </View>
      )}
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
      {open && row.together && row.together.length > 0 && (
        <RowsTogether row={row} selected={picked} onToggle={(id) => setTogether((list) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]))} />
      )}
      {open && (
        <BatchRowActions
          row={row}
          together={picked}
          onDone={(res) => {
            setResults(res);
            setTogether([]);
            onDone();
          }}
        />
      )}
    </View>
  );
}
