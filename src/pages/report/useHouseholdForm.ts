import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import {
  MAX_MEMBERS,
  normalizePlaceCode,
  ok,
  parseHouseholdReport,
  type BuildingView,
  type HouseholdView,
  type HouseholdReportInput,
  type ReportReceipt,
  type Result,
  type Symptom,
  to,
  type FilerKind,
} from '../../domain';
import { lastPlaceCode } from '../../services/placeCode';
import { readParam } from '../../utils/params';
import { newClientRequestId, withoutErrorsUnder } from '../../utils/forms';
import { listAllBuildings, resolvePlace } from '../../services/places';
import { getMyHousehold, getMyReports, submitReport } from '../../services/reports';
import { clearDraft, draftKey, restoreDraft, saveDraft } from './formDraft';
import {
  emptyMember,
  initialDraft,
  noticeNeeded,
  placeErrors,
  rekeyed,
  travelVisible,
  type FormDraft,
  type HealthDraft,
  type LastAnswers,
  type MemberDraft,
  type ShownError,
  type TravelDraft,
  buildPayload,
} from './formModel';

export type FormSetup =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | {
      kind: 'ready';
      communityName: string;
      buildings: BuildingView[];
      /** the QR code was a building's: the building is not a choice */
      fixedBuilding: boolean;
      household: HouseholdView | null;
    };

export interface PlaceChoice {
  communityName: string;
  buildings: BuildingView[];
  fixedBuilding: boolean;
  /** preselected building */
  buildingId: string | null;
}

async function communityBuildings(communityId: string, communityName: string, wanted: string | null): Promise<Result<PlaceChoice>> {
  const buildings = await listAllBuildings(communityId);
  if (!buildings.ok) return buildings;
  const buildingId = buildings.data.some((b) => b.id === wanted) ? wanted : null;
  return ok({ communityName, buildings: buildings.data, fixedBuilding: false, buildingId });
}

/** Where the form starts: a QR code (community or building), or the household's own building. */
async function placeChoice(params: Partial<Record<string, string>>): Promise<Result<PlaceChoice>> {
  const communityId = readParam(params, 'communityId');
  // opened without any place (e.g. restored after a reload): the last scanned code
  const code = normalizePlaceCode(readParam(params, 'code') ?? (communityId ? null : lastPlaceCode()));
  if (code) {
    const resolved = await resolvePlace(code);
    if (!resolved.ok) return resolved;
    const { community, building } = resolved.data;
    if (building) return ok({ communityName: community.name, buildings: [building], fixedBuilding: true, buildingId: building.id });
    return communityBuildings(community.id, community.name, null);
  }
  if (communityId) return communityBuildings(communityId, '', readParam(params, 'buildingId'));
  return { ok: false, code: 'PLACE_CODE_INVALID', message: '请先扫描社区或楼栋二维码，再开始报备' };
}

/**
 * Who files through the form. A resident starts from a QR code with their own household and goes to
 * the receipt; a grid worker (代报, in the staff subpackage) picks a building of their scope, starts
 * blank and stays on their page.
 */
export interface HouseholdFiler {
  /** a resident's own filing, or a worker's 代报 (no phone is required: the worker is the contact) */
  kind: FilerKind;
  /** where the form starts; `last`: the household's last answers, offered as the starting point */
  start(
    params: Partial<Record<string, string>>,
  ): Promise<Result<{ place: PlaceChoice; household: HouseholdView | null; last?: LastAnswers | null }>>;
  file(input: HouseholdReportInput): Promise<Result<ReportReceipt>>;
  /** after a filing: true when the page is being replaced (the form stays locked) */
  filed(receipt: ReportReceipt): boolean;
}

export const residentFiler: HouseholdFiler = {
  kind: 'resident',
  async start(params) {
    const [choice, household, reports] = await Promise.all([placeChoice(params), getMyHousehold(), getMyReports(null)]);
    if (!choice.ok) return choice;
    if (!household.ok) return household;
    // the last filing's category and travel (not its health answers: those are asked afresh)
    const latest = reports.ok ? reports.data.items[0] : undefined;
    const last = household.data && latest ? { category: latest.category, travel: latest.travel } : null;
    return ok({ place: choice.data, household: household.data, last });
  },
  file: submitReport,
  filed(receipt) {
    void Taro.redirectTo({ url: to.receipt(receipt.reportId) });
    return true;
  },
};

export function useHouseholdForm(filer: HouseholdFiler = residentFiler) {
  const { params } = useRouter();
  const [setup, setSetup] = useState<FormSetup>({ kind: 'loading' });
  const [draft, setDraft] = useState<FormDraft>(() => initialDraft(null, null));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string[]>([]);
  const [submitting, setSubmitting] = useState(false);
  // one id per form session: a double tap or a retry after a network error files once
  const clientRequestId = useRef(newClientRequestId());
  // state updates are asynchronous: a second tap in the same tick must see the first one
  const sending = useRef(false);

  const load = useCallback(async () => {
    setSetup({ kind: 'loading' });
    const started = await filer.start(params);
    if (!started.ok) return setSetup({ kind: 'error', message: started.message });
    const { buildingId, ...place } = started.data.place;
    const household = started.data.household;
    const saved = restoreDraft(draftKey(params));
    // a draft left by a reload of this form comes back as it was typed
    const start = saved && saved.buildingId === buildingId ? rekeyed(saved) : initialDraft(household, buildingId, started.data.last ?? null);
    // a building with a single unit has nothing to choose
    const building = place.buildings.find((b) => b.id === buildingId);
    if (building && !start.unit && building.units.length === 1) start.unit = building.units[0].name;
    setDraft(start);
    // opened from the household (no code): its community names the place
    setSetup({
      kind: 'ready',
      ...place,
      communityName: place.communityName || household?.communityName || '',
      household,
    });
  }, [params, filer]);

  useEffect(() => {
    void load();
  }, [load]);

  // the draft survives a reload (a resident interrupted half way through a family of five)
  useEffect(() => {
    if (setup.kind === 'ready' && filer.kind === 'resident') saveDraft(draftKey(params), draft);
  }, [draft, setup.kind, filer.kind, params]);

  const edit = (path: string, change: (d: FormDraft) => FormDraft) => {
    setDraft(change);
    setFieldErrors((errors) => withoutErrorsUnder(errors, path));
  };

  const buildings = setup.kind === 'ready' ? setup.buildings : [];
  const building = buildings.find((b) => b.id === draft.buildingId) ?? null;

  const chooseBuilding = (buildingId: string) => {
    const units = buildings.find((b) => b.id === buildingId)?.units ?? [];
    edit('buildingId', (d) => ({ ...d, buildingId, unit: units.length === 1 ? units[0].name : null, room: null }));
  };
  const chooseUnit = (unit: string) => edit('unit', (d) => ({ ...d, unit, room: null }));
  const chooseRoom = (room: string) => edit('room', (d) => ({ ...d, room }));

  const updateMember = (index: number, patch: Partial<Omit<MemberDraft, 'key' | 'health'>>) => {
    const key = Object.keys(patch)[0] ?? '';
    edit(`members.${index}.${key}`, (d) => ({ ...d, members: d.members.map((m, i) => (i === index ? { ...m, ...patch } : m)) }));
  };
  const updateHealth = (index: number, patch: Partial<HealthDraft>) => {
    const key = Object.keys(patch)[0] ?? '';
    edit(`members.${index}.health.${key}`, (d) => ({
      ...d,
      members: d.members.map((m, i) => (i === index ? { ...m, health: { ...m.health, ...patch } } : m)),
    }));
  };
  const toggleSymptom = (index: number, symptom: Symptom) => {
    const current = draft.members[index]?.health.symptoms ?? [];
    updateHealth(index, { symptoms: current.includes(symptom) ? current.filter((s) => s !== symptom) : [...current, symptom] });
  };
  const addMember = () =>
    edit('members', (d) => (d.members.length >= MAX_MEMBERS ? d : { ...d, members: [...d.members, emptyMember(null)] }));
  // indexes after the removed card shift: clear every member error rather than show one on the wrong card
  const removeMember = (index: number) => edit('members', (d) => ({ ...d, members: d.members.filter((_, i) => i !== index) }));

  const updateTravel = (patch: Partial<TravelDraft>) => {
    const key = Object.keys(patch)[0] ?? '';
    edit(`travel.${key}`, (d) => ({ ...d, travel: { ...d.travel, ...patch } }));
  };

  const showErrors = (errors: readonly ShownError[], message: string | null) => {
    const shown = placeErrors(errors);
    setFieldErrors(shown.byField);
    const hint = Object.keys(shown.byField).length > 0 ? ['请按红色提示修改后再提交'] : [];
    setBanner([...(message ? [message] : []), ...shown.unplaced, ...hint]);
    // Show the resident the first red message, not just the banner: it may be far down the form.
    // Wait a tick so the error has rendered before scrolling to it.
    const scroll = Object.keys(shown.byField).length > 0 ? { selector: '.field__error', offsetTop: -160 } : { scrollTop: 0 };
    setTimeout(() => void Taro.pageScrollTo({ ...scroll, duration: 200 }).catch(() => undefined), 50);
  };

  const submit = async () => {
    if (sending.current) return;
    const parsed = parseHouseholdReport(buildPayload(draft, clientRequestId.current), new Date(), filer.kind);
    if (!parsed.ok) return showErrors(parsed.errors, null);
    sending.current = true;
    setSubmitting(true);
    setBanner([]);
    const result = await filer.file(parsed.value);
    if (result.ok) {
      clearDraft(draftKey(params));
      // stays "sending" while the page is replaced, so a late tap does nothing
      if (filer.filed(result.data)) return;
      sending.current = false;
      setSubmitting(false);
      return;
    }
    sending.current = false;
    setSubmitting(false);
    showErrors(
      result.errors ?? (result.field ? [{ code: result.code, field: result.field, message: result.message }] : []),
      result.message,
    );
  };

  return {
    setup,
    draft,
    errors: fieldErrors,
    banner,
    submitting,
    building,
    noticeNeeded: setup.kind === 'ready' && noticeNeeded(setup.household),
    showTravel: travelVisible(draft),
    proxy: filer.kind === 'proxy',
    retry: () => void load(),
    chooseBuilding,
    chooseUnit,
    chooseRoom,
    updateMember,
    updateHealth,
    toggleSymptom,
    addMember,
    removeMember,
    setCategory: (category: FormDraft['category']) => edit('category', (d) => ({ ...d, category })),
    setTravelOpen: (travelOpen: boolean) => edit('travel', (d) => ({ ...d, travelOpen })),
    updateTravel,
    setNote: (note: string) => edit('note', (d) => ({ ...d, note })),
    togglePrivacy: () => edit('consent.privacy', (d) => ({ ...d, privacy: !d.privacy })),
    toggleHealthTravel: () => edit('travel', (d) => ({ ...d, healthTravel: !d.healthTravel })),
    submit,
  };
}
