import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { type CheckinResult, type CheckinToday, type GridWorkerContact, type Symptom, Pages } from '../../domain';
import { getCheckinToday, isFever, parseTemperature, setReminders, submitCheckin } from '../../services/checkins';
import { getMyHousehold } from '../../services/reports';

export type CheckinState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  /** nothing filed yet: check-ins belong to a household */
  | { kind: 'no_household' }
  | { kind: 'ready'; today: CheckinToday };

export interface CheckinDraft {
  temperature: string;
  symptoms: Symptom[];
  error: string | null;
}

/** What the last submission for a person said; `fever` from what was sent. */
export type CheckinOutcome = CheckinResult & { fever: boolean };

const EMPTY_DRAFT: CheckinDraft = { temperature: '', symptoms: [], error: null };

/** The check-in page: today's slots per person, one form per person, the reminder switch. */
export function useCheckin() {
  const [state, setState] = useState<CheckinState>({ kind: 'loading' });
  const [worker, setWorker] = useState<GridWorkerContact | null>(null);
  const [drafts, setDrafts] = useState<Record<string, CheckinDraft>>({});
  const [outcomes, setOutcomes] = useState<Record<string, CheckinOutcome>>({});
  const [busy, setBusy] = useState<string | null>(null);
  // the household's subscription as the server keeps it (`CheckinToday.reminders`), then as switched here
  const [reminders, setRemindersState] = useState(false);
  const [reminderBusy, setReminderBusy] = useState(false);
  const [reminderError, setReminderError] = useState<string | null>(null);
  // only the latest load may set the state: a slow earlier one must not overwrite it
  const latest = useRef(0);
  // bumped when a switch starts and when it is answered: a load overlapping a switch keeps its `reminders` to itself
  const switches = useRef(0);

  const load = useCallback(async (quiet = false) => {
    const seq = ++latest.current;
    const switchesBefore = switches.current;
    if (!quiet) setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    const [today, household] = await Promise.all([getCheckinToday(), getMyHousehold()]);
    if (seq !== latest.current) return;
    // the worker's call button is a help, never a reason to fail the page
    if (household.ok) setWorker(household.data?.gridWorker ?? null);
    if (!today.ok) {
      if (today.code === 'HOUSEHOLD_REQUIRED') return setState({ kind: 'no_household' });
      return setState({ kind: 'error', message: today.message });
    }
    if (switchesBefore === switches.current) setRemindersState(today.data.reminders);
    setState({ kind: 'ready', today: today.data });
  }, []);

  // shown again (back from 报备, or the app reopened at another time of day): slots change
  useDidShow(() => void load());

  const draftOf = (personId: string): CheckinDraft => drafts[personId] ?? EMPTY_DRAFT;
  const patch = (personId: string, next: Partial<CheckinDraft>) =>
    setDrafts((d) => ({ ...d, [personId]: { ...(d[personId] ?? EMPTY_DRAFT), error: null, ...next } }));

  const toggleSymptom = (personId: string, symptom: Symptom | null) => {
    const current = draftOf(personId).symptoms;
    if (symptom === null) return patch(personId, { symptoms: [] });
    patch(personId, { symptoms: current.includes(symptom) ? current.filter((s) => s !== symptom) : [...current, symptom] });
  };

  const submit = async (personId: string) => {
    if (busy) return;
    const draft = draftOf(personId);
    const parsed = parseTemperature(draft.temperature);
    if (!parsed.ok) return patch(personId, { error: parsed.message });
    setBusy(personId);
    const result = await submitCheckin(personId, parsed.value, draft.symptoms);
    setBusy(null);
    if (!result.ok) return patch(personId, { error: result.message });
    setOutcomes((o) => ({ ...o, [personId]: { ...result.data, fever: isFever(parsed.value) } }));
    setDrafts((d) => ({ ...d, [personId]: EMPTY_DRAFT }));
    void load(true);
  };

  const toggleReminders = async () => {
    if (reminderBusy) return;
    const next = !reminders;
    switches.current++;
    setReminderBusy(true);
    setReminderError(null);
    // first thing after the tap: WeChat shows the subscribe prompt only from a tap
    const result = await setReminders(next);
    switches.current++;
    setReminderBusy(false);
    if (!result.ok) return setReminderError(result.message);
    setRemindersState(result.data.enabled);
  };

  return {
    state,
    worker,
    draftOf,
    outcomes,
    busy,
    setTemperature: (personId: string, temperature: string) => patch(personId, { temperature }),
    toggleSymptom,
    submit: (personId: string) => void submit(personId),
    reminders,
    reminderBusy,
    reminderError,
    toggleReminders: () => void toggleReminders(),
    retry: () => void load(),
    goReport: () => void Taro.switchTab({ url: Pages.report }),
  };
}
