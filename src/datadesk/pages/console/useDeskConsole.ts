import { useRef, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import type { BatchField, BatchProgressView, BatchRowDeskView, BatchRowFilter, BatchRowView, BatchView, BuildingView } from '../../../domain';
import { callCloud } from '../../../services/cloud';
import { batchProgress, deskRow, filteredRows, fixRow, listBatches, placeRow, unplacedRows } from '../../../services/batches';

export type ConsoleGate = { kind: 'loading' } | { kind: 'forbidden'; message: string } | { kind: 'error'; message: string } | { kind: 'ready' };

/** What the middle pane lists: the community's 待分拨, or the rows a number of the progress table stands for. */
export interface RowList {
  title: string;
  filter: BatchRowFilter | null;
  rows: BatchRowView[];
  nextCursor: string | null;
  loading: boolean;
}

const UNPLACED: RowList = { title: '待分拨', filter: null, rows: [], nextCursor: null, loading: true };

async function allBuildings(): Promise<BuildingView[]> {
  const out: BuildingView[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof callCloud<'staff', 'buildings'>>> = await callCloud('staff', 'buildings', { cursor });
    if (!page.ok) return out;
    out.push(...page.data.items);
    cursor = page.data.nextCursor;
  } while (cursor);
  return out;
}

/**
 * The desk console: the batches (and the chosen one's progress), a row list (待分拨 by default, or
 * the rows a number opens), and the chosen row's detail — where an error row is fixed and an
 * unplaced row placed. Only an admin or dispatcher gets past the gate.
 */
export function useDeskConsole() {
  const [gate, setGate] = useState<ConsoleGate>({ kind: 'loading' });
  const [batches, setBatches] = useState<BatchView[]>([]);
  const [progress, setProgress] = useState<BatchProgressView | null>(null);
  const [list, setList] = useState<RowList>(UNPLACED);
  const [detail, setDetail] = useState<BatchRowDeskView | null>(null);
  const [values, setValues] = useState<Partial<Record<BatchField, string>>>({});
  const [buildings, setBuildings] = useState<BuildingView[]>([]);
  const [buildingId, setBuildingId] = useState<string | null>(null);
  const [banner, setBanner] = useState<string[]>([]);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const listSeq = useRef(0);

  const loadUnplaced = async () => {
    const seq = ++listSeq.current;
    setList({ ...UNPLACED });
    const res = await unplacedRows(undefined, null);
    if (seq !== listSeq.current) return;
    if (!res.ok) return setBanner([res.message]);
    setList({ ...UNPLACED, rows: res.data.items, nextCursor: res.data.nextCursor, loading: false });
  };

  const openProgress = async (batchId: string) => {
    const res = await batchProgress(batchId);
    if (!res.ok) return setBanner([res.message]);
    setProgress(res.data);
  };

  const load = async () => {
    setGate({ kind: 'loading' });
    const res = await listBatches(null);
    if (!res.ok) return setGate(res.code === 'FORBIDDEN' ? { kind: 'forbidden', message: res.message } : { kind: 'error', message: res.message });
    setBatches(res.data.items);
    setGate({ kind: 'ready' });
    if (res.data.items[0]) void openProgress(res.data.items[0].batchId);
    void loadUnplaced();
    void allBuildings().then(setBuildings);
  };

  // on every show: back from the import page (or a hash opened again) the batches are fresh
  useDidShow(() => {
    void load();
  });

  const openRows = async (title: string, filter: BatchRowFilter, cursor: string | null = null) => {
    if (!progress) return;
    const seq = ++listSeq.current;
    if (!cursor) setList({ title, filter, rows: [], nextCursor: null, loading: true });
    const res = await filteredRows(progress.batch.batchId, filter, cursor);
    if (seq !== listSeq.current) return;
    if (!res.ok) return setBanner([res.message]);
    setList((l) => ({ title, filter, rows: cursor ? [...l.rows, ...res.data.items] : res.data.items, nextCursor: res.data.nextCursor, loading: false }));
  };

  const more = async () => {
    if (!list.nextCursor) return;
    if (list.filter) return openRows(list.title, list.filter, list.nextCursor);
    const seq = ++listSeq.current;
    const res = await unplacedRows(undefined, list.nextCursor);
    if (seq !== listSeq.current || !res.ok) return;
    setList((l) => ({ ...l, rows: [...l.rows, ...res.data.items], nextCursor: res.data.nextCursor }));
  };

  const openRow = async (rowId: string) => {
    const res = await deskRow(rowId);
    if (!res.ok) return setBanner([res.message]);
    setBanner([]);
    setNotice('');
    setDetail(res.data);
    setValues(res.data.fix);
    setBuildingId(null);
  };

  /** After a fix or a placing: the row, the list and the progress as they now are. */
  const refresh = async (row: BatchRowView, line: string) => {
    setNotice(line);
    const [fresh, list] = await Promise.all([
      deskRow(row.rowId),
      listBatches(null),
      progress && progress.batch.batchId === row.batchId ? openProgress(row.batchId) : Promise.resolve(),
    ]);
    if (list.ok) setBatches(list.data.items);
    if (fresh.ok) {
      setDetail(fresh.data);
      setValues(fresh.data.fix);
    }
    setList((l) => (l.filter ? { ...l, rows: l.rows.map((r) => (r.rowId === row.rowId ? row : r)) } : { ...l, rows: l.rows.filter((r) => r.rowId !== row.rowId || row.state === 'unplaced') }));
  };

  const fix = async () => {
    if (!detail || busy) return;
    setBusy(true);
    const res = await fixRow(detail.rowId, values);
    setBusy(false);
    if (!res.ok) return setBanner([res.message]);
    setBanner([]);
    const row = res.data;
    const line =
      row.errors.length > 0
        ? `仍有错误：${row.errors.map((e) => e.message).join('；')}`
        : row.state === 'dispatched'
          ? '已修正，已派发到网格员的工作台'
          : row.state === 'placed'
            ? '已修正，待派发'
            : row.state === 'unplaced'
              ? '已修正，地址未匹配到楼栋，请分拨'
              : '已修正';
    await refresh(row, line);
  };

  const place = async (to: { buildingId: string } | { outOfArea: true }) => {
    if (!detail || busy) return;
    setBusy(true);
    const res = await placeRow(detail.rowId, to);
    setBusy(false);
    if (!res.ok) return setBanner([res.message]);
    setBanner([]);
    await refresh(res.data, 'outOfArea' in to ? '已标记为不在辖区' : res.data.state === 'dispatched' ? '已分拨，已派发到网格员的工作台' : '已分拨，待派发');
  };

  return {
    gate,
    batches,
    progress,
    list,
    detail,
    values,
    buildings,
    buildingId,
    banner,
    notice,
    busy,
    retry: () => void load(),
    chooseBatch: (batchId: string) => void openProgress(batchId),
    openRows: (title: string, filter: BatchRowFilter) => void openRows(title, filter),
    showUnplaced: () => void loadUnplaced(),
    more: () => void more(),
    openRow: (rowId: string) => void openRow(rowId),
    setValue: (field: BatchField, value: string) => setValues((v) => ({ ...v, [field]: value })),
    setBuildingId,
    fix: () => void fix(),
    place: (to: { buildingId: string } | { outOfArea: true }) => void place(to),
    closeDetail: () => setDetail(null),
  };
}
