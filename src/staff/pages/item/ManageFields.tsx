import { Text, View } from '@tarojs/components';
import { Chips, choicesOf } from '../../../components/Chips';
import { CheckRow } from '../../../components/CheckRow';
import { Field } from '../../../components/Field';
import { KeyValue } from '../../../components/KeyValue';
import { DateField } from '../../../components/Pickers';
import { TextInput } from '../../../components/TextInput';
import { addDays, ISOLATION_KIND_LABELS, ISOLATION_KINDS, LIMITS, roomsOfUnit, shanghaiDateString, type IsolationKind, type RowFilingHint } from '../../../domain';

/** 纳管 from a row: the isolation (or monitoring) to start, and for persons 一人一档 does not know, where they are filed. */
export interface ManageDraft {
  isolate: boolean;
  kind: IsolationKind;
  days: number;
  startDate: string;
  reason: string;
  unit: string;
  room: string;
  /** ID numbers typed for rows whose list gives none, by row */
  ids: Record<string, string>;
  phone: string;
  informed: boolean;
}

export interface UnknownRow {
  rowId: string;
  name: string;
  needsId: boolean;
}

export function manageDraftOf(subject: string, filing: RowFilingHint | undefined): ManageDraft {
  return {
    isolate: true,
    kind: 'home_isolation',
    days: 14,
    startDate: shanghaiDateString(new Date()),
    reason: `上级核查：${subject}`,
    unit: filing?.unit ?? filing?.units[0]?.name ?? '',
    room: filing?.room ?? '',
    ids: {},
    phone: '',
    informed: false,
  };
}

/** What keeps the draft from being sent, by field ('' : nothing). */
export function manageProblems(draft: ManageDraft, filing: RowFilingHint | undefined, unknown: readonly UnknownRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!draft.isolate) return out;
  if (!draft.reason.trim()) out.reason = '请填写原因';
  if (unknown.length === 0 || !filing) return out;
  const unit = filing.units.find((u) => u.name === draft.unit);
  if (!unit) out.unit = '请选择单元';
  else if (!roomsOfUnit(unit).includes(draft.room.trim())) out.room = `${draft.unit}没有${draft.room.trim() || '这个'}房间，请核对`;
  for (const r of unknown) if (r.needsId && !draft.ids[r.rowId]?.trim()) out[`id.${r.rowId}`] = `请填写${r.name}的身份证号`;
  if (!draft.informed) out.informed = '请先告知本人并勾选';
  return out;
}

const KIND_CHOICES = choicesOf(ISOLATION_KINDS, ISOLATION_KIND_LABELS);

export function ManageFields({
  draft,
  filing,
  unknown,
  thisRow,
  errors,
  onChange,
}: {
  draft: ManageDraft;
  filing: RowFilingHint | undefined;
  unknown: readonly UnknownRow[];
  /** this row's id: its phone may be typed when the list gives none */
  thisRow: string;
  errors: Record<string, string>;
  onChange: (patch: Partial<ManageDraft>) => void;
}) {
  const today = shanghaiDateString(new Date());
  const filingNeeded = draft.isolate && unknown.length > 0 && !!filing;
  return (
    <View className="manage" data-testid="manage-fields">
      <CheckRow checked={draft.isolate} label="同时开始居家隔离或健康监测" onToggle={() => onChange({ isolate: !draft.isolate })} />
      {draft.isolate && (
        <View>
          <Field label="类型" required>
            <Chips choices={KIND_CHOICES} isOn={(k) => k === draft.kind} onPick={(kind) => onChange({ kind })} />
          </Field>
          <Field label="天数" required>
            <Chips choices={[7, 14].map((d) => ({ value: d, label: `${d}天` }))} isOn={(d) => d === draft.days} onPick={(days) => onChange({ days })} />
          </Field>
          <Field label="开始日期" required>
            <DateField title="开始日期" value={draft.startDate} placeholder="请选择" start={addDays(today, -14)} end={addDays(today, 14)} onChange={(startDate) => onChange({ startDate })} />
          </Field>
          <Field label="原因" required error={errors.reason}>
            <TextInput className="input" value={draft.reason} maxlength={LIMITS.isolationReason} placeholder="如：密切接触者" onInput={(e) => onChange({ reason: e.detail.value })} />
          </Field>
        </View>
      )}
      {filingNeeded && (
        <View className="manage__filing" data-testid="manage-filing">
          <Text className="card__title">{`建档（一人一档中没有：${unknown.map((r) => r.name).join('、')}）`}</Text>
          <Text className="muted small">按上级数据登记到一人一档：同时纳管的人登记为一户，该房间已有登记住户的登记为该户成员。请核对房间，补全缺少的信息。</Text>
          <KeyValue label="楼栋" value={filing.place} />
          <Field label="单元" required error={errors.unit}>
            <Chips choices={filing.units.map((u) => ({ value: u.name, label: u.name }))} isOn={(u) => u === draft.unit} onPick={(unit) => onChange({ unit })} />
          </Field>
          <Field label="房间" required error={errors.room} hint={filing.room ? `上级数据：${filing.room}` : '上级数据中没有房间号'}>
            <TextInput className={errors.room ? 'input input--error' : 'input'} value={draft.room} maxlength={20} placeholder="如：301" onInput={(e) => onChange({ room: e.detail.value })} />
          </Field>
          {unknown
            .filter((r) => r.needsId)
            .map((r) => (
              <Field key={r.rowId} label={`${r.name}的身份证号`} required error={errors[`id.${r.rowId}`]}>
                <TextInput
                  className="input"
                  value={draft.ids[r.rowId] ?? ''}
                  maxlength={18}
                  placeholder="上级数据中没有，请核实后填写"
                  onInput={(e) => onChange({ ids: { ...draft.ids, [r.rowId]: e.detail.value } })}
                />
              </Field>
            ))}
          {unknown.some((r) => r.rowId === thisRow) && !filing.hasPhone && (
            <Field label="手机号" hint="选填：上级数据中没有">
              <TextInput className="input" type="number" value={draft.phone} maxlength={11} placeholder="本人手机号" onInput={(e) => onChange({ phone: e.detail.value })} />
            </Field>
          )}
          <CheckRow checked={draft.informed} label="已告知本人：其信息将登记到社区一人一档" onToggle={() => onChange({ informed: !draft.informed })} />
          {errors.informed && <Text className="field__error">{errors.informed}</Text>}
        </View>
      )}
    </View>
  );
}
