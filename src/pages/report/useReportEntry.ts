import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { ErrorCodes, normalizePlaceCode, type HouseholdView, type ResolvedPlace, Pages, to } from '../../domain';
import {
  forgetPlaceCode,
  lastPlaceCode,
  placeCodeFromParams,
  placeCodeFromScan,
  placeCodeFromText,
  rememberPlaceCode,
} from '../../services/placeCode';
import { resolvePlace } from '../../services/places';
import { getMyHousehold } from '../../services/reports';
import { getCheckinToday, pendingCheckins } from '../../services/checkins';

export type EntryState =
  | { kind: 'loading' }
  | { kind: 'place'; place: ResolvedPlace }
  | { kind: 'household'; household: HouseholdView }
  | { kind: 'none'; lastCode: string | null }
  /** the scanned code was rotated away: the page says so and where the new one is, not the form */
  | { kind: 'replaced'; message: string }
  | { kind: 'error'; message: string };

const ENTRY_ROUTE = '#/pages/report/index';

/**
 * Taro's H5 router ignores a navigation to the tab page already open, even with a new query (a
 * second QR link opened in the same browser tab): follow the hash ourselves.
 */
function useH5EntryHash(onCode: (code: string | null) => void) {
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return;
    const onHashChange = () => {
      const hash = window.location.hash;
      if (hash === ENTRY_ROUTE || hash.startsWith(`${ENTRY_ROUTE}?`)) onCode(placeCodeFromText(hash));
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [onCode]);
}

/** The 报备 tab: a scanned place to start from, else the household already filed, else how to start. */
export function useReportEntry() {
  const { params } = useRouter();
  // a code set on this page (scan, 继续上次, a new link) wins over the one the page was opened with
  const [override, setOverride] = useState<{ code: string | null } | null>(null);
  const code = override ? override.code : placeCodeFromParams(params);
  const [state, setState] = useState<EntryState>({ kind: 'loading' });
  // persons of the household still to check in for the current slot (banner); 0 hides it
  const [checkinsDue, setCheckinsDue] = useState(0);
  // only the latest load may set the state: a slow earlier one must not overwrite it
  const latest = useRef(0);

  const load = useCallback(async () => {
    const seq = ++latest.current;
    const show = (next: EntryState) => {
      if (seq === latest.current) setState(next);
    };
    if (code !== null) {
      const normalized = normalizePlaceCode(code);
      if (!normalized) return show({ kind: 'error', message: ErrorCodes.PLACE_CODE_INVALID });
      rememberPlaceCode(normalized);
      const result = await resolvePlace(normalized);
      if (!result.ok && result.code === 'PLACE_CODE_REPLACED') {
        // 继续上次扫码 must not offer the old code again
        forgetPlaceCode(normalized);
        return show({ kind: 'replaced', message: result.message });
      }
      return show(result.ok ? { kind: 'place', place: result.data } : { kind: 'error', message: result.message });
    }
    const result = await getMyHousehold();
    if (!result.ok) return show({ kind: 'error', message: result.message });
    show(result.data ? { kind: 'household', household: result.data } : { kind: 'none', lastCode: lastPlaceCode() });
    // check-ins belong to a filed household; a failure here only hides the banner
    const today = result.data ? await getCheckinToday().catch(() => null) : null;
    if (seq === latest.current) setCheckinsDue(today?.ok ? pendingCheckins(today.data) : 0);
  }, [code]);

  // every showing reloads (the household changes after a report); a code set here reloads at once
  useDidShow(() => void load());
  useEffect(() => {
    if (override) void load();
  }, [override, load]);
  const chooseCode = useCallback((next: string | null) => setOverride({ code: next }), []);
  useH5EntryHash(chooseCode);

  const scan = async () => {
    try {
      const scanned = await Taro.scanCode({ onlyFromCamera: false });
      // an unreadable code shows as an invalid one
      chooseCode(placeCodeFromScan(scanned) ?? '');
    } catch {
      // the resident closed the scanner: stay where we are
    }
  };

  const startReport = () => {
    if (state.kind !== 'place') return;
    void Taro.navigateTo({ url: to.reportForm({ code: state.place.code }) });
  };

  const updateReport = () => {
    if (state.kind !== 'household') return;
    const { communityId, buildingId } = state.household;
    void Taro.navigateTo({
      url: to.reportForm({ communityId, buildingId }),
    });
  };

  return {
    state,
    checkinsDue,
    openCheckin: () => void Taro.navigateTo({ url: Pages.checkin }),
    canScan: process.env.TARO_ENV === 'weapp',
    scan,
    startReport,
    updateReport,
    resumeLastCode: (last: string) => chooseCode(last),
    retry: () => void load(),
  };
}
