import { useState } from 'react';
import { addDays, BATCH_FIELDS, type BatchField, type BatchRowView, type BatchView, type ColumnMapping, type ImportView } from '../../../domain';
import { batchView, confirmMapping, dispatch, errorFile, errorRows, openFile, pickAndImport, returnFile, runStep } from '../../../services/batches';
import { todayString } from '../../../services/checkins';

export type ImportStep =
  | { kind: 'form' }
  | { kind: 'uploading' }
  | { kind: 'mapping'; view: ImportView; fileName: string }
  | { kind: 'running'; view: ImportView; fileName: string }
  | { kind: 'ready'; batch: BatchView; errors: BatchRowView[]; fileName: string; duplicateFile: boolean; dispatched?: number };

/** 下发单位 + 专题 + 时限 → pick and upload → confirm the columns → the job's steps → rows, errors → dispatch → return file. */
export function useBatchImport() {
  const [source, setSource] = useState('');
  const [subject, setSubject] = useState('');
  const [deadlineDate, setDeadlineDate] = useState(addDays(todayString(), 1));
  const [step, setStep] = useState<ImportStep>({ kind: 'form' });
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [banner, setBanner] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const showBatch = async (batchId: string, fileName: string, duplicateFile: boolean, dispatched?: number) => {
    const [b, e] = await Promise.all([batchView(batchId), errorRows(batchId)]);
    if (!b.ok) return setBanner([b.message]);
    setStep({ kind: 'ready', batch: b.data, errors: e.ok ? e.data.items : [], fileName, duplicateFile, ...(dispatched !== undefined ? { dispatched } : {}) });
  };

  const run = async (view: ImportView, fileName: string) => {
    let v = view;
    setStep({ kind: 'running', view: v, fileName });
    while (v.status === 'running') {
      const res = await runStep(v.importId);
      if (!res.ok) return setBanner([res.message]);
      v = res.data;
      setStep({ kind: 'running', view: v, fileName });
    }
    await showBatch(v.batchId, fileName, false);
  };

  const pick = async () => {
    const missing = [!source.trim() && '请填写下发单位', !subject.trim() && '请填写核查专题'].filter((m): m is string => !!m);
    if (missing.length) return setBanner(missing);
    setBanner([]);
    setStep({ kind: 'uploading' });
    const res = await pickAndImport({ source: source.trim(), subject: subject.trim(), deadline: `${deadlineDate}T18:00:00+08:00` });
    if (!res.ok) {
      setStep({ kind: 'form' });
      if (res.code !== 'CANCELLED') setBanner([res.message]);
      return;
    }
    const view = res.data;
    if (view.duplicateFile) return showBatch(view.batchId, res.data.fileName, true);
    if (view.status === 'mapping') {
      setMapping(view.mapping);
      return setStep({ kind: 'mapping', view, fileName: res.data.fileName });
    }
    await run(view, res.data.fileName);
  };

  const setColumn = (field: BatchField, column: number | null) => {
    const next: ColumnMapping = {};
    for (const f of BATCH_FIELDS) {
      const c = f === field ? column : (mapping[f] ?? null);
      // a column maps to one field: taking it for this field frees it elsewhere
      if (c !== null && (f === field || c !== column)) next[f] = c;
    }
    setMapping(next);
  };

  const confirm = async () => {
    if (step.kind !== 'mapping' || busy) return;
    setBusy(true);
    const res = await confirmMapping(step.view.importId, mapping);
    setBusy(false);
    if (!res.ok) return setBanner([res.message]);
    setBanner([]);
    await run(res.data, step.fileName);
  };

  const send = async (withErrors: boolean) => {
    if (step.kind !== 'ready' || busy) return;
    setBusy(true);
    let total = 0;
    for (;;) {
      const res = await dispatch(step.batch.batchId, withErrors);
      if (!res.ok) {
        setBusy(false);
        return setBanner([res.message]);
      }
      total += res.data.dispatched;
      if (!res.data.more) break;
    }
    setBusy(false);
    await showBatch(step.batch.batchId, step.fileName, false, total);
  };

  const download = async (which: 'errors' | 'return') => {
    if (step.kind !== 'ready' || busy) return;
    setBusy(true);
    const res = which === 'errors' ? await errorFile(step.batch.batchId) : await returnFile(step.batch.batchId);
    setBusy(false);
    if (!res.ok) return setBanner([res.message]);
    await openFile(res.data.url);
  };

  return {
    source,
    subject,
    deadlineDate,
    setSource,
    setSubject,
    setDeadlineDate,
    step,
    mapping,
    banner,
    busy,
    setColumn,
    pick: () => void pick(),
    confirm: () => void confirm(),
    send: (withErrors: boolean) => void send(withErrors),
    download: (which: 'errors' | 'return') => void download(which),
    again: () => setStep({ kind: 'form' }),
  };
}
