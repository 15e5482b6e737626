import { Text, View } from '@tarojs/components';
import { KeyValue } from '../../../components/KeyValue';
import { AppButton } from '../../../components/AppButton';
import { Chips, choicesOf, type Choice } from '../../../components/Chips';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Field } from '../../../components/Field';
import { DateField } from '../../../components/Pickers';
import { PageStatus } from '../../../components/StateView';
import { TextArea, TextInput } from '../../../components/TextInput';
import { addDays, daysBetween, formatShanghai, ISOLATION_KIND_LABELS, ISOLATION_KINDS, MAX_ISOLATION_DAYS } from '../../../domain';
import { Sheet } from '../../../components/Sheet';
import { EXTEND_DAYS, REASON_MAX, START_DAYS, useIsolation, type DaysChoice, type IsolationInfo } from './useIsolation';
import '../../shared/staff.css';
import './index.css';

const KIND_CHOICES = choicesOf(ISOLATION_KINDS, ISOLATION_KIND_LABELS);
const START_REASONS = ['密切接触者', '次密切接触者', '中高风险地区返回', '入境人员'];
const ACTION_LABELS = { start: '开始', extend: '延长', end: '解除' } as const;
/** how far from today a start date may be (the server's rule) */
const START_WINDOW_DAYS = 14;

const dayChoices = (days: readonly number[]): Choice<DaysChoice>[] => [
  ...days.map((d) => ({ value: d as DaysChoice, label: `${d}天` })),
  { value: 'other', label: '其他' },
];

function DaysField({
  label,
  days,
  value,
  typed,
  error,
  onPick,
  onTyped,
}: {
  label: string;
  days: readonly number[];
  value: DaysChoice;
  typed: string;
  error?: string;
  onPick: (d: DaysChoice) => void;
  onTyped: (v: string) => void;
}) {
  return (
    <Field label={label} required error={error}>
      <Chips choices={dayChoices(days)} isOn={(d) => d === value} onPick={onPick} />
      {value === 'other' && (
        <TextInput
          className={error ? 'input input--error' : 'input'}
          type="number"
          value={typed}
          placeholder={`天数（1-${MAX_ISOLATION_DAYS}）`}
          maxlength={2}
          onInput={(e) => onTyped(e.detail.value)}
        />
      )}
    </Field>
  );
}

function Timeline({ info }: { info: IsolationInfo }) {
  if (info.timeline.length === 0) return null;
  return (
    <View className="card">
      <Text className="card__title">记录</Text>
      {info.timeline.map((e, i) => (
        <View key={`${e.at}-${i}`} className="iso-event">
          <View className="row">
            <Text className="iso-event__action">{ACTION_LABELS[e.action]}</Text>
            <Text className="muted small">{`${e.staffName} · ${formatShanghai(e.at, 'MM-DD HH:mm')}`}</Text>
          </View>
          {e.note && <Text className="iso-event__note">{e.note}</Text>}
        </View>
      ))}
    </View>
  );
}

export default function IsolationPage() {
  const page = useIsolation();
  const { state } = page;

  if (state.kind === 'loading' || state.kind === 'error') return <PageStatus state={state} onRetry={page.retry} />;

  const messages = (
    <View>
      <ErrorBanner lines={page.banner} />
      {page.notice && (
        <View className="staff-ok">
          <Text className="staff-ok__line">{page.notice}</Text>
        </View>
      )}
    </View>
  );

  if (state.kind === 'start') {
    const kindLabel = ISOLATION_KIND_LABELS[page.kind];
    return (
      <View className="page">
        {messages}
        <View className="card">
          <Text className="hero">{page.many ? `${page.many.map((p) => p.name).join('、')}（${page.many.length}人）` : page.name || '居民'}</Text>
          <Text className="muted">开始{kindLabel}后，居民每天在小程序打卡；发热、有症状或未按时打卡会进入工作台。</Text>
        </View>
        <View className="card">
          <Field label="类型" required>
            <Chips big choices={KIND_CHOICES} isOn={(k) => k === page.kind} onPick={page.setKind} />
          </Field>
          <Field label="开始日期" required error={page.startErrors.startDate}>
            <DateField
              title="开始日期"
              value={page.startDate}
              placeholder="请选择开始日期"
              start={addDays(page.today, -START_WINDOW_DAYS)}
              end={addDays(page.today, START_WINDOW_DAYS)}
              onChange={page.setStartDate}
              invalid={!!page.startErrors.startDate}
            />
          </Field>
          <DaysField
            label="计划天数"
            days={START_DAYS}
            value={page.days}
            typed={page.otherDays}
            error={page.startErrors.days}
            onPick={page.setDays}
            onTyped={page.setOtherDays}
          />
          {page.plannedEnd && <Text className="iso-preview">{`预计至 ${formatShanghai(page.plannedEnd, 'M月D日')}（含开始当天）`}</Text>}
          <Field label="原因" required error={page.startErrors.reason}>
            <Chips
              choices={START_REASONS.map((r) => ({ value: r, label: r }))}
              isOn={(r) => page.reason.trim() === r}
              onPick={page.setReason}
            />
            <TextInput
              className={page.startErrors.reason ? 'input input--error' : 'input'}
              value={page.reason}
              placeholder="请选择或填写原因"
              maxlength={REASON_MAX}
              onInput={(e) => page.setReason(e.detail.value)}
            />
          </Field>
          <AppButton className="iso-submit" disabled={page.busy === 'start'} onClick={page.submitStart}>
            {page.busy === 'start' ? '正在提交…' : `开始${kindLabel}`}
          </AppButton>
        </View>
        <AppButton kind="plain" onClick={page.back}>
          返回
        </AppButton>
      </View>
    );
  }

  if (state.kind === 'batch') {
    const nameOf = (personId: string) => page.many?.find((p) => p.personId === personId)?.name ?? '';
    return (
      <View className="page">
        {messages}
        <View className="card">
          <Text className="card__title">开始情况</Text>
          {state.results.map((r) => (
            <View key={r.personId} className="row iso-result">
              <Text className="iso-result__name">{r.isolation?.personName ?? nameOf(r.personId)}</Text>
              <Text className={r.result === 'started' ? 'staff-status staff-status--done' : 'staff-status staff-status--escalated'}>
                {r.result === 'started' && r.isolation
                  ? `已开始，至${page.untilText(r.isolation.endDate)}`
                  : r.result === 'active' && r.isolation
                    ? `已在${ISOLATION_KIND_LABELS[r.isolation.kind]}中`
                    : '未开始'}
              </Text>
            </View>
          ))}
        </View>
        <AppButton onClick={page.openRoster}>隔离人员打卡名单</AppButton>
        <AppButton kind="plain" onClick={page.back}>
          返回
        </AppButton>
      </View>
    );
  }

  const { info } = state;
  const active = info.status === 'active';
  const left = daysBetween(page.today, info.endDate) + 1;
  return (
    <View className="page">
      {messages}
      <View className="card">
        <View className="row iso-head">
          <Text className="hero iso-head__name">{page.name}</Text>
          <Text className={active ? 'staff-status staff-status--in_progress' : 'staff-status staff-status--done'}>
            {active ? `${ISOLATION_KIND_LABELS[info.kind]}中` : '已解除'}
          </Text>
        </View>
        <KeyValue label="类型" value={ISOLATION_KIND_LABELS[info.kind]} />
        <KeyValue label="开始" value={formatShanghai(info.startDate, 'YYYY年M月D日')} />
        <KeyValue
          label={active ? '计划至' : '原定至'}
          value={`${formatShanghai(info.endDate, 'YYYY年M月D日')}${active && left > 0 ? `（还剩${left}天）` : ''}`}
        />
        {info.reason && <KeyValue label="原因" value={info.reason} />}
        {active && !page.extendOpen && (
          <View className="staff-buttons iso-actions">
            <AppButton kind="plain" onClick={page.openExtend}>
              延长
            </AppButton>
            <AppButton kind="danger" onClick={page.openEnd}>
              解除
            </AppButton>
          </View>
        )}
        {!active && (
          <AppButton kind="plain" className="iso-actions" onClick={page.restart}>
            重新开始隔离
          </AppButton>
        )}
      </View>

      {active && page.extendOpen && (
        <View className="card">
          <Text className="card__title">延长{ISOLATION_KIND_LABELS[info.kind]}</Text>
          <DaysField
            label="延长天数"
            days={EXTEND_DAYS}
            value={page.extendDays}
            typed={page.extendOther}
            error={page.extendError ?? undefined}
            onPick={page.setExtendDays}
            onTyped={page.setExtendOther}
          />
          <Field label="说明">
            <TextInput
              value={page.extendNote}
              className="input"
              placeholder="延长原因（可不填）"
              maxlength={REASON_MAX}
              onInput={(e) => page.setExtendNote(e.detail.value)}
            />
          </Field>
          <View className="staff-buttons">
            <AppButton kind="plain" onClick={page.closeExtend}>
              取消
            </AppButton>
            <AppButton disabled={page.busy === 'extend'} onClick={page.submitExtend}>
              {page.busy === 'extend' ? '正在提交…' : '确认延长'}
            </AppButton>
          </View>
        </View>
      )}

      <Timeline info={info} />

      <AppButton kind="plain" onClick={page.openRoster}>
        隔离人员打卡名单
      </AppButton>

      {page.endOpen && (
        <Sheet title={`解除${ISOLATION_KIND_LABELS[info.kind]}`} onDismiss={page.closeEnd}>
          <Text className="sheet__text muted">
            {page.early
              ? `原定至${formatShanghai(info.endDate, 'M月D日')}，现在解除属于提前解除，请填写原因（如：核酸阴性、上级通知解除）。`
              : '已到计划结束日期，可直接解除。'}
          </Text>
          <Field label="解除原因" required={page.early} error={page.endError ?? undefined}>
            <TextArea
              className={page.endError ? 'textarea input--error' : 'textarea'}
              value={page.endReason}
              placeholder={page.early ? '请填写提前解除的原因' : '解除说明（可不填）'}
              maxlength={REASON_MAX}
              onInput={(e) => page.setEndReason(e.detail.value)}
            />
          </Field>
          <View className="staff-buttons">
            <AppButton kind="plain" onClick={page.closeEnd}>
              取消
            </AppButton>
            <AppButton kind="danger" disabled={page.busy === 'end'} onClick={page.submitEnd}>
              {page.busy === 'end' ? '正在提交…' : '确认解除'}
            </AppButton>
          </View>
        </Sheet>
      )}
    </View>
  );
}
