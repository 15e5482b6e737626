import { Text, View } from '@tarojs/components';
import { AppButton } from '../../components/AppButton';
import { Chips, choicesOf } from '../../components/Chips';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { PageStatus, StateView } from '../../components/StateView';
import { TextArea, TextInput } from '../../components/TextInput';
import {
  DEFAULT_SLA_MINUTES,
  MAX_RECURRENCE_DAYS,
  RELATION_LABELS,
  REQUEST_KIND_LABELS,
  MAX_PICKUP_DAYS_AHEAD,
  REQUEST_KINDS,
  shanghaiDateString,
  URGENCIES,
  URGENCY_LABELS,
  type Urgency,
} from '../../domain';
import { Sheet } from '../../components/Sheet';
import { PrescriptionPhoto } from './PrescriptionPhoto';
import { SuppliesFields } from './SuppliesFields';
import { TransportFields } from './TransportFields';
import { useRequestForm } from './useRequestForm';
import './new.css';

const KIND_CHOICES = choicesOf(REQUEST_KINDS, REQUEST_KIND_LABELS);
const URGENCY_CHOICES = choicesOf(URGENCIES, URGENCY_LABELS);
const DAY_MS = 86_400_000;

function durationText(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60}小时` : `${minutes}分钟`;
}

/** The default response times; a community may set its own, so this is a promise of order, not to the minute. */
function urgencyHint(urgency: Urgency): string {
  const base = `${URGENCY_LABELS[urgency]}：网格员将在${durationText(DEFAULT_SLA_MINUTES[urgency])}内响应`;
  return urgency === 'emergency' ? `${base}。有生命危险请先拨打120` : base;
}

export default function RequestFormPage() {
  const form = useRequestForm();
  const { setup, draft, errors } = form;

  if (setup.kind === 'loading' || setup.kind === 'error') return <PageStatus state={setup} onRetry={form.retry} />;
  if (setup.kind === 'no_household')
    return (
      <View className="page">
        <StateView text={setup.message} actionText="去报备" onAction={form.goReport} />
      </View>
    );

  const now = Date.now();
  const day = (offset: number) => shanghaiDateString(new Date(now + offset * DAY_MS));
  const personChoices = setup.household.members.map((m) => ({ value: m.personId, label: `${m.name}（${RELATION_LABELS[m.relation]}）` }));

  return (
    <View className="page">
      <ErrorBanner lines={form.banner} />

      <View className="card">
        <Field label="求助类型" required>
          <Chips big choices={KIND_CHOICES} isOn={(k) => draft.kind === k} onPick={form.setKind} />
        </Field>
        <Field label="为谁求助" required error={errors.personId}>
          <Chips choices={personChoices} isOn={(id) => draft.personId === id} onPick={form.setPerson} />
        </Field>
        <Field label="紧急程度" required error={errors.urgency} hint={urgencyHint(draft.urgency)}>
          <View className="new__urgency">
            <Chips choices={URGENCY_CHOICES} isOn={(u) => draft.urgency === u} onPick={form.setUrgency} />
          </View>
        </Field>
      </View>

      <View className="card">
        <Text className="card__title">{REQUEST_KIND_LABELS[draft.kind]}</Text>
        {draft.kind === 'supplies' && (
          <SuppliesFields items={draft.items} errors={errors} onChange={form.updateItem} onAdd={form.addItem} onRemove={form.removeItem} />
        )}
        {draft.kind === 'medicine' && (
          <View>
            <Field label="药品名称" required error={errors['details.drug']}>
              <TextInput
                className={errors['details.drug'] ? 'input input--error' : 'input'}
                value={draft.drug}
                placeholder="如：硝苯地平缓释片"
                maxlength={50}
                onInput={(e) => form.setDrug(e.detail.value)}
              />
            </Field>
            <Field label="数量" required error={errors['details.quantity']}>
              <TextInput
                className={errors['details.quantity'] ? 'input input--error' : 'input'}
                value={draft.drugQuantity}
                placeholder="如：2盒"
                maxlength={20}
                onInput={(e) => form.setDrugQuantity(e.detail.value)}
              />
            </Field>
            <PrescriptionPhoto
              photo={form.prescription.photo}
              error={errors['details.prescriptionFileId']}
              onChoose={form.prescription.choose}
              onRemove={form.prescription.remove}
            />
          </View>
        )}
        {draft.kind === 'transport' && (
          <TransportFields
            draft={draft}
            errors={errors}
            today={day(0)}
            tomorrow={day(1)}
            lastPickupDay={day(MAX_PICKUP_DAYS_AHEAD)}
            lastUntilDay={day(MAX_RECURRENCE_DAYS)}
            onChange={form.updateTransport}
          />
        )}
        {draft.kind === 'other' && (
          <Field label="需要什么帮助" required error={errors['details.description']}>
            <TextArea
              className={errors['details.description'] ? 'textarea input--error' : 'textarea'}
              value={draft.description}
              placeholder="请简要说明您遇到的困难"
              maxlength={500}
              onInput={(e) => form.setDescription(e.detail.value)}
            />
          </Field>
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

      <AppButton
        className="new__submit"
        kind={draft.urgency === 'emergency' ? 'danger' : 'primary'}
        disabled={form.submitting}
        onClick={form.submit}
      >
        {form.submitting ? '正在提交…' : '提交求助'}
      </AppButton>

      {form.emergencyOffer && (
        <Sheet title="危急情况请先拨打120" onDismiss={form.closeEmergencyOffer}>
          <Text className="sheet__text">如有生命危险，请立即拨打120急救电话。无论是否拨打，您的求助都会同时发送给网格员。</Text>
          <AppButton kind="danger" onClick={form.callAndFile}>
            拨打120并提交求助
          </AppButton>
          <AppButton onClick={form.fileWithoutCall}>直接提交求助</AppButton>
          <AppButton kind="plain" onClick={form.closeEmergencyOffer}>
            返回修改
          </AppButton>
        </Sheet>
      )}
    </View>
  );
}
