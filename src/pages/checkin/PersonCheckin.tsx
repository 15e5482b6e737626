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
  type SlotView,
  type Symptom,
} from '../../domain';
import { currentSlot } from '../../services/checkins';
import { OffSlotReadings } from './OffSlotReadings';
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

/** The next slot of today still to come, which an off-slot reading does not fill. */
function nextSlot(slots: readonly SlotView[]): SlotView | null {
  return slots.find((s) => s.state === 'pending' && s.phase === 'upcoming') ?? null;
}

/** 下午打卡 14:00 开始，届时请再测一次 — or nothing when no slot is left today. */
function nextSlotLine(slots: readonly SlotView[]): string | null {
  const next = nextSlot(slots);
  return next ? `${next.label}打卡 ${formatShanghai(next.opensAt, 'HH:mm')} 开始，届时请再测一次体温` : null;
}

function OutcomeBox({ outcome, person, worker }: { outcome: CheckinOutcome; person: CheckinPersonView; worker: GridWorkerContact | null }) {
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
  if (outcome.slot === null) {
    const next = nextSlotLine(person.slots);
    return (
      <View className="ci-ok">
        <Text className="ci-ok__title">体温已记录</Text>
        <Text className="ci-ok__text">现在不在打卡时段，本次不计入打卡{next ? `；${next}` : ''}</Text>
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

/** What the form fills: the slot the server flags current, or else an off-slot reading (立即上报). */
function FormHead({ slot, slots }: { slot: SlotView | null; slots: readonly SlotView[] }) {
  if (slot === null) {
    const next = nextSlotLine(slots);
    return (
      <View className="ci-form__head">
        <Text className="ci-form__title">立即上报体温/症状</Text>
        <Text className="muted small ci-form__hint">
          发热或有不适随时上报，会立即通知网格员。现在不在打卡时段，本次不计入打卡{next ? `；${next}` : ''}。
        </Text>
      </View>
    );
  }
  const closed = slot.phase === 'closed';
  const checkedIn = slot.state === 'done' || slot.state === 'fever';
  return (
    <View className="ci-form__head">
      <View className="row">
        <Text className="ci-form__title">{slot.label}打卡</Text>
        <Text className={closed ? 'ci-form__due ci-form__due--late' : 'ci-form__due'}>
          {closed ? '已过截止时间，可补打卡' : `${formatShanghai(slot.closesAt, 'HH:mm')} 前`}
        </Text>
      </View>
      {checkedIn && <Text className="muted small ci-form__hint">本时段已打卡，再次提交将更正</Text>}
    </View>
  );
}

/**
 * One person under isolation: today's slots (each with its state and when it opens or closes), the
 * readings reported outside them, and one form — for the slot a check-in now counts for (the
 * server's `current`), or, outside every slot, to report a temperature or a symptom at once.
 */
export function PersonCheckin({ person, date, draft, outcome, busy, worker, onTemperature, onSymptom, onSubmit }: PersonCheckinProps) {
  const slot = currentSlot(person.slots);
  const daysLeft = daysBetween(date, person.endDate) + 1;
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
      <OffSlotReadings readings={person.offSlot} />

      {outcome && <OutcomeBox outcome={outcome} person={person} worker={worker} />}

      <View className="ci-form">
        <FormHead slot={slot} slots={person.slots} />
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
          {busy ? '正在提交…' : slot ? '提交打卡' : '立即上报'}
        </AppButton>
      </View>
    </View>
  );
}
