import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { Chips, type Choice } from '../../../components/Chips';
import { Field } from '../../../components/Field';
import { DateField } from '../../../components/Pickers';
import { StateView } from '../../../components/StateView';
import { addDays } from '../../../domain';
import { CALL_REASON, todayString } from '../../../services/checkins';
import { RosterCard } from './RosterCard';
import { hasState, useRoster, type RosterFilter } from './useRoster';
import '../../shared/staff.css';
import './index.css';

/** How far back the roster can be looked at. */
const HISTORY_DAYS = 30;

export default function RosterPage() {
  const roster = useRoster();
  const { state } = roster;
  const today = todayString();

  const datePicker = (value: string) => (
    <Field label="日期">
      <DateField
        title="选择日期"
        value={value}
        placeholder="今天"
        start={addDays(today, -HISTORY_DAYS)}
        end={today}
        onChange={roster.chooseDate}
      />
    </Field>
  );

  if (state.kind === 'loading')
    return (
      <View className="page">
        <View className="card">{datePicker(roster.date ?? today)}</View>
        <StateView text="正在加载…" />
      </View>
    );
  if (state.kind === 'error')
    return (
      <View className="page">
        <StateView text={state.message} actionText="重试" onAction={roster.retry} />
      </View>
    );

  const { items, nextCursor } = state;
  const fever = items.filter((e) => hasState(e, 'fever')).length;
  const missing = items.filter((e) => hasState(e, 'missing')).length;
  const choices: Choice<RosterFilter>[] = [
    { value: 'all', label: `全部 ${items.length}${nextCursor !== null ? '+' : ''}` },
    { value: 'fever', label: `异常 ${fever}` },
    { value: 'missing', label: `未打卡 ${missing}` },
  ];
  const shown = roster.filter === 'all' ? items : items.filter((e) => hasState(e, roster.filter as 'fever' | 'missing'));
  return (
    <View className="page">
      <View className="card roster__top">
        {datePicker(state.extra.date)}
        <Chips choices={choices} isOn={(f) => f === roster.filter} onPick={roster.setFilter} />
        <Text className="muted small roster__hint">拨打电话会记录查看手机号（原因：{CALL_REASON}）</Text>
      </View>

      {items.length === 0 && (
        <View className="card">
          <Text className="muted">
            {state.extra.date === today ? '辖区内目前没有居家隔离或健康监测人员' : '当天没有居家隔离或健康监测人员'}
          </Text>
        </View>
      )}
      {items.length > 0 && shown.length === 0 && (
        <View className="card">
          <Text className="muted">没有符合条件的人员</Text>
        </View>
      )}
      {shown.map((entry) => (
        <RosterCard
          key={entry.isolationId}
          entry={entry}
          calling={roster.calling === entry.personId}
          callError={roster.callErrors[entry.personId] || undefined}
          onCall={() => roster.call(entry)}
          onOpen={() => roster.openIsolation(entry)}
        />
      ))}

      {roster.moreError && <Text className="field__error roster__more-error">{roster.moreError}</Text>}
      {nextCursor !== null && (
        <AppButton kind="plain" disabled={roster.loadingMore} onClick={roster.loadMore}>
          {roster.loadingMore ? '正在加载…' : '加载更多'}
        </AppButton>
      )}
      {nextCursor === null && items.length > 0 && <Text className="muted small roster__end">已全部显示（{items.length}人）</Text>}
    </View>
  );
}
