import { View } from '@tarojs/components';
import { TextInput } from '../../components/TextInput';
import { choicesOf } from '../../components/Chips';
import { Field } from '../../components/Field';
import { DateField, SelectField } from '../../components/Pickers';
import { TRANSPORT_LABELS, TRANSPORTS } from '../../domain';
import { type TravelDraft } from './formModel';
import { RegionField } from './RegionField';

const TRANSPORT_CHOICES = choicesOf(TRANSPORTS, TRANSPORT_LABELS);

interface TravelFieldsProps {
  travel: TravelDraft;
  errors: Record<string, string>;
  today: string;
  oldestDate: string;
  onChange: (patch: Partial<TravelDraft>) => void;
}

export function TravelFields({ travel, errors, today, oldestDate, onChange }: TravelFieldsProps) {
  const errorOf = (field: keyof TravelDraft) => errors[`travel.${field}`];
  return (
    <View>
      <Field label="从哪里来" required error={errorOf('fromRegion')}>
        <RegionField value={travel.fromRegion} onChange={(fromRegion) => onChange({ fromRegion })} invalid={!!errorOf('fromRegion')} />
      </Field>
      <Field label="详细地址" error={errorOf('fromDetail')}>
        <TextInput
          className="input"
          value={travel.fromDetail}
          placeholder="详细地址（可不填）"
          maxlength={100}
          onInput={(e) => onChange({ fromDetail: e.detail.value })}
        />
      </Field>
      <Field label="到达本地日期" required error={errorOf('arrivalDate')}>
        <DateField
          title="到达日期"
          value={travel.arrivalDate}
          placeholder="请选择到达日期"
          start={oldestDate}
          end={today}
          onChange={(arrivalDate) => onChange({ arrivalDate })}
          invalid={!!errorOf('arrivalDate')}
        />
      </Field>
      <Field label="交通方式" required error={errorOf('transport')}>
        <SelectField
          title="交通方式"
          choices={TRANSPORT_CHOICES}
          value={travel.transport}
          placeholder="请选择交通方式"
          onChange={(transport) => onChange({ transport })}
          invalid={!!errorOf('transport')}
        />
      </Field>
      <Field label="车次 / 航班号" error={errorOf('transportNo')}>
        <TextInput
          className="input"
          value={travel.transportNo}
          placeholder="车次/航班号（可不填）"
          maxlength={20}
          onInput={(e) => onChange({ transportNo: e.detail.value })}
        />
      </Field>
    </View>
  );
}
