import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import {
  QUEUE_KINDS,
  VERIFY_OUTCOME_LABELS,
  LIMITS,
  type BuildingView,
  type QueueItemView,
  type QueueKind,
  type StaffProfile,
  type VerifyMethod,
  type VerifyOutcome,
  Pages,
  to,
  ticketOfScan,
} from '../../domain';
import { getQueue, getScopeBuildings, getStaffMe, verifyReports } from '../../services/staff';
import { rememberStaff } from '../../services/staffRole';
import { usePagedList } from '../../staff/shared/usePagedList';

export type QueueStatusFilter = 'open' | 'in_progress';
export type KindFilter = QueueKind | 'all';

export interface QueueFilter {
  kind: KindFilter;
  status: QueueStatusFilter;
  /** one building of the scope, or every building */
  buildingId: string | null;
  /** as last searched (the field may hold more typed since) */
  search: string;
}

/** Besides the items: who I am and the open items per kind (fresh with every page). */
export interface QueueExtra {
  profile: StaffProfile;
  counts: Record<QueueKind, number>;
}

/** The code the queue's load answers for a signed-in resident: the page offers the way back. */
export const NOT_STAFF = 'NOT_STAFF';

const NO_COUNTS = Object.fromEntries(QUEUE_KINDS.map((k) => [k, 0])) as Record<QueueKind, number>;

/** 批量核实: the reports chosen on the list, and the one outcome they get. */
function useBatchVerify(onDone: (message: string, failures: string[]) => void) {
  const [selecting, setSelecting] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [sheet, setSheet] = useState(false);
  const [outcome, setOutcome] = useState<VerifyOutcome | null>(null);
  const [methods, setMethods] = useState<VerifyMethod[]>([]);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ outcome?: string; methods?: string; note?: string }>({});
  const [busy, setBusy] = useState(false);

  const stop = () => {
    setSelecting(false);
    setSelected([]);
    setSheet(false);
  };

  const confirm = async () => {
    if (busy || selected.length === 0) return;
    const trimmed = note.trim();
    const next = {
      outcome: outcome ? undefined : '请选择核实结果',
      methods: methods.length ? undefined : '请选择核实方式（可多选）',
      note: Array.from(trimmed).length > LIMITS.note ? `最多${LIMITS.note}个字` : undefined,
    };
    setErrors(next);
    if (!outcome || next.methods || next.note) return;
    setBusy(true);
    const res = await verifyReports(selected, outcome, methods, trimmed);
    setBusy(false);
    if (!res.ok) return setErrors({ note: res.message });
    const failed = res.data.results.filter((r) => r.result !== 'verified');
    stop();
    setNote('');
    onDone(
      `已核实 ${res.data.verified} 项：${VERIFY_OUTCOME_LABELS[outcome]}`,
      failed.length ? [`${failed.length} 项未核实：${failed[0].message ?? '已被他人处理'}`] : [],
    );
  };

  return {
    selecting,
    selected,
    sheet,
    outcome,
    methods,
    note,
    errors,
    busy,
    start: () => {
      setSelecting(true);
      setSelected([]);
    },
    stop,
    toggle: (itemId: string) =>
      setSelected((list) => (list.includes(itemId) ? list.filter((id) => id !== itemId) : list.length < LIMITS.batchVerify ? [...list, itemId] : list)),
    openSheet: () => {
      if (selected.length === 0) return;
      setErrors({});
      setSheet(true);
    },
    closeSheet: () => setSheet(false),
    setOutcome: (v: VerifyOutcome) => {
      setOutcome(v);
      setErrors((e) => ({ ...e, outcome: undefined }));
    },
    toggleMethod: (m: VerifyMethod) => {
      setMethods((list) => (list.includes(m) ? list.filter((x) => x !== m) : [...list, m]));
      setErrors((e) => ({ ...e, methods: undefined }));
    },
    setNote: (v: string) => {
      setNote(v);
      setErrors((e) => ({ ...e, note: undefined }));
    },
    confirm: () => void confirm(),
  };
}

/**
 * 工作台, the staff tab: who I am, the counts per kind, and the list under the chosen filter (status,
 * kind, building, search) page by page; rows of reports can be chosen and verified at once.
 */
/**
 * 扫码登录网页版: on WeChat the camera reads the desk's QR code (its link or a mini-program code's
 * scene); a browser has no scanner, so there the page lists and ends desk sessions.
 */
async function scanDeskLogin(): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp') return void Taro.navigateTo({ url: to.deskLogin() });
  try {
    const scanned = await Taro.scanCode({ onlyFromCamera: true });
    const ticket = ticketOfScan(scanned.result || scanned.path || '');
    if (!ticket) return void Taro.showToast({ title: '这不是网页版登录二维码', icon: 'none' });
    void Taro.navigateTo({ url: to.deskLogin(ticket) });
  } catch {
    // the worker closed the scanner
  }
}

export function useWorkbench() {
  const [filter, setFilterState] = useState<QueueFilter>({ kind: 'all', status: 'open', buildingId: null, search: '' });
  const [searchText, setSearchText] = useState('');
  const [buildings, setBuildings] = useState<BuildingView[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [banner, setBanner] = useState<string[]>([]);
  // read when a page loads: a filter change reloads at once, before React renders it
  const filterRef = useRef(filter);
  const query = (cursor: string | null) => {
    const f = filterRef.current;
    return {
      kind: f.kind === 'all' ? undefined : f.kind,
      status: f.status,
      buildingId: f.buildingId ?? undefined,
      search: f.search || undefined,
      cursor,
    };
  };
  const list = usePagedList<QueueItemView, QueueExtra>({
    first: async () => {
      const [me, page] = await Promise.all([getStaffMe(), getQueue(query(null))]);
      if (!me.ok) return me;
      rememberStaff(me.data);
      if (me.data === null) return { ok: false, code: NOT_STAFF, message: '仅限社区工作人员使用' };
      if (!page.ok) return page;
      return { ok: true, data: { page: page.data, extra: { profile: me.data, counts: { ...NO_COUNTS, ...page.data.counts } } } };
    },
    next: async (cursor, extra) => {
      const page = await getQueue(query(cursor));
      return page.ok ? { ok: true, data: { page: page.data, extra: { ...extra, counts: { ...NO_COUNTS, ...page.data.counts } } } } : page;
    },
    key: (item) => item.itemId,
  });

  const ready = list.state.kind === 'ready';
  // the buildings of the scope, once the worker is known to be staff (the building filter)
  useEffect(() => {
    if (!ready || buildings.length > 0) return;
    void getScopeBuildings().then((res) => res.ok && setBuildings(res.data));
  }, [ready, buildings.length]);

  const setFilter = (next: Partial<QueueFilter>) => {
    const f = { ...filterRef.current, ...next };
    const was = filterRef.current;
    if (f.kind === was.kind && f.status === was.status && f.buildingId === was.buildingId && f.search === was.search) return;
    filterRef.current = f;
    setFilterState(f);
    void list.reload();
  };

  const batch = useBatchVerify((message, failures) => {
    setNotice(message);
    setBanner(failures);
    void list.reload();
  });

  return {
    state: list.state,
    filter,
    refreshing: list.refreshing,
    loadingMore: list.loadingMore,
    moreError: list.moreError,
    loadMore: () => void list.loadMore(),
    retry: () => void list.reload(),
    notice,
    banner,
    setKind: (kind: KindFilter) => setFilter({ kind }),
    setStatus: (status: QueueStatusFilter) => setFilter({ status }),
    buildings,
    setBuilding: (buildingId: string | null) => setFilter({ buildingId }),
    searchText,
    setSearchText: (text: string) => {
      setSearchText(text);
      // clearing the field shows everything again at once
      if (text.trim() === '') setFilter({ search: '' });
    },
    search: () => setFilter({ search: searchText.trim() }),
    clearSearch: () => {
      setSearchText('');
      setFilter({ search: '' });
    },
    batch: {
      ...batch,
      // only reports can be verified together: the list shows just them while choosing
      start: () => {
        setNotice(null);
        setBanner([]);
        batch.start();
        setFilter({ kind: 'verify_report', status: 'open' });
      },
    },
    openItem: (itemId: string) => void Taro.navigateTo({ url: to.staffItem(itemId) }),
    openInvite: () => void Taro.navigateTo({ url: Pages.staffInvite }),
    openMembers: () => void Taro.navigateTo({ url: Pages.staffMembers }),
    openPosters: () => void Taro.navigateTo({ url: Pages.adminPosters }),
    openRoster: () => void Taro.navigateTo({ url: Pages.roster }),
    openExport: () => void Taro.navigateTo({ url: Pages.ledgerExport }),
    openDeskConsole: () => void Taro.navigateTo({ url: Pages.deskConsole }),
    openDashboard: () => void Taro.navigateTo({ url: Pages.dashboard }),
    openProxyReport: () => void Taro.navigateTo({ url: Pages.proxy }),
    scanDeskLogin,
    goHome: () => void Taro.switchTab({ url: Pages.me }),
  };
}
