import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { ErrorCodes, MAX_SUPPLY_ITEMS, parseRequestInput, type HouseholdView, type RequestInput, Pages, to } from '../../domain';
import { callPhone } from '../../services/phone';
import { getMyHousehold } from '../../services/reports';
import { askStatusSubscription, createRequest } from '../../services/requests';
import { readParam } from '../../utils/params';
import { usePrescriptionPhoto } from './usePrescriptionPhoto';
import { newClientRequestId, withoutErrorsUnder } from '../../utils/forms';
import {
  buildPayload,
  defaultPersonId,
  emptyItem,
  initialDraft,
  normalizeTime,
  parseKind,
  placeErrors,
  type ItemDraft,
  type RequestDraft,
  type ShownError,
  type TransportDraft,
} from './formModel';

export type FormSetup =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  /** no household filed yet: a request needs one (HOUSEHOLD_REQUIRED) */
  | { kind: 'no_household'; message: string }
  | { kind: 'ready'; household: HouseholdView };

type Validated = { ok: true; input: RequestInput } | { ok: false };

export function useRequestForm() {
  const { params } = useRouter();
  const [setup, setSetup] = useState<FormSetup>({ kind: 'loading' });
  const [draft, setDraft] = useState<RequestDraft>(() => initialDraft(parseKind(readParam(params, 'kind')), null));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const [emergencyOffer, setEmergencyOffer] = useState(false);
  // one id per form session: a double tap or a retry after a network error files once
  const clientRequestId = useRef(newClientRequestId());
  // state updates are asynchronous: a second tap in the same tick must see the first one
  const sending = useRef(false);

  const load = useCallback(async () => {
    setSetup({ kind: 'loading' });
    const household = await getMyHousehold();
    if (!household.ok) return setSetup({ kind: 'error', message: household.message });
    if (!household.data) return setSetup({ kind: 'no_household', message: ErrorCodes.HOUSEHOLD_REQUIRED });
    const filed = household.data;
    setDraft((d) => ({ ...d, personId: d.personId ?? defaultPersonId(filed) }));
    setSetup({ kind: 'ready', household: filed });
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const edit = (path: string, change: (d: RequestDraft) => RequestDraft) => {
    setDraft(change);
    setFieldErrors((errors) => withoutErrorsUnder(errors, path));
  };

  const prescription = usePrescriptionPhoto((prescriptionFileId) => edit('details.prescriptionFileId', (d) => ({ ...d, prescriptionFileId })));

  const showErrors = (errors: readonly ShownError[], itemKeys: readonly number[], message: string | null) => {
    const shown = placeErrors(errors, itemKeys);
    setFieldErrors(shown.byField);
    const hint = Object.keys(shown.byField).length > 0 ? ['请按红色提示修改后再提交'] : [];
    setBanner([...(message ? [message] : []), ...shown.unplaced, ...hint]);
    void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined);
  };

  /** Checks the form as it is now (a pick-up time can slip into the past while the sheet is open). */
  const validate = (subscribed: boolean): Validated => {
    const built = buildPayload(draft, clientRequestId.current, subscribed);
    const parsed = parseRequestInput(built.payload, new Date());
    if (parsed.ok) return { ok: true, input: parsed.value };
    showErrors(parsed.errors, built.itemKeys, null);
    return { ok: false };
  };

  /**
   * Files the request. The WeChat subscription prompt must open straight from the tap, so it is
   * asked before anything is awaited; a resident calling 120 is not shown a second dialog.
   */
  const file = async (askSubscription: boolean) => {
    if (sending.current) return;
    sending.current = true;
    const subscribed = askSubscription ? await askStatusSubscription() : false;
    const checked = validate(subscribed);
    if (!checked.ok) {
      sending.current = false;
      return;
    }
    setSubmitting(true);
    setBanner([]);
    const result = await createRequest(checked.input);
    if (result.ok) {
      // stays "sending" while the page is replaced, so a late tap does nothing
      void Taro.redirectTo({ url: to.requestDetail(result.data.requestId) });
      return;
    }
    sending.current = false;
    setSubmitting(false);
    if (result.code === 'HOUSEHOLD_REQUIRED') return setSetup({ kind: 'no_household', message: result.message });
    const built = buildPayload(draft, clientRequestId.current, subscribed);
    showErrors(
      result.errors ?? (result.field ? [{ code: result.code, field: result.field, message: result.message }] : []),
      built.itemKeys,
      result.message,
    );
  };

  const submit = () => {
    if (prescription.photo.kind === 'uploading') return setBanner(['处方照片正在上传，请稍候再提交']);
    if (sending.current || !validate(false).ok) return;
    // an emergency is offered 120 first; the request is filed either way
    if (draft.urgency === 'emergency') return setEmergencyOffer(true);
    void file(true);
  };

  const callAndFile = () => {
    setEmergencyOffer(false);
    callPhone('120');
    void file(false);
  };

  const fileWithoutCall = () => {
    setEmergencyOffer(false);
    void file(true);
  };

  const updateItem = (key: number, patch: Partial<Omit<ItemDraft, 'key'>>) => {
    const field = Object.keys(patch)[0] ?? '';
    edit(`items.${key}.${field}`, (d) => ({ ...d, items: d.items.map((i) => (i.key === key ? { ...i, ...patch } : i)) }));
  };

  const updateTransport = (patch: Partial<TransportDraft>) => {
    const field = Object.keys(patch)[0] ?? '';
    const path =
      field === 'pickupDate' || field === 'pickupTime'
        ? 'details.pickupAt'
        : field === 'everyDays' || field === 'until' || field === 'recurring'
          ? `details.recurrence${field === 'recurring' ? '' : `.${field}`}`
          : `details.${field}`;
    const normalized = patch.pickupTime !== undefined ? { ...patch, pickupTime: normalizeTime(patch.pickupTime) } : patch;
    edit(path, (d) => ({ ...d, ...normalized }));
  };

  return {
    setup,
    draft,
    errors: fieldErrors,
    banner,
    submitting,
    emergencyOffer,
    retry: () => void load(),
    goReport: () => void Taro.switchTab({ url: Pages.report }),
    setKind: (kind: RequestDraft['kind']) => {
      // the other kind's fields and their messages are gone from the screen
      setDraft((d) => ({ ...d, kind }));
      setFieldErrors({});
      setBanner([]);
    },
    setPerson: (personId: string) => edit('personId', (d) => ({ ...d, personId })),
    setUrgency: (urgency: RequestDraft['urgency']) => edit('urgency', (d) => ({ ...d, urgency })),
    updateItem,
    addItem: () => edit('details.items', (d) => (d.items.length >= MAX_SUPPLY_ITEMS ? d : { ...d, items: [...d.items, emptyItem()] })),
    removeItem: (key: number) => edit(`items.${key}`, (d) => ({ ...d, items: d.items.filter((i) => i.key !== key) })),
    setDrug: (drug: string) => edit('details.drug', (d) => ({ ...d, drug })),
    setDrugQuantity: (drugQuantity: string) => edit('details.quantity', (d) => ({ ...d, drugQuantity })),
    prescription,
    updateTransport,
    setDescription: (description: string) => edit('details.description', (d) => ({ ...d, description })),
    setNote: (note: string) => edit('note', (d) => ({ ...d, note })),
    submit,
    callAndFile,
    fileWithoutCall,
    closeEmergencyOffer: () => setEmergencyOffer(false),
  };
}
