import { Text, View } from '@tarojs/components';
import { PageStatus, StateView } from '../../components/StateView';
import { Tap } from '../../components/Tap';
import { REMINDER_MINUTES_BEFORE_CLOSE } from '../../domain';
import { PersonCheckin } from './PersonCheckin';
import { useCheckin } from './useCheckin';
import './index.css';

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** 2026年11月20日 星期五 */
function dateLine(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${y}年${m}月${d}日 星期${WEEKDAYS[weekday]}`;
}

export default function CheckinPage() {
  const page = useCheckin();
  const { state } = page;

  if (state.kind === 'loading' || state.kind === 'error') return <PageStatus state={state} onRetry={page.retry} />;
  if (state.kind === 'no_household')
    return (
      <View className="page">
        <StateView
          text="请先完成家庭报备。网格员为居家隔离或健康监测的家人登记后，即可在这里每日打卡。"
          actionText="去报备"
          onAction={page.goReport}
        />
      </View>
    );

  const { today } = state;
  return (
    <View className="page">
      <View className="card ci-day">
        <Text className="ci-day__title">今日健康打卡</Text>
        <Text className="ci-day__date">{dateLine(today.date)}</Text>
        {today.persons.length > 0 && (
          <Text className="muted">每天在打卡时段内测量体温并打卡；发热（≥37.3℃）或有不适可随时上报，会立即通知网格员。</Text>
        )}
      </View>

      {today.persons.length === 0 && (
        <View className="card">
          <StateView text="您家目前没有正在居家隔离或健康监测的成员，无需打卡。" />
        </View>
      )}

      {today.persons.map((p) => (
        <PersonCheckin
          key={p.personId}
          person={p}
          date={today.date}
          draft={page.draftOf(p.personId)}
          outcome={page.outcomes[p.personId]}
          busy={page.busy === p.personId}
          worker={page.worker}
          onTemperature={(v) => page.setTemperature(p.personId, v)}
          onSymptom={(s) => page.toggleSymptom(p.personId, s)}
          onSubmit={() => page.submit(p.personId)}
        />
      ))}

      {today.persons.length > 0 && (
        <View className="card">
          <Tap className="row ci-remind" onTap={page.toggleReminders}>
            <View className="ci-remind__text">
              <Text className="ci-remind__title">打卡前提醒我</Text>
              <Text className="muted small">每个时段截止前{REMINDER_MINUTES_BEFORE_CLOSE}分钟发送微信提醒</Text>
            </View>
            <View className="ci-remind__state">
              <Text className={page.reminders ? 'ci-remind__on' : 'muted'}>
                {page.reminderBusy ? '…' : page.reminders ? '已开启' : '未开启'}
              </Text>
              <View className={page.reminders ? 'switch switch--on' : 'switch'}>
                <View className="switch__knob" />
              </View>
            </View>
          </Tap>
          {page.reminderError && <Text className="field__error">{page.reminderError}</Text>}
        </View>
      )}
    </View>
  );
}
