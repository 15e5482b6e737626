import { useCallback, useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { type GridWorkerContact, type ReportView, Pages } from '../../domain';
import { findMyReport, getMyHousehold, recentReceipt } from '../../services/reports';
import { readParam } from '../../utils/params';

export type ReceiptState =
  { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; report: ReportView; gridWorker: GridWorkerContact | null };

function fromMemory(reportId: string | null): ReceiptState | null {
  const kept = reportId ? recentReceipt(reportId) : undefined;
  return kept ? { kind: 'ready', report: kept, gridWorker: kept.gridWorker } : null;
}

/** The receipt just filed; after a reload it is looked up among my reports instead. */
export function useReceipt() {
  const { params } = useRouter();
  const reportId = readParam(params, 'reportId');
  const [state, setState] = useState<ReceiptState>(() => fromMemory(reportId) ?? { kind: 'loading' });

  const load = useCallback(async () => {
    if (!reportId) return setState({ kind: 'error', message: '未找到这次报备的回执' });
    const kept = fromMemory(reportId);
    if (kept) return setState(kept);
    setState({ kind: 'loading' });
    const [report, household] = await Promise.all([findMyReport(reportId), getMyHousehold()]);
    if (!report.ok) return setState({ kind: 'error', message: report.message });
    if (!report.data) return setState({ kind: 'error', message: '未找到这次报备的回执，请在「我的」中查看' });
    setState({ kind: 'ready', report: report.data, gridWorker: household.ok ? (household.data?.gridWorker ?? null) : null });
  }, [reportId]);

  useEffect(() => {
    void load();
  }, [load]);

  return {
    state,
    retry: () => void load(),
    viewMine: () => void Taro.switchTab({ url: Pages.me }),
    goHome: () => void Taro.switchTab({ url: Pages.report }),
  };
}
