import { useCallback, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { type HouseholdView, type ReportView, type StaffProfile, Pages, to } from '../../domain';
import { getMyHousehold, getMyReports } from '../../services/reports';
import { switchIdentity } from '../../services/session';
import { getStaffMe } from '../../services/staff';

export type MeState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; household: HouseholdView | null; reports: ReportView[]; nextCursor: string | null };

export function useMe() {
  const [state, setState] = useState<MeState>({ kind: 'loading' });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  // staff see an entry to the 工作台; a failure here only hides the entry, never the page
  const [staff, setStaff] = useState<StaffProfile | null>(null);

  const loadStaff = useCallback(async () => {
    const result = await getStaffMe();
    setStaff(result.ok ? result.data : null);
  }, []);

  const load = useCallback(async () => {
    const [household, reports] = await Promise.all([getMyHousehold(), getMyReports(null)]);
    if (!household.ok) return setState({ kind: 'error', message: household.message });
    if (!reports.ok) return setState({ kind: 'error', message: reports.message });
    setMoreError(null);
    setState({ kind: 'ready', household: household.data, reports: reports.data.items, nextCursor: reports.data.nextCursor });
  }, []);

  // a tab page stays alive: reload whenever it shows, e.g. after filing a report
  useDidShow(() => {
    void load();
    void loadStaff();
  });

  const loadMore = async () => {
    if (state.kind !== 'ready' || state.nextCursor === null || loadingMore) return;
    setLoadingMore(true);
    setMoreError(null);
    const result = await getMyReports(state.nextCursor);
    setLoadingMore(false);
    if (!result.ok) return setMoreError(result.message);
    setState((s) => (s.kind === 'ready' ? { ...s, reports: [...s.reports, ...result.data.items], nextCursor: result.data.nextCursor } : s));
  };

  const updateReport = () => {
    if (state.kind !== 'ready' || !state.household) return;
    const { communityId, buildingId } = state.household;
    void Taro.navigateTo({
      url: to.reportForm({ communityId, buildingId }),
    });
  };

  return {
    state,
    staff,
    openStaff: () => void Taro.navigateTo({ url: Pages.staffQueue }),
    // admins: the place hierarchy, its import, settings and re-gridding (the admin subpackage)
    openAdmin: () => void Taro.navigateTo({ url: Pages.adminPlaces }),
    openDashboard: () => void Taro.navigateTo({ url: Pages.dashboard }),
    openCheckin: () => void Taro.navigateTo({ url: Pages.checkin }),
    openFamily: () => void Taro.navigateTo({ url: Pages.family }),
    loadingMore,
    moreError,
    loadMore,
    updateReport,
    retry: () => void load(),
    startReport: () => void Taro.switchTab({ url: Pages.report }),
    openPrivacy: () => void Taro.navigateTo({ url: Pages.privacy }),
    // the demo login exists only on the local cloud (H5)
    switchIdentity: process.env.TARO_ENV === 'h5' ? () => switchIdentity(Pages.me) : null,
  };
}
