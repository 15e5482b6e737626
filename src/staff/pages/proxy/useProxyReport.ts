import { useMemo, useState } from 'react';
import Taro from '@tarojs/taro';
import { ok, type ReportReceipt, Pages, TabPages } from '../../../domain';
import { listScopeBuildings } from '../../../services/places';
import { fileForResident } from '../../../services/staff';
import { useHouseholdForm, type HouseholdFiler } from '../../../pages/report/useHouseholdForm';

/**
 * 代报: the household form filed by a grid worker for a resident without a smartphone. The worker
 * picks one of the buildings of their scope, the household starts blank, and the result stays on
 * this page (the resident's receipt and 我的 belong to the resident's own phone).
 */
export function useProxyReport() {
  const [filed, setFiled] = useState<ReportReceipt | null>(null);
  const filer = useMemo<HouseholdFiler>(
    () => ({
      kind: 'proxy',
      async start() {
        const buildings = await listScopeBuildings();
        if (!buildings.ok) return buildings;
        if (buildings.data.length === 0) return { ok: false, code: 'NOT_FOUND', message: '您的辖区内还没有楼栋，请联系社区管理员' };
        const only = buildings.data.length === 1 ? buildings.data[0].id : null;
        return ok({ place: { communityName: '', buildings: buildings.data, fixedBuilding: false, buildingId: only }, household: null });
      },
      file: fileForResident,
      filed(receipt) {
        setFiled(receipt);
        void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
        return false;
      },
    }),
    [],
  );
  const form = useHouseholdForm(filer);
  return {
    form,
    filed,
    /** a fresh page: a new form session (and request id) for the next household */
    another: () => void Taro.redirectTo({ url: Pages.proxy }),
    back: () => void Taro.navigateBack().catch(() => Taro.switchTab({ url: TabPages.workbench })),
  };
}
