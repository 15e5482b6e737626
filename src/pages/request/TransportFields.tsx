import { Text, View } from '@tarojs/components';
import { CheckRow } from '../../components/CheckRow';
import { Chips } from '../../components/Chips';
import { Field } from '../../components/Field';
import { TextInput } from '../../components/TextInput';
import { addDays } from '../../domain';
import { COMPANION_COUNTS, MAX_EVERY_DAYS, MIN_EVERY_DAYS, type TransportDraft } from './formModel';
import { DayPicker, TimePicker } from './PickerFields';
import { Stepper } from './Stepper';

const minDay = (a: string, b: string) => (a < b ? a : b);

const COMPANION_CHOICES = COMPANION_COUNTS.map((n) => ({ value: n, label: n === 0 ? '无需陪同' : `${n}人` }));
/** where the time wheel opens: a morning appointment is the usual case */
const INITIAL_TIME = '08:00';

interface TransportFieldsProps {
  draft: TransportDraft;
  errors: Record<string, string>;
  /** 'YYYY-MM-DD' (Shanghai) */
  today: string;
  tomorrow: string;
  /** last day a pick-up may be booked */
  lastPickupDay: string;
  /** last day a recurring schedule may run to */
  lastUntilDay: string;
  onChange: (patch: Partial<TransportDraft>) => void;
}

export function TransportFields({ draft, errors, today, tomorrow, lastPickupDay, lastUntilDay, onChange }: TransportFieldsProps) {
  const errorOf = (field: string) => errors[`details.${field}`];
  const inputClass = (field: string) => (errorOf(field) ? 'input input--error' : 'input');
  const pickupError = errorOf('pickupAt');
  const firstDay = draft.pickupDate || tomorrow;
  const every = Number(draft.everyDays) > 0 ? Number(draft.everyDays) : 1;
  const secondTrip = minDay(addDays(firstDay, every), lastUntilDay);
  return (
    <View>
      <Field label="就医事由" required error={errorOf('reason')}>
        <TextInput
          className={inputClass('reason')}
          value={draft.reason}
          placeholder="如：血液透析、复诊、产检"
          maxlength={200}
          onInput={(e) => onChange({ reason: e.detail.value })}
        />
      </Field>
      <Field label="医院" required error={errorOf('hospital')}>
        <TextInput
          className={inputClass('hospital')}
          value={draft.hospital}
          placeholder="医院名称"
          maxlength={50}
          onInput={(e) => onChange({ hospital: e.detail.value })}
        />
      </Field>
      <Field label="接送时间" required error={pickupError}>
        <View className="new__when">
          <View className="new__when-day">
            <DayPicker
              title="接送日期"
              value={draft.pickupDate}
              placeholder="选择日期"
              start={today}
              end={lastPickupDay}
              initial={tomorrow}
              invalid={!!pickupError}
              onChange={(pickupDate) => onChange({ pickupDate })}
            />
          </View>
          <View className="new__when-time">
            <TimePicker
              title="接送时间"
              value={draft.pickupTime}
              placeholder="选择时间"
              initial={INITIAL_TIME}
              invalid={!!pickupError}
              onChange={(pickupTime) => onChange({ pickupTime })}
            />
          </View>
        </View>
      </Field>
      <Field label="陪同人数" error={errorOf('companions')}>
        <Chips choices={COMPANION_CHOICES} isOn={(n) => draft.companions === n} onPick={(companions) => onChange({ companions })} />
      </Field>
      <CheckRow
        checked={draft.recurring}
        label="周期接送（如透析，需定期往返）"
        onToggle={() => onChange({ recurring: !draft.recurring })}
      />
      {draft.recurring && (
        <View className="new__recurrence">
          <Field label="间隔天数" required error={errorOf('recurrence.everyDays')}>
            <View className="new__every">
              <Text className="new__every-word">每</Text>
              <Stepper
                value={draft.everyDays}
                min={MIN_EVERY_DAYS}
                max={MAX_EVERY_DAYS}
                placeholder="天数"
                invalid={!!errorOf('recurrence.everyDays')}
                onChange={(everyDays) => onChange({ everyDays })}
              />
              <Text className="new__every-word">天一次</Text>
            </View>
          </Field>
          <Field label="接送至" required error={errorOf('recurrence.until')} hint="到这一天为止，每次接送都会自动生成求助">
            <DayPicker
              title="结束日期"
              value={draft.until}
              placeholder="选择结束日期"
              // the first day that gives a second trip; the wheel opens two weeks on, never on the pick-up day
              start={secondTrip}
              end={lastUntilDay}
              initial={minDay(addDays(firstDay, 14), lastUntilDay)}
              invalid={!!errorOf('recurrence.until')}
              onChange={(until) => onChange({ until })}
            />
          </Field>
        </View>
      )}
    </View>
  );
}
