import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Field } from '../../../components/Field';
import { PageStatus } from '../../../components/StateView';
import { TextInput } from '../../../components/TextInput';
import { HIERARCHY_LIMITS, type PriorityName } from '../../../domain';
import { useSettings } from './useSettings';
import '../../shared/admin.css';

const URGENCIES: Array<[PriorityName, string, string]> = [
  ['emergency', '紧急', '紧急求助（如就医）'],
  ['urgent', '加急', '打卡发热、加急求助'],
  ['normal', '一般', '报备核实、一般求助、未打卡'],
];

export default function SettingsPage() {
  const s = useSettings();
  const { state, draft, errors } = s;
  if (state.kind !== 'ready' || !draft)
    return <PageStatus state={state.kind === 'ready' ? { kind: 'loading' } : state} onRetry={s.retry} />;
  return (
    <View className="page">
      <Text className="hero">{state.community.name}</Text>
      <ErrorBanner lines={s.banner} />
      {s.notice && (
        <View className="adm-ok">
          <Text>{s.notice}</Text>
        </View>
      )}
      <View className="card">
        <Text className="card__title">响应时限（分钟）</Text>
        <Text className="muted small">
          事项产生后须在此时间内处理，超时在工作台标红。{state.saved.custom.slaMinutes ? '' : '（当前为默认值）'}
        </Text>
        {URGENCIES.map(([p, label, hint]) => (
          <Field key={p} label={label} hint={hint} error={errors[`slaMinutes.${p}`]}>
            <TextInput
              className={errors[`slaMinutes.${p}`] ? 'input input--error' : 'input'}
              type="number"
              value={draft.sla[p]}
              placeholder={`1–${HIERARCHY_LIMITS.slaMax}`}
              onInput={(e) => s.setSla(p, e.detail.value)}
            />
          </Field>
        ))}
      </View>
      <View className="card">
        <Text className="card__title">每日打卡时段</Text>
        <Text className="muted small">
          居家隔离、健康监测人员每天在这些时段打卡；截止时仍未打卡，提醒网格员。{state.saved.custom.checkinSlots ? '' : '（当前为默认值）'}
        </Text>
        {draft.slots.map((slot, i) => (
          <View key={i} className="adm-unit">
            <Field label="名称" error={errors[`checkinSlots.${i}.label`] ?? errors[`checkinSlots.${i}.key`]}>
              <TextInput
                className="input"
                value={slot.label}
                placeholder="如：上午"
                onInput={(e) => s.setSlot(i, { label: e.detail.value })}
              />
            </Field>
            <Field label="开始" error={errors[`checkinSlots.${i}.opensAt`]}>
              <TextInput
                className="input"
                value={slot.opensAt}
                placeholder="08:00"
                onInput={(e) => s.setSlot(i, { opensAt: e.detail.value })}
              />
            </Field>
            <Field label="截止" error={errors[`checkinSlots.${i}.closesAt`]}>
              <TextInput
                className="input"
                value={slot.closesAt}
                placeholder="10:00"
                onInput={(e) => s.setSlot(i, { closesAt: e.detail.value })}
              />
            </Field>
            {draft.slots.length > 1 && (
              <AppButton kind="plain" small onClick={() => s.removeSlot(i)}>
                删除
              </AppButton>
            )}
          </View>
        ))}
        {draft.slots.length < HIERARCHY_LIMITS.checkinSlotsMax && (
          <AppButton kind="plain" small onClick={s.addSlot}>
            添加时段
          </AppButton>
        )}
      </View>
      <AppButton disabled={s.busy} onClick={s.save}>
        {s.busy ? '正在保存…' : '保存设置'}
      </AppButton>
    </View>
  );
}
