import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { AppButton } from '../../../components/AppButton';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Field } from '../../../components/Field';
import { KeyValue } from '../../../components/KeyValue';
import { SelectField } from '../../../components/Pickers';
import { PageStatus, StateView } from '../../../components/StateView';
import { Tap } from '../../../components/Tap';
import { TextInput } from '../../../components/TextInput';
import {
  BATCH_FIELD_LABELS,
  BATCH_ROW_STATE_LABELS,
  cellFilter,
  formatShanghai,
  PASS_KIND_LABELS,
  PHONE_OUTCOME_LABELS,
  PROGRESS_COLUMNS,
  ROW_OUTCOME_LABELS,
  Pages,
  type BatchRowFilter,
} from '../../../domain';
import { useDeskConsole } from './useDeskConsole';
import '../../../staff/shared/staff.css';
import '../batch/index.css';
import './index.css';

type Desk = ReturnType<typeof useDeskConsole>;

/** One number of the progress table: a tap opens its rows in the middle pane (0 opens nothing). */
function Num({ desk, n, title, filter, cell }: { desk: Desk; n: number; title: string; filter: BatchRowFilter; cell: string }) {
  if (n === 0) return <Text className="dc-num dc-num--zero">0</Text>;
  return (
    <Tap className="dc-num" onTap={() => desk.openRows(title, filter)}>
      <Text data-cell={cell}>{String(n)}</Text>
    </Tap>
  );
}

function ProgressTable({ desk }: { desk: Desk }) {
  const p = desk.progress;
  if (!p) return null;
  // the rows no grid holds first (有错误, 待分拨, 分拨时不在辖区), then the grids, then the total
  const lines = [...p.special, ...p.grids, p.totals];
  return (
    <View className="card dc-progress">
      <Text className="card__title">{`${p.batch.subject} · ${p.batch.source}`}</Text>
      <Text className={p.overdue ? 'dc-overdue' : 'muted'}>{`反馈时限 ${formatShanghai(p.batch.deadline)}${p.overdue ? '（已逾期）' : ''} · 共 ${p.totals.total} 人`}</Text>
      <View className="dc-table">
        <View className="dc-tr dc-th">
          <Text className="dc-td dc-td--name">网格</Text>
          {PROGRESS_COLUMNS.map((c) => (
            <Text key={c.key} className="dc-td">
              {c.label}
            </Text>
          ))}
        </View>
        {lines.map((l) => (
          <View key={l.gridId ?? l.kind} className={l.kind === 'total' ? 'dc-tr dc-tr--total' : l.kind === 'grid' ? 'dc-tr' : 'dc-tr dc-tr--special'}>
            <Text className="dc-td dc-td--name">{l.gridName}</Text>
            {PROGRESS_COLUMNS.map((c) => {
              const filter = cellFilter(l, c);
              return (
                <View key={c.key} className="dc-td">
                  {filter ? (
                    <Num desk={desk} n={c.count(l)} cell={`${l.gridName}|${c.label}`} title={`${l.gridName} · ${c.label}`} filter={filter} />
                  ) : (
                    <Text className="dc-num dc-num--zero">–</Text>
                  )}
                </View>
              );
            })}
          </View>
        ))}
      </View>
      <View className="batch__actions">
        <AppButton kind="plain" small onClick={() => void Taro.navigateTo({ url: Pages.batchImport })}>
          导入名单 / 派发 / 反馈表
        </AppButton>
      </View>
    </View>
  );
}

function BatchPane({ desk }: { desk: Desk }) {
  return (
    <View className="dc-pane dc-pane--batches">
      <View className="card">
        <Text className="card__title">核查批次</Text>
        {desk.batches.length === 0 && <Text className="muted">还没有核查批次。</Text>}
        {desk.batches.map((b) => (
          <Tap key={b.batchId} className={desk.progress?.batch.batchId === b.batchId ? 'dc-batch dc-batch--on' : 'dc-batch'} onTap={() => desk.chooseBatch(b.batchId)}>
            <Text className="dc-batch__name">{`${b.subject} · ${b.source}`}</Text>
            <Text className="muted small">{`${b.total} 人 · 待分拨 ${b.counts.unplaced} · 有错误 ${b.counts.invalid} · ${formatShanghai(b.deadline, 'MM-DD HH:mm')} 截止`}</Text>
          </Tap>
        ))}
        <AppButton small onClick={() => void Taro.navigateTo({ url: Pages.batchImport })}>
          导入上级核查名单
        </AppButton>
      </View>
      <ProgressTable desk={desk} />
    </View>
  );
}

function RowPane({ desk }: { desk: Desk }) {
  const { list } = desk;
  return (
    <View className="dc-pane dc-pane--rows">
      <View className="card">
        <View className="dc-rows__head">
          <Text className="card__title">{list.title}</Text>
          {list.filter && (
            <Tap className="link" onTap={desk.showUnplaced}>
              <Text>返回待分拨</Text>
            </Tap>
          )}
        </View>
        {list.loading && <Text className="muted">正在加载…</Text>}
        {!list.loading && list.rows.length === 0 && <Text className="muted">{list.filter ? '没有符合条件的记录。' : '没有待分拨的记录。'}</Text>}
        {list.rows.map((r) => (
          <Tap key={r.rowId} className={desk.detail?.rowId === r.rowId ? 'dc-row dc-row--on' : 'dc-row'} onTap={() => desk.openRow(r.rowId)}>
            <Text className="dc-row__name">{`${r.name || '（无姓名）'} · 第${r.rowNumber}行`}</Text>
            <Text className="muted small">{[BATCH_ROW_STATE_LABELS[r.state], r.address || '（无地址）'].join(' · ')}</Text>
            {r.errors.length > 0 && <Text className="batch__error-text small">{r.errors.map((e) => e.message).join('；')}</Text>}
          </Tap>
        ))}
        {list.nextCursor && (
          <AppButton kind="plain" small onClick={desk.more}>
            加载更多
          </AppButton>
        )}
      </View>
    </View>
  );
}

function DetailPane({ desk }: { desk: Desk }) {
  const d = desk.detail;
  if (!d)
    return (
      <View className="dc-pane dc-pane--detail">
        <View className="card">
          <Text className="muted">点选一行查看详情：有错误的行可在此修正，待分拨的行可在此分拨。</Text>
        </View>
      </View>
    );
  const fixFields = d.fixable.filter((f) => d.fix[f] !== undefined);
  const choices = desk.buildings.map((b) => ({ value: b.id, label: [b.compoundName, b.name].filter(Boolean).join(' ') }));
  return (
    <View className="dc-pane dc-pane--detail">
      {desk.notice && <Text className="batch__ok">{desk.notice}</Text>}
      <View className="card">
        <Text className="card__title">{`${d.name || '（无姓名）'} · 第${d.rowNumber}行`}</Text>
        <Text className="muted">{`${d.subject} · ${BATCH_ROW_STATE_LABELS[d.state]}${d.flagged ? ' · 数据有误' : ''}`}</Text>
        {d.errors.map((e) => (
          <Text key={e.field + e.code} className="batch__error-text dc-line">
            {e.message}
          </Text>
        ))}
        {d.unplacedReason && <Text className="muted dc-line">{d.unplacedReason}</Text>}
        {d.columns.map((c, i) => (
          <KeyValue key={`${i}-${c.header}`} label={c.header} value={c.value || '—'} />
        ))}
      </View>

      {fixFields.length > 0 && (
        <View className="card">
          <Text className="card__title">修正错误</Text>
          {fixFields.map((f) => (
            <Field key={f} label={BATCH_FIELD_LABELS[f]}>
              <TextInput className="input" value={desk.values[f] ?? ''} placeholder={`请输入正确的${BATCH_FIELD_LABELS[f]}`} onInput={(e) => desk.setValue(f, e.detail.value)} />
            </Field>
          ))}
          <AppButton disabled={desk.busy} onClick={desk.fix}>
            保存修正并重新校验
          </AppButton>
        </View>
      )}

      {d.state === 'unplaced' && (
        <View className="card">
          <Text className="card__title">分拨</Text>
          <Text className="batch__address">{d.address || '（名单中没有地址）'}</Text>
          <SelectField title="选择楼栋" choices={choices} value={desk.buildingId} placeholder="选择楼栋" onChange={desk.setBuildingId} />
          <View className="batch__actions">
            <AppButton disabled={!desk.buildingId || desk.busy} onClick={() => desk.buildingId && desk.place({ buildingId: desk.buildingId })}>
              分拨到该楼栋
            </AppButton>
            <AppButton kind="plain" disabled={desk.busy} onClick={() => desk.place({ outOfArea: true })}>
              不在辖区
            </AppButton>
          </View>
        </View>
      )}

      {(d.passes.length > 0 || d.outcome) && (
        <View className="card">
          <Text className="card__title">核查记录</Text>
          {d.passes.map((p, i) => (
            <KeyValue
              key={i}
              label={PASS_KIND_LABELS[p.kind]}
              value={[p.phoneOutcome ? PHONE_OUTCOME_LABELS[p.phoneOutcome] : '', p.atHome === undefined ? '' : p.atHome ? '见到本人' : '未见到', p.note ?? '', p.staffName, formatShanghai(p.at, 'MM-DD HH:mm')]
                .filter(Boolean)
                .join(' · ')}
            />
          ))}
          {d.outcome && <KeyValue label="核查结果" value={[ROW_OUTCOME_LABELS[d.outcome.kind], d.outcome.where ?? '', d.outcome.note ?? '', d.outcome.staffName].filter(Boolean).join(' · ')} />}
        </View>
      )}
    </View>
  );
}

/** 核查批次工作台: the desk console — batches and progress, the row list, the row detail side by side at 1440, stacked on a phone. */
export default function DeskConsolePage() {
  const desk = useDeskConsole();
  if (desk.gate.kind === 'forbidden')
    return (
      <View className="page">
        <StateView text={`${desk.gate.message}。请用社区管理员或调度员的微信，在手机上 工作台 → 扫码登录网页版。`} actionText="扫码登录" onAction={() => void Taro.reLaunch({ url: Pages.deskSignIn })} />
      </View>
    );
  if (desk.gate.kind !== 'ready') return <PageStatus state={desk.gate} onRetry={desk.retry} />;
  return (
    <View className="page dc">
      <ErrorBanner lines={desk.banner} />
      <View className="dc-panes">
        <BatchPane desk={desk} />
        <RowPane desk={desk} />
        <DetailPane desk={desk} />
      </View>
    </View>
  );
}
