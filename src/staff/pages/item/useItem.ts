import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import {
  type QueueItemDetail,
  type RevealField,
  type StaffRequestAction,
  type VerifyMethod,
  type VerifyOutcome,
  LIMITS,
  Pages,
  TabPages,
  to,
} from '../../../domain';

import { acknowledgeItem, actOnRequest, callNumber, getItem, revealField, STALE_ITEM_CODES, verifyReport } from '../../../services/staff';
import { readParam } from '../../../utils/params';
import { ACTION_DONE } from './itemText';
import { useConflict } from './useConflict';
import { useReassign } from './useReassign';

export type ItemState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; detail: QueueItemDetail };

export interface RevealTarget {
  personId: string;
  name: string;
  field: RevealField;
}

/** Actions that take words from the worker first: a rejection must say why, 办结 may say how it went. */
export type NoteAction = Extract<StaffRequestAction, 'reject' | 'escalate' | 'complete'>;
const NOTE_ACTIONS: readonly StaffRequestAction[] = ['reject', 'escalate', 'complete'];

export const revealKey = (personId: string, field: RevealField): string => `${personId}.${field}`;

export function useItem() {
  const { params } = useRouter();
  const itemId = readParam(params, 'id');
  const [state, setState] = useState<ItemState>({ kind: 'loading' });
  const [banner, setBanner] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // only the latest load may set the state: a slow earlier one must not overwrite an action's result
  const latest = useRef(0);

  // full values revealed on this page: kept in memory only, gone when the page closes
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const [revealTarget, setRevealTarget] = useState<RevealTarget | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);

  const [outcome, setOutcome] = useState<VerifyOutcome | null>(null);
  const [methods, setMethods] = useState<VerifyMethod[]>([]);
  const [verifyNote, setVerifyNote] = useState('');
  const [verifyErrors, setVerifyErrors] = useState<{ outcome?: string; method?: string }>({});

  const [noteAction, setNoteAction] = useState<NoteAction | null>(null);
  const [actionNote, setActionNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);

  const [ackNote, setAckNote] = useState('');
  const [ackError, setAckError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const seq = ++latest.current;
    if (!itemId) return setState({ kind: 'error', message: '未找到这个事项' });
    const result = await getItem(itemId);
    if (seq !== latest.current) return;
    setState(result.ok ? { kind: 'ready', detail: result.data } : { kind: 'error', message: result.message });
  }, [itemId]);

  useDidShow(() => void load());

  /** The result of an action: the fresh detail, or the reason it did not go through. */
  const settle = (result: Awaited<ReturnType<typeof verifyReport>>, done: string): boolean => {
    latest.current++;
    if (result.ok) {
      setBanner([]);
      setNotice(done);
      setState({ kind: 'ready', detail: result.data });
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined);
      return true;
    }
    setNotice(null);
    setBanner([result.message]);
    // someone else got there first: show where the item stands now
    if (STALE_ITEM_CODES.includes(result.code)) void load();
    void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined);
    return false;
  };

  // ---- reveal (audited server-side, with a reason)

  const openReveal = (target: RevealTarget) => {
    setRevealTarget(target);
    setReason('');
    setReasonError(null);
  };

  const confirmReveal = async () => {
    if (!revealTarget || busy) return;
    const trimmed = reason.trim();
    const { min, max } = LIMITS.revealReason;
    if (Array.from(trimmed).length < min) return setReasonError(`请填写查看原因（至少${min}个字）`);
    if (Array.from(trimmed).length > max) return setReasonError(`原因最多${max}个字`);
    const target = revealTarget;
    setBusy('reveal');
    const result = await revealField(target.personId, target.field, trimmed);
    setBusy(null);
    if (!result.ok) return setReasonError(result.message);
    setRevealed((r) => ({ ...r, [revealKey(target.personId, target.field)]: result.data.value }));
    setRevealTarget(null);
  };

  // ---- call a person the item names: the work itself, so no reason is asked (the server audits the call)

  const callPerson = async (personId: string) => {
    if (state.kind !== 'ready' || busy) return;
    setBusy(`call:${personId}`);
    const result = await callNumber(state.detail.item.itemId, personId);
    setBusy(null);
    if (!result.ok) return setBanner([result.message]);
    // rejects when the worker cancels the dialog: nothing to do then
    Taro.makePhoneCall({ phoneNumber: result.data.phone }).catch(() => undefined);
  };

  // ---- verify a report

  const submitVerify = async () => {
    if (state.kind !== 'ready' || busy) return;
    const errors = { outcome: outcome ? undefined : '请选择核实结果', method: methods.length ? undefined : '请选择核实方式（可多选）' };
    setVerifyErrors(errors);
    if (!outcome || methods.length === 0) return;
    setBusy('verify');
    const result = await verifyReport(state.detail.item.itemId, outcome, methods, verifyNote);
    setBusy(null);
    if (settle(result, '核实结果已提交')) setVerifyNote('');
  };

  // ---- request actions

  const runAction = async (action: StaffRequestAction, note = '') => {
    if (state.kind !== 'ready' || busy) return false;
    setBusy(action);
    const result = await actOnRequest(state.detail.item.itemId, action, note);
    setBusy(null);
    return settle(result, ACTION_DONE[action]);
  };

  const onAction = (action: StaffRequestAction) => {
    if (NOTE_ACTIONS.includes(action)) {
      setNoteAction(action as NoteAction);
      setActionNote('');
      setNoteError(null);
      return;
    }
    void runAction(action);
  };

  const confirmNoteAction = async () => {
    if (!noteAction) return;
    const trimmed = actionNote.trim();
    if (noteAction === 'reject' && trimmed === '') return setNoteError('请填写不予受理的原因，居民会看到');
    if (Array.from(trimmed).length > LIMITS.note) return setNoteError(`最多${LIMITS.note}个字`);
    const action = noteAction;
    setNoteAction(null);
    await runAction(action, trimmed);
  };

  // ---- 转派: hand an open item to a colleague responsible for its place

  const reassign = useReassign(
    state.kind === 'ready' && state.detail.item.status !== 'closed' ? state.detail.item.itemId : null,
    (result) => settle(result, '已转派，对方会收到通知'),
  );

  // ---- a household conflict: move / keep / merge

  const conflict = useConflict(state.kind === 'ready' ? state.detail.item.itemId : null, settle);

  // ---- a check-in alert: handled (已处理), with an optional note

  const submitAck = async () => {
    if (state.kind !== 'ready' || busy) return;
    const trimmed = ackNote.trim();
    if (Array.from(trimmed).length > LIMITS.note) return setAckError(`最多${LIMITS.note}个字`);
    setBusy('acknowledge');
    const result = await acknowledgeItem(state.detail.item.itemId, trimmed);
    setBusy(null);
    if (settle(result, '已处理，该提醒已关闭')) setAckNote('');
  };

  return {
    state,
    banner,
    notice,
    busy,
    retry: () => void load(),
    back: () => void Taro.navigateBack().catch(() => Taro.switchTab({ url: TabPages.workbench })),
    /** the isolation page for a person on the item: starts one, or shows the one under way */
    openIsolation: (person: { personId: string; name: string; isolationId?: string }) => void Taro.navigateTo({ url: to.isolation(person) }),
    /** the isolation page starting one for several members at once */
    openIsolations: (persons: ReadonlyArray<{ personId: string; name: string }>) => void Taro.navigateTo({ url: to.isolations(persons) }),
    callPerson: (personId: string) => void callPerson(personId),
    openRoster: () => void Taro.navigateTo({ url: Pages.roster }),

    revealed,
    revealTarget,
    reason,
    reasonError,
    openReveal,
    closeReveal: () => setRevealTarget(null),
    /** puts the masked value back on screen */
    hide: (personId: string, field: RevealField) =>
      setRevealed((r) => {
        const next = { ...r };
        delete next[revealKey(personId, field)];
        return next;
      }),
    setReason: (value: string) => {
      setReason(value);
      setReasonError(null);
    },
    confirmReveal: () => void confirmReveal(),

    outcome,
    methods,
    verifyNote,
    verifyErrors,
    setOutcome: (v: VerifyOutcome) => {
      setOutcome(v);
      setVerifyErrors((e) => ({ ...e, outcome: undefined }));
    },
    /** several ways may apply (听声 and 验码 on one call) */
    toggleMethod: (v: VerifyMethod) => {
      setMethods((list) => (list.includes(v) ? list.filter((m) => m !== v) : [...list, v]));
      setVerifyErrors((e) => ({ ...e, method: undefined }));
    },
    setVerifyNote,
    submitVerify: () => void submitVerify(),

    onAction,
    noteAction,
    actionNote,
    noteError,
    setActionNote: (value: string) => {
      setActionNote(value);
      setNoteError(null);
    },
    closeNote: () => setNoteAction(null),
    confirmNoteAction: () => void confirmNoteAction(),

    ackNote,
    ackError,
    setAckNote: (value: string) => {
      setAckNote(value);
      setAckError(null);
    },
    submitAck: () => void submitAck(),

    reassign,
    conflict,
  };
}
