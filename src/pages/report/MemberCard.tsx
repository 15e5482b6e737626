import { Text, View } from '@tarojs/components';
import { TextInput } from '../../components/TextInput';
import { AppButton } from '../../components/AppButton';
import { choicesOf } from '../../components/Chips';
import { Field } from '../../components/Field';
import { SelectField } from '../../components/Pickers';
import { ID_TYPE_LABELS, ID_TYPES, PERSON_NAME_MAX, RELATION_LABELS, RELATIONS, type Symptom } from '../../domain';
import { type HealthDraft, type MemberDraft } from './formModel';
import { HealthFields } from './HealthFields';

/** Typing may go past the schema's limit, to be refused with the count shown, never silently cut. */
const NAME_TYPING_MAX = PERSON_NAME_MAX * 2;
const nameCount = (name: string): string | undefined => {
  const n = Array.from(name.trim()).length;
  return n > 0 ? `${n}/${PERSON_NAME_MAX}` : undefined;
};

// one member is the reporter (本人); the others pick any other relation
const OTHER_RELATIONS = choicesOf(
  RELATIONS.filter((r) => r !== 'self'),
  RELATION_LABELS,
);
const ID_TYPE_CHOICES = choicesOf(ID_TYPES, ID_TYPE_LABELS);

interface MemberCardProps {
  member: MemberDraft;
  /** 代报: the card names the resident, and no phone is required (the worker is the contact) */
  proxy: boolean;
  index: number;
  errors: Record<string, string>;
  showHealth: boolean;
  today: string;
  oldestDate: string;
  onChange: (patch: Partial<Omit<MemberDraft, 'key' | 'health'>>) => void;
  onHealthChange: (patch: Partial<HealthDraft>) => void;
  onToggleSymptom: (symptom: Symptom) => void;
  /** absent for the reporter (本人, always the first card), who cannot be removed */
  onRemove?: () => void;
}

export function MemberCard({
  member,
  proxy,
  index,
  errors,
  showHealth,
  today,
  oldestDate,
  onChange,
  onHealthChange,
  onToggleSymptom,
  onRemove,
}: MemberCardProps) {
  const errorOf = (field: string) => errors[`members.${index}.${field}`];
  const inputClass = (field: string) => (errorOf(field) ? 'input input--error' : 'input');
  const isReporter = !onRemove;

  return (
    <View className="card">
      <View className="row form__member-head">
        <Text className="card__title">{isReporter ? (proxy ? '居民本人' : '填报人（本人）') : `家庭成员 ${index + 1}`}</Text>
        {onRemove && (
          <AppButton kind="plain" small onClick={onRemove}>
            删除
          </AppButton>
        )}
      </View>
      {/* not cut at the limit: a long name is refused with the limit shown, never silently shortened */}
      <Field label="姓名" required error={errorOf('name')} hint={nameCount(member.name)}>
        <TextInput
          className={inputClass('name')}
          value={member.name}
          placeholder="请输入姓名"
          maxlength={NAME_TYPING_MAX}
          onInput={(e) => onChange({ name: e.detail.value })}
        />
      </Field>
      {!isReporter && (
        <Field label="与填报人关系" required error={errorOf('relation')}>
          <SelectField
            title="与填报人关系"
            choices={OTHER_RELATIONS}
            value={member.relation}
            placeholder="请选择关系"
            onChange={(relation) => onChange({ relation })}
            invalid={!!errorOf('relation')}
          />
        </Field>
      )}
      {member.filed && !member.changeId ? (
        <Field label="证件号码" error={errorOf('personId') ?? errorOf('idNumber')}>
          <View className="row form__filed">
            <Text className="form__filed-value">
              {ID_TYPE_LABELS[member.idType]} {member.filed.idMasked}
            </Text>
            <Text className="form__filed-tag">已登记</Text>
            <Text className="link" onClick={() => onChange({ changeId: true })}>
              修改
            </Text>
          </View>
        </Field>
      ) : (
        <View>
          <Field label="证件类型" required error={errorOf('idType')}>
            <SelectField
              title="证件类型"
              choices={ID_TYPE_CHOICES}
              value={member.idType}
              placeholder="请选择证件类型"
              onChange={(idType) => onChange({ idType })}
            />
          </Field>
          <Field
            label="证件号码"
            required
            error={errorOf('idNumber')}
            hint={member.filed ? `原登记 ${member.filed.idMasked}，请填写正确的完整号码` : undefined}
          >
            <TextInput
              className={inputClass('idNumber')}
              type={member.idType === 'id_card' ? 'idcard' : 'text'}
              value={member.idNumber}
              placeholder="请输入证件号码"
              maxlength={30}
              onInput={(e) => onChange({ idNumber: e.detail.value })}
            />
          </Field>
        </View>
      )}
      {member.filed?.phoneMasked && !member.changeId && !member.changePhone ? (
        <Field label="手机号" error={errorOf('phone')}>
          <View className="row form__filed">
            <Text className="form__filed-value">{member.filed.phoneMasked}</Text>
            <Text className="form__filed-tag">已登记</Text>
            <Text className="link" onClick={() => onChange({ changePhone: true })}>
              修改
            </Text>
          </View>
        </Field>
      ) : (
        <Field label="手机号" error={errorOf('phone')}>
          <TextInput
            className={inputClass('phone')}
            type="number"
            value={member.phone}
            placeholder={proxy ? '手机号（没有可不填）' : '请输入手机号（14岁以下可不填）'}
            maxlength={11}
            onInput={(e) => onChange({ phone: e.detail.value })}
          />
        </Field>
      )}
      {showHealth && (
        <HealthFields
          health={member.health}
          errorOf={(field) => errorOf(`health.${field}`)}
          today={today}
          oldestDate={oldestDate}
          onChange={onHealthChange}
          onToggleSymptom={onToggleSymptom}
        />
      )}
    </View>
  );
}
