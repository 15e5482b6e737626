import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { Chips, choicesOf } from '../../../components/Chips';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Field } from '../../../components/Field';
import { TextArea } from '../../../components/TextInput';
import {
  LIMITS,
  PHONE_OUTCOME_LABELS,
  PHONE_OUTCOMES,
  ROW_OUTCOME_LABELS,
  ROW_OUTCOMES,
  type BatchRowDetailView,
  type PhoneOutcome,
  type RowOutcome,
  type RowResult,
} from '../../../domain';
import { callCloud } from '../../../services/cloud';
import { ManageFields, manageDraftOf, manageProblems, type ManageDraft, type UnknownRow } from './ManageFields';

type PassPayload = Omit<Extract<Parameters<typeof callCloud<'batch', 'pass'>>[2], object>, 'rowId'>;
type OutcomePayload = Omit<Extract<Parameters<typeof callCloud<'batch', 'outcome'>>[2], object>, 'rowId'>;

/**
 * The grid worker's passes on a batch row — 电话核查 (outcome), 入户走访 (见到本人?, measures), 每日更新 —
 * and its outcome (纳管 / 不在辖区 with where / 查无此人 / 已离开), on this row or on the rows of its
 * household picked with it (each row its own pass, refused row by row). 纳管 may start home
 * isolation or health monitoring at once, filing a person 一人一档 does not know from the row.
 */
export function BatchRowActions({
  row,
  together,
  onDone,
}: {
  row: BatchRowDetailView;
  /** the other rows picked to handle with this one */
  together: readonly string[];
  onDone: (results: RowResult[] | null) => void;
}) {
  const [phone, setPhone] = useState<PhoneOutcome | null>(null);
  const [atHome, setAtHome] = useState<'yes' | 'no' | null>(null);
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState<RowOutcome | null>(null);
  const [manage, setManage] = useState<ManageDraft>(() => manageDraftOf(row.subject, row.filing));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const rowIds = [row.rowId, ...together];
  const many = rowIds.length > 1;
  const count = many ? `（${rowIds.length}人）` : '';
  const note = text.trim() || undefined;

  // whom 纳管 files first: this row's person and the picked rows' persons 一人一档 does not know
  const unknown: UnknownRow[] = [
    ...(row.filing && !row.filing.known ? [{ rowId: row.rowId, name: row.name, needsId: row.filing.needsId }] : []),
    ...(row.together ?? []).filter((r) => together.includes(r.rowId) && !r.known).map((r) => ({ rowId: r.rowId, name: r.name, needsId: r.needsId })),
  ];

  const finish = (res: Awaited<ReturnType<typeof callCloud<'batch', 'passRows'>>> | Awaited<ReturnType<typeof callCloud<'batch', 'pass'>>>) => {
    if (!res.ok) {
      setBanner([res.message, ...(res.errors ?? []).filter((e) => e.message !== res.message).map((e) => e.message)]);
      return;
    }
    setBanner([]);
    setText('');
    onDone('results' in res.data ? res.data.results : null);
  };

  const sendPass = async (pass: PassPayload) => {
    if (busy) return;
    setBusy(true);
    const res = many ? await callCloud('batch', 'passRows', { rowIds, ...pass }) : await callCloud('batch', 'pass', { rowId: row.rowId, ...pass });
    setBusy(false);
    finish(res);
  };

  const sendOutcome = async () => {
    if (busy || !outcome) return;
    const managing = outcome === 'managed' && manage.isolate;
    const problems = managing ? manageProblems(manage, row.filing, unknown) : {};
    setErrors(problems);
    if (Object.keys(problems).length > 0) return setBanner(['请先补全纳管信息']);
    const payload: OutcomePayload = { outcome, ...(note ? { note } : {}), ...(outcome === 'out_of_area' ? { where: note } : {}) };
    if (managing) {
      payload.isolation = { kind: manage.kind, startDate: manage.startDate, plannedDays: manage.days, reason: manage.reason.trim() };
      if (unknown.length > 0 && row.filing) {
        const members = unknown
          .map((r) => ({
            rowId: r.rowId,
            ...(manage.ids[r.rowId]?.trim() ? { idNumber: manage.ids[r.rowId].trim() } : {}),
            ...(r.rowId === row.rowId && manage.phone.trim() ? { phone: manage.phone.trim() } : {}),
          }))
          .filter((m) => Object.keys(m).length > 1);
        payload.filing = { unit: manage.unit, room: manage.room.trim(), informed: manage.informed, members };
      }
    }
    setBusy(true);
    const res = many ? await callCloud('batch', 'outcomeRows', { rowIds, ...payload }) : await callCloud('batch', 'outcome', { rowId: row.rowId, ...payload });
    setBusy(false);
    finish(res);
  };

  return (
    <View className="card">
      <Text className="card__title">{many ? `核查（一起记录${rowIds.length}人）` : '核查'}</Text>
      <ErrorBanner lines={banner} />
      <Field label="电话核查">
        <Chips choices={choicesOf(PHONE_OUTCOMES, PHONE_OUTCOME_LABELS)} isOn={(v) => v === phone} onPick={setPhone} />
      </Field>
      <Field label="入户走访">
        <Chips
          choices={[
            { value: 'yes', label: '见到本人' },
            { value: 'no', label: '未见到本人' },
          ]}
          isOn={(v) => v === atHome}
          onPick={setAtHome}
        />
      </Field>
      <Field label="情况 / 管控措施">
        <TextArea className="textarea" value={text} maxlength={LIMITS.note} placeholder="如：已告知居家健康监测，人在辖区" onInput={(e) => setText(e.detail.value)} />
      </Field>
      <View className="batch-actions">
        <AppButton kind="plain" disabled={busy || !phone} onClick={() => void sendPass({ kind: 'phone', phoneOutcome: phone!, ...(note ? { note } : {}) })}>
          {`记录电话核查${count}`}
        </AppButton>
        <AppButton kind="plain" disabled={busy || !atHome} onClick={() => void sendPass({ kind: 'visit', atHome: atHome === 'yes', ...(note ? { measures: note } : {}) })}>
          {`记录入户走访${count}`}
        </AppButton>
        <AppButton kind="plain" disabled={busy || !note} onClick={() => void sendPass({ kind: 'daily', note })}>
          {`记录每日更新${count}`}
        </AppButton>
      </View>
      <Field label="核查结果">
        <Chips choices={choicesOf(ROW_OUTCOMES, ROW_OUTCOME_LABELS)} isOn={(v) => v === outcome} onPick={setOutcome} />
      </Field>
      {outcome === 'managed' && (
        <ManageFields
          draft={manage}
          filing={row.filing}
          unknown={unknown}
          thisRow={row.rowId}
          errors={errors}
          onChange={(patch) => {
            setManage((d) => ({ ...d, ...patch }));
            setErrors({});
            setBanner([]);
          }}
        />
      )}
      <AppButton disabled={busy || !outcome || (outcome === 'out_of_area' && !note)} onClick={() => void sendOutcome()}>
        {outcome === 'out_of_area' && !note ? '请在上方填写现在何处' : outcome === 'managed' && manage.isolate ? `纳管并开始${manage.kind === 'home_isolation' ? '居家隔离' : '健康监测'}${count}` : `提交核查结果${count}`}
      </AppButton>
    </View>
  );
}
