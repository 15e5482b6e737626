import { Text, View } from '@tarojs/components';
import { PageStatus } from '../../../components/StateView';
import { Tap } from '../../../components/Tap';
import {
  PASS_KINDS,
  PASS_KIND_LABELS,
  PERSON_CATEGORIES,
  PLACE_LEVEL_LABELS,
  QUEUE_KIND_LABELS,
  QUEUE_KINDS,
  REPORT_CATEGORY_LABELS,
  REQUEST_KIND_LABELS,
  REQUEST_KINDS,
  URGENCY_LABELS,
  formatShanghai,
  type DashboardView,
  type Figure,
  type FigureLink,
  type PersonCategory,
  type ResponseView,
} from '../../../domain';
import { BarChart } from './BarChart';
import { GridTable } from './GridTable';
import { useDashboard } from './useDashboard';
import './index.css';

const CATEGORY_LABELS: Record<PersonCategory, string> = { ...REPORT_CATEGORY_LABELS, none: '未分类' };

/** 2小时15分 / 3天4小时 */
export function waited(fromIso: string, nowMs = Date.now()): string {
  const minutes = Math.max(0, Math.floor((nowMs - Date.parse(fromIso)) / 60_000));
  if (minutes < 60) return `${minutes}分钟`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}小时${minutes % 60 ? `${minutes % 60}分` : ''}`;
  return `${Math.floor(hours / 24)}天${hours % 24 ? `${hours % 24}小时` : ''}`;
}

/** ≤ 15分钟 / ≤ 2小时 / 超过2天 */
function minutesText(m: ResponseView['p50']): string {
  if (m === null) return '—';
  if (m === 'beyond') return '超过2天';
  return m < 60 ? `≤${m}分钟` : m < 1440 ? `≤${m / 60}小时` : `≤${m / 1440}天`;
}

interface StatProps {
  label: string;
  figure: Figure;
  /** red: an exception (shown red unless 0) */
  alarm?: boolean;
  onOpen: (link: FigureLink | undefined, title: string) => void;
}

/** A number that opens the list it counts. */
function Stat({ label, figure, alarm, onOpen }: StatProps) {
  const cls = ['db-stat', alarm && figure.value > 0 ? 'db-stat--alarm' : '', figure.link ? '' : 'db-stat--plain'].filter(Boolean).join(' ');
  return (
    <Tap className={cls} onTap={() => onOpen(figure.link, label)} disabled={!figure.link}>
      <Text className="db-stat__value">{figure.value}</Text>
      <Text className="db-stat__label">
        {label}
        {figure.link ? ' ›' : ''}
      </Text>
    </Tap>
  );
}

function asOfText(iso: string | null): string {
  return iso ? `统计于 ${formatShanghai(iso, 'MM-DD HH:mm')}` : '尚未统计（每10分钟统计一次）';
}

function Exceptions({ view, onOpen, onOpenItem }: { view: DashboardView; onOpen: StatProps['onOpen']; onOpenItem: (id: string) => void }) {
  const { exceptions: e } = view;
  const calm = e.overdue.value + e.batchOverdue.value + e.missing.value + e.fever.value + e.emergency.value + e.unplaced.value === 0;
  return (
    <View className={calm ? 'card db-alerts db-alerts--calm' : 'card db-alerts'}>
      <Text className="card__title">{calm ? '暂无逾期或异常' : '需要马上处理'}</Text>
      <View className="db-stats">
        <Stat label="逾期事项" figure={e.overdue} alarm onOpen={onOpen} />
        <Stat label="核查逾期" figure={e.batchOverdue} alarm onOpen={onOpen} />
        <Stat label="未打卡待跟进" figure={e.missing} alarm onOpen={onOpen} />
        <Stat label="发热/症状待跟进" figure={e.fever} alarm onOpen={onOpen} />
        <Stat label="危急求助超时" figure={e.emergency} alarm onOpen={onOpen} />
        <Stat label="待分拨" figure={e.unplaced} alarm onOpen={onOpen} />
      </View>
      {e.oldest && (
        <Tap className="db-oldest" onTap={() => onOpenItem(e.oldest!.itemId)}>
          <Text className="db-oldest__label">最久未办</Text>
          <Text className="db-oldest__title">{e.oldest.title}</Text>
          <Text className={e.oldest.overdue ? 'db-oldest__age db-oldest__age--late' : 'db-oldest__age'}>
            已等 {waited(e.oldest.createdAt, Date.parse(view.at))} ›
          </Text>
        </Tap>
      )}
    </View>
  );
}

function Today({ view, onOpen }: { view: DashboardView; onOpen: StatProps['onOpen'] }) {
  const t = view.today;
  return (
    <View className="card">
      <Text className="card__title">今日 {view.date.slice(5)}</Text>
      <View className="db-stats">
        <Stat label="居家隔离" figure={t.isolated} onOpen={onOpen} />
        <Stat label="健康监测" figure={t.monitored} onOpen={onOpen} />
        <Stat label="已打卡" figure={t.checkins.done} onOpen={onOpen} />
        <Stat label="打卡异常" figure={t.checkins.fever} alarm onOpen={onOpen} />
        <Stat label="未打卡" figure={t.checkins.missing} alarm onOpen={onOpen} />
      </View>
      <Text className="db-sub">
        待办事项（今日新增 {t.openedToday} · 办结 {t.closedToday}）
      </Text>
      <View className="db-stats">
        <Stat label="全部待办" figure={t.openTotal} onOpen={onOpen} />
        {QUEUE_KINDS.map((k) => (
          <Stat key={k} label={QUEUE_KIND_LABELS[k]} figure={t.open[k]} onOpen={onOpen} />
        ))}
      </View>
      <Text className="db-sub">求助办理中</Text>
      <View className="db-stats">
        <Stat label="待受理" figure={t.requestsOpen.submitted} onOpen={onOpen} />
        <Stat label="已受理" figure={t.requestsOpen.accepted} onOpen={onOpen} />
        <Stat label="办理中" figure={t.requestsOpen.in_progress} onOpen={onOpen} />
        <Stat label="已上报社区" figure={t.requestsOpen.escalated} onOpen={onOpen} />
      </View>
    </View>
  );
}

/** 核查批次: the rows being checked by the furthest pass recorded on them (each opens the batch items). */
function Batches({ view, onOpen }: { view: DashboardView; onOpen: StatProps['onOpen'] }) {
  const b = view.batch;
  return (
    <View className="card">
      <Text className="card__title">
        核查批次（核查中 {b.open.value} · 已办结 {b.closed}）
      </Text>
      <Text className="db-sub">核查中的记录，按已做到的环节</Text>
      <View className="db-stats">
        {PASS_KINDS.map((k) => (
          <Stat key={k} label={PASS_KIND_LABELS[k]} figure={b.byPass[k]} onOpen={onOpen} />
        ))}
      </View>
    </View>
  );
}

function Filed({ view }: { view: DashboardView }) {
  const f = view.filed;
  const max = Math.max(1, ...PERSON_CATEGORIES.map((c) => f.byCategory[c]));
  return (
    <View className="card">
      <View className="db-card-head">
        <Text className="card__title">
          已报备 {f.households} 户 · {f.persons} 人
        </Text>
        <Text className="muted small">{asOfText(f.asOf)}</Text>
      </View>
      {PERSON_CATEGORIES.filter((c) => c !== 'none' || f.byCategory.none > 0).map((c) => (
        <View key={c} className="db-hbar">
          <Text className="db-hbar__label">{CATEGORY_LABELS[c]}</Text>
          <View className="db-hbar__track">
            <View className="db-hbar__fill" style={{ width: `${(f.byCategory[c] / max) * 100}%` }} />
          </View>
          <Text className="db-hbar__value">{f.byCategory[c]}</Text>
        </View>
      ))}
    </View>
  );
}

function Requests({ view }: { view: DashboardView }) {
  const r = view.requests;
  return (
    <View className="card">
      <Text className="card__title">近{r.days}天求助</Text>
      <View className="db-kv">
        {REQUEST_KINDS.map((k) => (
          <Text key={k} className="db-kv__item">
            {REQUEST_KIND_LABELS[k]} <Text className="db-kv__n">{r.byKind[k]}</Text>
          </Text>
        ))}
      </View>
      <View className="db-resp">
        <View className="db-resp__row db-resp__row--head">
          <Text className="db-resp__c1">紧急程度</Text>
          <Text className="db-resp__c">时限</Text>
          <Text className="db-resp__c">按时响应</Text>
          <Text className="db-resp__c">中位</Text>
          <Text className="db-resp__c">90%</Text>
          <Text className="db-resp__c">超时未响应</Text>
        </View>
        {r.response.map((x) => (
          <View key={x.urgency} className="db-resp__row">
            <Text className="db-resp__c1">{URGENCY_LABELS[x.urgency]}</Text>
            <Text className="db-resp__c">{x.slaMinutes < 60 ? `${x.slaMinutes}分钟` : `${x.slaMinutes / 60}小时`}</Text>
            <Text className="db-resp__c">{x.answered ? `${Math.round((x.withinSla / x.answered) * 100)}%` : '—'}</Text>
            <Text className="db-resp__c">{minutesText(x.p50)}</Text>
            <Text className="db-resp__c">{minutesText(x.p90)}</Text>
            <Text className={x.waitingOverdue ? 'db-resp__c db-resp__c--alarm' : 'db-resp__c'}>{x.waitingOverdue}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}

function Trends({ view }: { view: DashboardView }) {
  const t = view.trend;
  if (t.length === 0)
    return (
      <View className="card">
        <Text className="card__title">近14天趋势</Text>
        <Text className="muted">尚无统计（每日统计由定时任务生成）</Text>
      </View>
    );
  const labels = t.map((p) => p.date.slice(5));
  return (
    <View className="card">
      <Text className="card__title">近14天趋势</Text>
      <BarChart
        title="待办事项"
        labels={labels}
        series={[
          { name: '新增', tone: 'db-tone--blue' },
          { name: '办结', tone: 'db-tone--green' },
        ]}
        values={[t.map((p) => p.opened), t.map((p) => p.closed)]}
      />
      <BarChart
        title="打卡异常"
        labels={labels}
        series={[
          { name: '发热/症状', tone: 'db-tone--red' },
          { name: '未打卡', tone: 'db-tone--orange' },
        ]}
        values={[t.map((p) => p.fever), t.map((p) => p.missing)]}
      />
      <BarChart
        title="管控人数"
        labels={labels}
        series={[
          { name: '居家隔离', tone: 'db-tone--purple' },
          { name: '健康监测', tone: 'db-tone--blue' },
        ]}
        values={[t.map((p) => p.isolated), t.map((p) => p.monitored)]}
      />
      <BarChart
        title="核查批次"
        labels={labels}
        series={[
          { name: '核查中', tone: 'db-tone--orange' },
          { name: '已办结', tone: 'db-tone--green' },
        ]}
        values={[t.map((p) => p.batchOpen), t.map((p) => p.batchClosed)]}
      />
    </View>
  );
}

/** 数据看板: exceptions first, then today's numbers (each opens its list), the grids, the trends. */
export default function DashboardPage() {
  const d = useDashboard();
  if (d.state.kind !== 'ready') return <PageStatus state={d.state} onRetry={d.retry} />;
  const { view } = d.state;
  const grids = d.grids ?? view.grids;
  const scope = view.scope.map((s) => `${s.name}（${PLACE_LEVEL_LABELS[s.level]}）`).join('、');
  return (
    <View className="page page--wide db">
      <View className="db-head">
        <Text className="db-head__scope">{scope}</Text>
        <Text className="muted small">数字可点开对应名单 · 下拉刷新</Text>
      </View>
      <View className="db-columns">
        <View className="db-col">
          <Exceptions view={view} onOpen={d.open} onOpenItem={d.openItem} />
          <Today view={view} onOpen={d.open} />
          <Batches view={view} onOpen={d.open} />
          <Filed view={view} />
          <Requests view={view} />
        </View>
        <View className="db-col">
          <View className="card">
            <View className="db-card-head">
              <Text className="card__title">网格（{grids.total}）</Text>
              <Text className="muted small">{asOfText(grids.asOf)}</Text>
            </View>
            {grids.total === 0 ? (
              <Text className="muted">尚无统计（每10分钟统计一次）</Text>
            ) : (
              <GridTable
                table={d.grids ?? { ...grids, loading: false, error: null }}
                onSort={d.sortBy}
                onMore={d.moreGrids}
                onOpenGrid={d.openGrid}
                onOpenOverdue={(row) => d.open({ list: 'queue', placeId: row.placeId, overdue: true }, `逾期事项 · ${row.name}`)}
              />
            )}
          </View>
          <Trends view={view} />
        </View>
      </View>
    </View>
  );
}
