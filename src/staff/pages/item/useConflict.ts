import { useState } from 'react';
import { CONFLICT_RESOLUTION_LABELS, LIMITS, type ConflictResolution, type QueueItemDetail, type Result } from '../../../domain';
import { resolveConflict } from '../../../services/staff';

/** Deciding a household conflict: pick one of the three, confirm in a sheet (with an optional note). */
export function useConflict(itemId: string | null, settle: (result: Result<QueueItemDetail>, done: string) => boolean) {
  const [choice, setChoice] = useState<ConflictResolution | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    if (!itemId || !choice || busy) return;
    const trimmed = note.trim();
    if (Array.from(trimmed).length > LIMITS.note) return setError(`最多${LIMITS.note}个字`);
    setBusy(true);
    const result = await resolveConflict(itemId, choice, trimmed);
    setBusy(false);
    const decided = choice;
    setChoice(null);
    if (settle(result, `已处理：${CONFLICT_RESOLUTION_LABELS[decided]}`)) setNote('');
  };

  return {
    choice,
    note,
    error,
    busy,
    choose: (c: ConflictResolution) => {
      setChoice(c);
      setError(null);
    },
    setNote: (v: string) => {
      setNote(v);
      setError(null);
    },
    dismiss: () => setChoice(null),
    confirm: () => void confirm(),
  };
}
