import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { Chips, choicesOf } from '../../../components/Chips';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Field } from '../../../components/Field';
import { TextArea } from '../../../components/TextInput';
import { LIMITS, PHONE_OUTCOME_LABELS, PHONE_OUTCOMES, ROW_OUTCOME_LABELS, ROW_OUTCOMES, type PhoneOutcome, type RowOutcome } from '../../../domain';
import { callCloud } from '../../../services/cloud';

/**
 * The grid worker's passes on a batch row — 电话核查 (outcome), 入户走访 (见到本人?, measures), 每日更新 —
 * and its outcome (纳管 / 不在辖区 with where / 查无此人 / 已离开). 纳管's isolation starts from the
 * person card above (开始居家隔离) when 一人一档 knows the person.
 */
export function BatchRowActions({ rowId, onDone }: { rowId: string; onDone: () => void }) {
  const [phone, setPhone] = useState<PhoneOutcome | null>(null);
  const [atHome, setAtHome] = useState<'yes' | 'no' | null>(null);
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState<RowOutcome | null>(null);
  const [banner, setBanner] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const send = async (run: () => ReturnType<typeof callCloud<'batch', 'pass'>>) => {
    if (busy) return;
    setBusy(true);
    const res = await run();
    setBusy(false);
    if (!res.ok) return setBanner([res.message]);
    setBanner([]);
    setText('');
    onDone();
  };
  const note = text.trim() || undefined;

  return (
    <View className="card">
      <Text className="card__title">核查</Text>
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
        <AppButton kind="plain" disabled={busy || !phone} onClick={() => void send(() => callCloud('batch', 'pass', { rowId, kind: 'phone', phoneOutcome: phone!, note }))}>
          记录电话核查
        </AppButton>
        <AppButton
          kind="plain"
          disabled={busy || !atHome}
          onClick={() => void send(() => callCloud('batch', 'pass', { rowId, kind: 'visit', atHome: atHome === 'yes', ...(note ? { measures: note } : {}) }))}
        >
          记录入户走访
        </AppButton>
        <AppButton kind="plain" disabled={busy || !note} onClick={() => void send(() => callCloud('batch', 'pass', { rowId, kind: 'daily', note }))}>
          记录每日更新
        </AppButton>
      </View>
      <Field label="核查结果">
        <Chips choices={choicesOf(ROW_OUTCOMES, ROW_OUTCOME_LABELS)} isOn={(v) => v === outcome} onPick={setOutcome} />
      </Field>
      <AppButton
        disabled={busy || !outcome || (outcome === 'out_of_area' && !note)}
        onClick={() => void send(() => callCloud('batch', 'outcome', { rowId, outcome: outcome!, note, ...(outcome === 'out_of_area' ? { where: note } : {}) }))}
      >
        {outcome === 'out_of_area' && !note ? '请在上方填写现在何处' : '提交核查结果'}
      </AppButton>
    </View>
  );
}
