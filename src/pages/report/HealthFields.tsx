import { View } from '@tarojs/components';
import { TextInput } from '../../components/TextInput';
import { Chips, choicesOf, type Choice } from '../../components/Chips';
import { Field } from '../../components/Field';
import { DateField, SelectField } from '../../components/Pickers';
import {
  HEALTH_CODE_LABELS,
  HEALTH_CODES,
  NUCLEIC_RESULT_LABELS,
  NUCLEIC_RESULTS,
  SYMPTOM_LABELS,
  SYMPTOMS,
  type Symptom,
} from '../../domain';
import { type HealthDraft } from './formModel';

const NO_SYMPTOM = 'none';
const SYMPTOM_CHOICES: Choice<Symptom | typeof NO_SYMPTOM>[] = [
  { value: NO_SYMPTOM, label: '无症状' },
  ...choicesOf(SYMPTOMS, SYMPTOM_LABELS),
];
const HEALTH_CODE_CHOICES = choicesOf(HEALTH_CODES, HEALTH_CODE_LABELS);
const NUCLEIC_CHOICES = choicesOf(NUCLEIC_RESULTS, NUCLEIC_RESULT_LABELS);
const DOSE_CHOICES: Choice<number>[] = [0, 1, 2, 3, 4].map((n) => ({ value: n, label: n === 0 ? '未接种' : `${n} 剂` }));

interface HealthFieldsProps {
  health: HealthDraft;
  /** error of a health field by its name, e.g. `temperature` */
  errorOf: (field: keyof HealthDraft) => string | undefined;
  today: string;
  oldestDate: string;
  onChange: (patch: Partial<HealthDraft>) => void;
  onToggleSymptom: (symptom: Symptom) => void;
}

export function HealthFields({ health, errorOf, today, oldestDate, onChange, onToggleSymptom }: HealthFieldsProps) {
  return (
    <View className="form__health">
      <Field label="体温" error={errorOf('temperature')}>
        <TextInput
          className={errorOf('temperature') ? 'input input--error' : 'input'}
          type="digit"
          value={health.temperature}
          placeholder="体温（℃，可不填）"
          maxlength={4}
          onInput={(e) => onChange({ temperature: e.detail.value })}
        />
      </Field>
      <Field label="症状（可多选）" required error={errorOf('symptoms')}>
        <Chips
          choices={SYMPTOM_CHOICES}
          isOn={(s) => (s === NO_SYMPTOM ? health.symptoms?.length === 0 : (health.symptoms?.includes(s) ?? false))}
          onPick={(s) => (s === NO_SYMPTOM ? onChange({ symptoms: [] }) : onToggleSymptom(s))}
        />
      </Field>
      <Field label="健康码" required error={errorOf('healthCode')}>
        <Chips choices={HEALTH_CODE_CHOICES} isOn={(c) => health.healthCode === c} onPick={(healthCode) => onChange({ healthCode })} />
      </Field>
      <Field label="新冠疫苗接种" error={errorOf('vaccineDoses')}>
        <SelectField
          title="疫苗接种剂次"
          choices={DOSE_CHOICES}
          value={health.vaccineDoses}
          placeholder="请选择接种剂次（可不填）"
          onChange={(vaccineDoses) => onChange({ vaccineDoses })}
          invalid={!!errorOf('vaccineDoses')}
        />
      </Field>
      <Field label="最近一次核酸检测" error={errorOf('nucleicAcidDate') ?? errorOf('nucleicAcidResult')}>
        <DateField
          title="核酸检测日期"
          value={health.nucleicAcidDate}
          placeholder="请选择检测日期（可不填）"
          start={oldestDate}
          end={today}
          onChange={(nucleicAcidDate) => onChange({ nucleicAcidDate })}
          invalid={!!errorOf('nucleicAcidDate')}
        />
        {health.nucleicAcidDate && (
          <View className="form__sub">
            <Chips
              choices={NUCLEIC_CHOICES}
              isOn={(r) => health.nucleicAcidResult === r}
              onPick={(nucleicAcidResult) => onChange({ nucleicAcidResult })}
            />
          </View>
        )}
      </Field>
    </View>
  );
}
