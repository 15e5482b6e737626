import { type ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { TextArea } from '../../components/TextInput';
import { AppButton } from '../../components/AppButton';
import { Chips, choicesOf } from '../../components/Chips';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { MAX_MEMBERS, RECENT_DATE_MAX_DAYS, REPORT_CATEGORIES, REPORT_CATEGORY_LABELS, shanghaiDateString } from '../../domain';
import { MemberCard } from './MemberCard';
import { PlaceFields } from './PlaceFields';
import { TravelFields } from './TravelFields';
import { type useHouseholdForm } from './useHouseholdForm';
import './form.css';

const CATEGORY_CHOICES = choicesOf(REPORT_CATEGORIES, REPORT_CATEGORY_LABELS);

interface HouseholdFormProps {
  form: ReturnType<typeof useHouseholdForm>;
  /** the consent part: the resident's own, or the worker's record of the resident's (代报) */
  consent: ReactNode;
  submitLabel: string;
  /** shown above the form (the 代报 page says who files) */
  intro?: ReactNode;
}

/** The household report form once its place is known: house, consent, members, category, travel, note. */
export function HouseholdForm({ form, consent, submitLabel, intro }: HouseholdFormProps) {
  const { setup, draft, errors } = form;
  if (setup.kind !== 'ready') return null;

  const now = new Date();
  const today = shanghaiDateString(now);
  const oldestDate = shanghaiDateString(new Date(now.getTime() - RECENT_DATE_MAX_DAYS * 86_400_000));

  return (
    <View className="page">
      <ErrorBanner lines={form.banner} />
      {intro}
      <PlaceFields
        communityName={setup.communityName}
        buildings={setup.buildings}
        fixedBuilding={setup.fixedBuilding}
        building={form.building}
        unit={draft.unit}
        room={draft.room}
        errors={errors}
        onBuilding={form.chooseBuilding}
        onUnit={form.chooseUnit}
        onRoom={form.chooseRoom}
      />

      {consent}

      <Text className="form__section">家庭成员</Text>
      {errors.members && <Text className="field__error form__members-error">{errors.members}</Text>}
      {draft.members.map((member, index) => (
        <MemberCard
          key={member.key}
          member={member}
          proxy={form.proxy}
          index={index}
          errors={errors}
          showHealth={draft.healthTravel}
          today={today}
          oldestDate={oldestDate}
          onChange={(patch) => form.updateMember(index, patch)}
          onHealthChange={(patch) => form.updateHealth(index, patch)}
          onToggleSymptom={(symptom) => form.toggleSymptom(index, symptom)}
          onRemove={index === 0 ? undefined : () => form.removeMember(index)}
        />
      ))}
      {draft.members.length < MAX_MEMBERS && (
        <AppButton kind="plain" onClick={form.addMember}>
          添加家庭成员
        </AppButton>
      )}

      <View className="card">
        <Text className="card__title">报备情况</Text>
        <Field label="报备类别" required error={errors.category}>
          <Chips big choices={CATEGORY_CHOICES} isOn={(c) => draft.category === c} onPick={form.setCategory} />
        </Field>
        {form.showTravel && (
          <View>
            <Text className="form__subtitle">行程信息</Text>
            {errors.travel && <Text className="field__error">{errors.travel}</Text>}
            <TravelFields travel={draft.travel} errors={errors} today={today} oldestDate={oldestDate} onChange={form.updateTravel} />
            {draft.category !== 'returning' && (
              <Text className="link" onClick={() => form.setTravelOpen(false)}>
                不填写行程信息
              </Text>
            )}
          </View>
        )}
        {draft.healthTravel && !form.showTravel && (
          <Text className="link" onClick={() => form.setTravelOpen(true)}>
            填写近期行程信息
          </Text>
        )}
        <Field label="备注" error={errors.note}>
          <TextArea
            className="textarea"
            value={draft.note}
            placeholder="其他需要说明的情况（可不填）"
            maxlength={500}
            onInput={(e) => form.setNote(e.detail.value)}
          />
        </Field>
      </View>

      <AppButton className="form__submit" disabled={form.submitting} onClick={form.submit}>
        {form.submitting ? '正在提交…' : submitLabel}
      </AppButton>
    </View>
  );
}
