import { useCallback, useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { LIMITS, Pages, type ExportJobView, type PersonStatus, type PlaceRef, type ReportCategory, type StaffProfile } from '../../../domain';
import type { LedgerLayout, LedgerProfile } from '../../../domain/ledger';
import { getExportJob, getExportJobs, getProfiles, openExportFile, startExport, stepExport, type ExportRequest } from '../../../services/ledger';
import { getScopePlaces, getStaffMe } from '../../../services/staff';

export type LoadState = { kind: 'loading' } | { kind: 'error'; message: string; code?: string } | { kind: 'ready'; me: StaffProfile };

export const NOT_STAFF = 'NOT_STAFF';

/** The export form, the running job (stepped until done), and the caller's recent exports. */
export function useExport() {
  const [load, setLoad] = useState<LoadState>({ kind: 'loading' });
  const [layout, setLayout] = useState<LedgerLayout>('person');
  const [profiles, setProfiles] = useState<LedgerProfile[]>([]);
  const [profileId, setProfileId] = useState<string | null>(null);
  const [places, setPlaces] = useState<PlaceRef[]>([]);
  /** null: the caller's whole scope */
  const [placeId, setPlaceId] = useState<string | null>(null);
  const [categories, setCategories] = useState<ReportCategory[]>([]);
  const [statuses, setStatuses] = useState<PersonStatus[]>([]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [onlyChanges, setOnlyChanges] = useState(false);
  const [full, setFull] = useState(false);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [job, setJob] = useState<ExportJobView | null>(null);
  const [jobs, setJobs] = useState<ExportJobView[]>([]);
  const [opening, setOpening] = useState(false);
  const running = useRef<string | null>(null);
  const alive = useRef(true);

  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  const loadProfiles = useCallback(async (next: LedgerLayout) => {
    const res = await getProfiles(next);
    if (!alive.current) return;
    if (res.ok) {
      setProfiles(res.data);
      setProfileId((id) => (res.data.some((p) => p.id === id) ? id : (res.data[0]?.id ?? null)));
    } else setErrors([res.message]);
  }, []);

  const refreshJobs = useCallback(async () => {
    const res = await getExportJobs();
    if (alive.current && res.ok) setJobs(res.data);
  }, []);

  const init = useCallback(async () => {
    setLoad({ kind: 'loading' });
    const me = await getStaffMe();
    if (!me.ok) return setLoad({ kind: 'error', message: me.message });
    if (!me.data) return setLoad({ kind: 'error', message: '仅限社区工作人员使用', code: NOT_STAFF });
    // the caller's places and the level below them (a community's grids, a grid's compounds)
    const below = await Promise.all(me.data.scope.map((p) => getScopePlaces(p.id)));
    setPlaces([...me.data.scope, ...below.flatMap((r) => (r.ok ? r.data : []))]);
    await Promise.all([loadProfiles('person'), refreshJobs()]);
    setLoad({ kind: 'ready', me: me.data });
  }, [loadProfiles, refreshJobs]);

  useEffect(() => {
    void init();
  }, [init]);

  const chooseLayout = (next: LedgerLayout) => {
    setLayout(next);
    void loadProfiles(next);
  };

  /** Steps the job until it is done (or the page closes: the job waits, resumable from the list). */
  const follow = async (view: ExportJobView) => {
    running.current = view.jobId;
    let current = view;
    setJob(current);
    while (current.status === 'running' && alive.current && running.current === view.jobId) {
      const res = await stepExport(current.jobId);
      if (!res.ok) {
        setErrors([res.message]);
        break;
      }
      // another call holds the job (a tab left open, a call cut off): wait a little rather than ask again at once
      if (res.data.status === 'running' && res.data.scanned === current.scanned) await new Promise((ok) => setTimeout(ok, 1000));
      current = res.data;
      if (alive.current) setJob(current);
    }
    if (running.current === view.jobId) running.current = null;
    if (current.status === 'done' && !current.file?.url) {
      const fresh = await getExportJob(current.jobId);
      if (fresh.ok && alive.current) setJob(fresh.data);
    }
    void refreshJobs();
  };

  const request = (): ExportRequest | null => {
    const problems: string[] = [];
    if (!profileId) problems.push('请选择导出模板');
    if (from && to && from > to) problems.push('结束日期不能早于开始日期');
    const why = reason.trim();
    if (full && why.length < LIMITS.revealReason.min) problems.push('导出完整身份证号和电话需要填写理由');
    setErrors(problems);
    if (problems.length || !profileId) return null;
    return {
      layout,
      profileId,
      ...(placeId ? { scope: [placeId] } : {}),
      ...(categories.length ? { categories } : {}),
      ...(statuses.length ? { statuses } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      onlyChanges,
      ...(full ? { full: { reason: why } } : {}),
    };
  };

  const start = async () => {
    if (running.current) return;
    const payload = request();
    if (!payload) return;
    running.current = 'starting';
    const res = await startExport(payload);
    running.current = null;
    if (!res.ok) return setErrors([res.message]);
    await follow(res.data);
  };

  const resume = (view: ExportJobView) => {
    if (running.current) return;
    void follow(view);
  };

  const download = async (view: ExportJobView) => {
    if (opening) return;
    setOpening(true);
    // a link expires: ask for a fresh one unless it was just issued
    const fresh = view.file?.url && view.file.expiresAt && Date.parse(view.file.expiresAt) > Date.now() + 30_000 ? { ok: true as const, data: view } : await getExportJob(view.jobId);
    if (fresh.ok && fresh.data.file?.url) {
      const res = await openExportFile({ url: fresh.data.file.url, name: fresh.data.file.name });
      if (!res.ok) setErrors([res.message]);
    } else if (!fresh.ok) setErrors([fresh.message]);
    setOpening(false);
  };

  const toggle = <T>(list: T[], value: T): T[] => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);

  return {
    load,
    retry: () => void init(),
    layout,
    chooseLayout,
    profiles,
    profileId,
    setProfileId,
    places,
    placeId,
    setPlaceId,
    categories,
    toggleCategory: (c: ReportCategory) => setCategories((l) => toggle(l, c)),
    statuses,
    toggleStatus: (s: PersonStatus) => setStatuses((l) => toggle(l, s)),
    from,
    setFrom,
    to,
    setTo,
    onlyChanges,
    toggleOnlyChanges: () => setOnlyChanges((v) => !v),
    full,
    toggleFull: () => setFull((v) => !v),
    reason,
    setReason,
    errors,
    job,
    jobs,
    busy: job?.status === 'running',
    start: () => void start(),
    resume,
    download: (view: ExportJobView) => void download(view),
    opening,
    openProfiles: () => void Taro.navigateTo({ url: Pages.ledgerProfiles }),
  };
}
