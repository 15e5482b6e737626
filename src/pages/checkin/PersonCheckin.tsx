import { Text, View } from '@tarojs/components';
import { AppButton } from '../../components/AppButton';
import { Chips, choicesOf, type Choice } from '../../components/Chips';
import { Field } from '../../components/Field';
import { TextInput } from '../../components/TextInput';
import { WorkerContact } from '../../components/WorkerContact';
import {
  daysBetween,
  formatShanghai,
  ISOLATION_KIND_LABELS,
  SYMPTOM_LABELS,
  SYMPTOMS,
  type CheckinPersonView,
  type GridWorkerContact,
  type Symptom,
} from '../../domain';
import { currentSlot } from '../../services/checkins';
import { SlotBadges } from './SlotBadges';
import { type CheckinDraft, type CheckinOutcome } from './useCheckin';

const NONE = 'none';
const SYMPTOM_CHOICES: Choice<Symptom | typeof NONE>[] = [{ value: NONE, label: '无不适' }, ...choicesOf(SYMPTOMS, SYMPTOM_LABELS)];

interface PersonCheckinProps {
  person: CheckinPersonView;
  date: string;
  draft: CheckinDraft;
  outcome?: CheckinOutcome;
  busy: boolean;
  worker: GridWorkerContact | null;
  onTemperature: (value: string) => void;
  onSymptom: (symptom: Symptom | null) => void;
  onSubmit: () => void;
}

function OutcomeBox({ outcome, worker }: { outcome: CheckinOutcome; worker: GridWorkerContact | null }) {
  if (outcome.alarming) {
    return (
      <View className="ci-alert">
        <Text className="ci-alert__title">{outcome.fever ? '体温异常，已通知网格员' : '身体不适，已通知网格员'}</Text>
        {outcome.corrected && <Text className="ci-alert__text">{`已更正${outcome.slotLabel}打卡`}</Text>}
        <Text className="ci-alert__text">
          请留在家中、保持电话畅通，网格员会尽快与您联系。如出现呼吸困难、胸痛等紧急情况，请立即拨打120。
        </Text>
        <WorkerContact worker={worker} />
      </View>
    );
  }
  return (
    <View className="ci-ok">
      <Text className="ci-ok__title">{outcome.corrected ? `已更正${outcome.slotLabel}打卡` : `${outcome.slotLabel}打卡成功`}</Text>
      {outcome.late && <Text className="ci-ok__text">已过截止时间，记为补打卡</Text>}
    </View>
  );
}

/** One person under isolation: today's slots, and the form for the slot a check-in now counts for (the server's `current`). */
export function PersonCheckin({ person, date, draft, outcome, busy, worker, onTemperature, onSymptom, onSubmit }: PersonCheckinProps) {
  const slot = currentSlot(person.slots);
  const daysLeft = daysBetween(date, person.endDate) + 1;
  const checkedIn = slot !== null && (slot.state === 'done' || slot.state === 'fever');
  const closed = slot !== null && Date.parse(slot.closesAt) <= Date.now();
  return (
    <View className="card ci-person">
      <View className="row ci-person__head">
        <Text className="ci-person__name">{person.name}</Text>
        <Text className={`ci-kind ci-kind--${person.kind}`}>{ISOLATION_KIND_LABELS[person.kind]}</Text>
      </View>
      <Text className="muted ci-person__until">
        至 {formatShanghai(person.endDate, 'M月D日')}
        {daysLeft > 0 ? `（还剩${daysLeft}天）` : ''}
      </Text>
      <SlotBadges slots={person.slots} />

      {outcome && <OutcomeBox outcome={outcome} worker={worker} />}

      {slot === null || slot.state === 'not_expected' ? (
        <Text className="muted ci-none">当前时段无需打卡</Text>
      ) : (
        <View className="ci-form">
          <View className="row ci-form__head">
            <Text className="ci-form__title">{slot.label}打卡</Text>
            <Text className={closed ? 'ci-form__due ci-form__due--late' : 'ci-form__due'}>
              {closed ? '已过截止时间，可补打卡' : `${formatShanghai(slot.closesAt, 'HH:mm')} 前`}
            </Text>
          </View>
          {checkedIn && <Text className="muted small ci-form__hint">本时段已打卡，再次提交将更正</Text>}
          <Field label="体温（℃）" required error={draft.error ?? undefined}>
            <View className="ci-temp">
              <TextInput
                className={draft.error ? 'input input--error ci-temp__input' : 'input ci-temp__input'}
                type="digit"
                value={draft.temperature}
                placeholder="如 36.5"
                maxlength={4}
                onInput={(e) => onTemperature(e.detail.value)}
              />
              <Text className="ci-temp__unit">℃</Text>
            </View>
          </Field>
          <Field label="有无不适（可多选）">
            <Chips
              choices={SYMPTOM_CHOICES}
              isOn={(s) => (s === NONE ? draft.symptoms.length === 0 : draft.symptoms.includes(s))}
              onPick={(s) => onSymptom(s === NONE ? null : s)}
            />
          </Field>
          <AppButton className="ci-submit" disabled={busy} onClick={onSubmit}>
            {busy ? '正在提交…' : '提交打卡'}
          </AppButton>
        </View>
      )}
    </View>
  );
}
