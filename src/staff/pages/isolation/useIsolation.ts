import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import {
  formatShanghai,
  ISOLATION_LIST_SEPARATOR,
  ISOLATION_KIND_LABELS,
  type BatchIsolationResult,
  MAX_ISOLATION_DAYS,
  type IsolationKind,
  type IsolationView,
  type Result,
  LIMITS,
  addDays,
  Pages,
} from '../../../domain';
import { endIsolation, extendIsolation, getIsolation, startIsolation, todayString } from '../../../services/checkins';
import { startIsolations } from '../../../services/staff';
import { readParam } from '../../../utils/params';

/** The isolation shown: as `staff.isolation` returned it, or as the last action here did. */
export type IsolationInfo = IsolationView;

export type IsolationState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'start' }
  | { kind: 'shown'; info: IsolationInfo }
  /** several members started at once: how it went for each */
  | { kind: 'batch'; results: BatchIsolationResult[] };

/** A person of a household started together (`to.isolations`). */
export interface ListedPerson {
  personId: string;
  name: string;
}

/** The persons `to.isolations` names, or null when the page is for one person. */
function listedPersons(ids: string | null, names: string | null): ListedPerson[] | null {
  if (!ids) return null;
  const nameList = (names ?? '').split(ISOLATION_LIST_SEPARATOR);
  const list = ids
    .split(ISOLATION_LIST_SEPARATOR)
    .map((personId, i) => ({ personId, name: nameList[i] ?? '' }))
    .filter((p) => p.personId !== '');
  return list.length ? list : null;
}

/** 7 / 14 days, or another number typed in */
export type DaysChoice = number | 'other';
export const START_DAYS: readonly number[] = [7, 14];
export const EXTEND_DAYS: readonly number[] = [3, 7, 14];
/** The reason or note of an isolation step, as the server limits it. */
export const REASON_MAX = LIMITS.isolationReason;

/** 1-28 whole days from a chip or the typed number; null when not valid. */
export function daysOf(choice: DaysChoice, typed: string): number | null {
  const n = choice === 'other' ? Number(typed.trim()) : choice;
  return Number.isInteger(n) && n >= 1 && n <= MAX_ISOLATION_DAYS ? n : null;
}

const DAYS_ERROR = `请填写1至${MAX_ISOLATION_DAYS}之间的天数`;

/** Start a home isolation / health monitoring for a person, or extend / end (解除) the active one. */
export function useIsolation() {
  const { params } = useRouter();
  const paramPerson = readParam(params, 'personId');
  const isolationId = readParam(params, 'isolationId');
  const paramName = readParam(params, 'name');
  // several members of a household at once (from a report's 多人开始隔离)
  const [many] = useState(() => listedPersons(readParam(params, 'personIds'), readParam(params, 'names')));

  const [state, setState] = useState<IsolationState>({ kind: 'loading' });
  const [banner, setBanner] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<'start' | 'extend' | 'end' | null>(null);
  const latest = useRef(0);

  // start form
  const today = todayString();
  const [kind, setKind] = useState<IsolationKind>('home_isolation');
  const [startDate, setStartDate] = useState(today);
  const [days, setDays] = useState<DaysChoice>(14);
  const [otherDays, setOtherDays] = useState('');
  const [reason, setReason] = useState('');
  const [startErrors, setStartErrors] = useState<{ days?: string; reason?: string; startDate?: string }>({});

  // extend panel
  const [extendOpen, setExtendOpen] = useState(false);
  const [extendDays, setExtendDays] = useState<DaysChoice>(7);
  const [extendOther, setExtendOther] = useState('');
  const [extendNote, setExtendNote] = useState('');
  const [extendError, setExtendError] = useState<string | null>(null);

  // end (解除) sheet
  const [endOpen, setEndOpen] = useState(false);
  const [endReason, setEndReason] = useState('');
  const [endError, setEndError] = useState<string | null>(null);

  // what to load: the isolation named in the URL (from the roster), else the person's active one (from
  // an item); after an action here, the isolation it returned; after 重新开始, the person's active one
  const target = useRef<{ isolationId?: string; personId?: string }>(
    isolationId ? { isolationId } : paramPerson ? { personId: paramPerson } : {},
  );
  // the person: from the URL, else from the isolation loaded by id (to start a new one after it ended)
  const [personId, setPersonId] = useState<string | null>(paramPerson);

  const showInfo = useCallback((info: IsolationInfo) => {
    target.current = { isolationId: info.isolationId };
    setPersonId((p) => p ?? info.personId);
    setState({ kind: 'shown', info });
  }, []);

  /** Where the person stands, from the server (`staff.isolation`); nothing active: the start form. */
  const load = useCallback(async () => {
    const seq = ++latest.current;
    const key = target.current;
    // a household's start: the server answers for each member when it is sent
    if (many) return setState({ kind: 'start' });
    if (!key.isolationId && !key.personId) return setState({ kind: 'error', message: '未指定人员，请从工作台的事项或隔离名单进入' });
    const found = await getIsolation(key);
    if (seq !== latest.current) return;
    if (!found.ok) return setState({ kind: 'error', message: found.message });
    if (found.data) return showInfo(found.data);
    setState(key.isolationId ? { kind: 'error', message: '隔离记录不存在或不在您的管辖范围内' } : { kind: 'start' });
  }, [showInfo, many]);

  useEffect(() => {
    void load();
  }, [load]);

  const scrollTop = () => void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined);

  /** After an action: the fresh view, or why it did not go through. */
  const settle = (result: Result<IsolationView>, done: (v: IsolationView) => string): boolean => {
    latest.current++;
    if (result.ok) {
      setBanner([]);
      setNotice(done(result.data));
      showInfo(result.data);
      scrollTop();
      return true;
    }
    setNotice(null);
    setBanner([result.message]);
    // someone else changed it meanwhile: show where it stands now
    if (['CONFLICT', 'ISOLATION_ENDED', 'ISOLATION_ACTIVE'].includes(result.code)) void load();
    scrollTop();
    return false;
  };

  // the name the page was opened with (the item's, or the roster's masked one); else the isolation's
  const name = paramName || (state.kind === 'shown' ? state.info.personName : '');

  const kindLabelOf = (k: IsolationKind) => ISOLATION_KIND_LABELS[k];
  const untilText = (date: string) => formatShanghai(date, 'M月D日');

  // ---- start

  const submitStart = async () => {
    if ((!personId && !many) || busy) return;
    const planned = daysOf(days, otherDays);
    const errors = {
      days: planned === null ? DAYS_ERROR : undefined,
      reason: reason.trim() === '' ? '请填写原因' : Array.from(reason.trim()).length > REASON_MAX ? `最多${REASON_MAX}个字` : undefined,
    };
    setStartErrors(errors);
    if (planned === null || errors.reason) return;
    setBusy('start');
    if (many) return submitStartMany(planned);
    if (!personId) return;
    const result = await startIsolation({ personId, kind, startDate, plannedDays: planned, reason });
    setBusy(null);
    if (!result.ok && result.field && ['startDate', 'plannedDays', 'reason'].includes(result.field)) {
      const key = result.field === 'plannedDays' ? 'days' : (result.field as 'startDate' | 'reason');
      return setStartErrors({ [key]: result.message });
    }
    settle(result, (v) => `已开始${kindLabelOf(v.kind)}，至${untilText(v.endDate)}`);
  };

  /** Every listed member at once: each started, or already under one, or not found, as the server says. */
  const submitStartMany = async (planned: number) => {
    if (!many) return;
    const result = await startIsolations({ personIds: many.map((p) => p.personId), kind, startDate, plannedDays: planned, reason });
    setBusy(null);
    if (!result.ok && result.field && ['startDate', 'plannedDays', 'reason'].includes(result.field)) {
      const key = result.field === 'plannedDays' ? 'days' : (result.field as 'startDate' | 'reason');
      return setStartErrors({ [key]: result.message });
    }
    latest.current++;
    scrollTop();
    if (!result.ok) {
      setNotice(null);
      return setBanner([result.message]);
    }
    setBanner([]);
    setNotice(`已为${result.data.started}人开始${kindLabelOf(kind)}`);
    setState({ kind: 'batch', results: result.data.results });
  };

  // ---- extend

  const submitExtend = async () => {
    if (state.kind !== 'shown' || busy) return;
    const n = daysOf(extendDays, extendOther);
    if (n === null) return setExtendError(DAYS_ERROR);
    if (Array.from(extendNote.trim()).length > REASON_MAX) return setExtendError(`说明最多${REASON_MAX}个字`);
    setBusy('extend');
    const result = await extendIsolation(state.info.isolationId, n, extendNote);
    setBusy(null);
    if (settle(result, (v) => `已延长${n}天，至${untilText(v.endDate)}`)) {
      setExtendOpen(false);
      setExtendNote('');
    }
  };

  // ---- end (解除)

  const early = state.kind === 'shown' && today < state.info.endDate;

  const submitEnd = async () => {
    if (state.kind !== 'shown' || busy) return;
    const trimmed = endReason.trim();
    if (early && trimmed === '') return setEndError(`提前解除（原定至${untilText(state.info.endDate)}）需要填写原因`);
    if (Array.from(trimmed).length > REASON_MAX) return setEndError(`最多${REASON_MAX}个字`);
    setBusy('end');
    const result = await endIsolation(state.info.isolationId, trimmed);
    setBusy(null);
    if (!result.ok && result.code === 'NOTE_REQUIRED') return setEndError(result.message);
    setEndOpen(false);
    if (settle(result, (v) => `已解除${kindLabelOf(v.kind)}`)) setEndReason('');
  };

  return {
    state,
    name,
    many,
    banner,
    notice,
    busy,
    today,
    retry: () => void load(),
    back: () => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: Pages.roster })),
    openRoster: () => void Taro.navigateTo({ url: Pages.roster }),
    restart: () => {
      if (state.kind === 'shown') {
        target.current = { personId: state.info.personId };
        setKind(state.info.kind);
      }
      setNotice(null);
      setBanner([]);
      setState({ kind: 'start' });
    },

    kind,
    setKind,
    startDate,
    setStartDate: (d: string) => {
      setStartDate(d);
      setStartErrors((e) => ({ ...e, startDate: undefined }));
    },
    days,
    setDays: (d: DaysChoice) => {
      setDays(d);
      setStartErrors((e) => ({ ...e, days: undefined }));
    },
    otherDays,
    setOtherDays: (v: string) => {
      setOtherDays(v);
      setStartErrors((e) => ({ ...e, days: undefined }));
    },
    plannedEnd: (() => {
      const n = daysOf(days, otherDays);
      return n === null ? null : addDays(startDate, n - 1);
    })(),
    reason,
    setReason: (v: string) => {
      setReason(v);
      setStartErrors((e) => ({ ...e, reason: undefined }));
    },
    startErrors,
    submitStart: () => void submitStart(),

    extendOpen,
    openExtend: () => {
      setExtendOpen(true);
      setExtendError(null);
    },
    closeExtend: () => setExtendOpen(false),
    extendDays,
    setExtendDays: (d: DaysChoice) => {
      setExtendDays(d);
      setExtendError(null);
    },
    extendOther,
    setExtendOther: (v: string) => {
      setExtendOther(v);
      setExtendError(null);
    },
    extendNote,
    setExtendNote,
    extendError,
    submitExtend: () => void submitExtend(),

    early,
    endOpen,
    openEnd: () => {
      setEndOpen(true);
      setEndError(null);
    },
    closeEnd: () => setEndOpen(false),
    endReason,
    setEndReason: (v: string) => {
      setEndReason(v);
      setEndError(null);
    },
    endError,
    submitEnd: () => void submitEnd(),
    untilText,
  };
}
