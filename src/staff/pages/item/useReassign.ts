import { useState } from 'react';
import { LIMITS, type AssigneeOption, type QueueItemDetail, type Result } from '../../../domain';
import { getAssignees, reassignItem } from '../../../services/staff';

type Options = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; list: AssigneeOption[] };

/**
 * 转派: pick a colleague responsible for the item's place and hand it over with an optional note.
 * `settle` is the item page's handling of an action's result (fresh detail, or why it failed).
 */
export function useReassign(itemId: string | null, settle: (result: Result<QueueItemDetail>) => boolean) {
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<Options>({ kind: 'loading' });
  const [chosen, setChosen] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async (id: string) => {
    setOptions({ kind: 'loading' });
    const result = await getAssignees(id);
    setOptions(result.ok ? { kind: 'ready', list: result.data } : { kind: 'error', message: result.message });
  };

  const start = () => {
    if (!itemId) return;
    setOpen(true);
    setChosen(null);
    setNote('');
    setError(null);
    void load(itemId);
  };

  const confirm = async () => {
    if (!itemId || busy) return;
    if (!chosen) return setError('请选择接手的工作人员');
    if (Array.from(note.trim()).length > LIMITS.note) return setError(`说明最多${LIMITS.note}个字`);
    setBusy(true);
    // the assignee as the worker saw it when the sheet opened: a hand-over by someone else meanwhile wins
    const current = options.kind === 'ready' ? (options.list.find((o) => o.current)?.staffId ?? null) : null;
    const result = await reassignItem(itemId, chosen, note, current);
    setBusy(false);
    // a refused colleague (deactivated meanwhile) stays in the sheet with the reason; anything else closes it
    if (!result.ok && result.code === 'ASSIGNEE_INVALID') {
      setError(result.message);
      return void load(itemId);
    }
    setOpen(false);
    settle(result);
  };

  return {
    open,
    options,
    chosen,
    note,
    error,
    busy,
    start,
    close: () => setOpen(false),
    choose: (staffId: string) => {
      setChosen(staffId);
      setError(null);
    },
    setNote: (value: string) => {
      setNote(value);
      setError(null);
    },
    retry: () => itemId && void load(itemId),
    confirm: () => void confirm(),
  };
}
