import { useEffect, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import type { CommunitySettings, PlaceNode, PriorityName } from '../../../domain';
import { getSettings, saveSettings } from '../../../services/hierarchy';
import { fieldErrors } from '../../shared/UnitsEditor';

export interface SlotDraft {
  key: string;
  label: string;
  opensAt: string;
  closesAt: string;
}

export interface SettingsDraft {
  sla: Record<PriorityName, string>;
  slots: SlotDraft[];
}

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; community: PlaceNode; saved: CommunitySettings };

const draftOf = (s: CommunitySettings): SettingsDraft => ({
  sla: { emergency: String(s.slaMinutes.emergency), urgent: String(s.slaMinutes.urgent), normal: String(s.slaMinutes.normal) },
  slots: s.checkinSlots.map((x) => ({ ...x })),
});

/** A community's response deadlines (minutes per urgency) and check-in slots, validated by the server. */
export function useSettings() {
  const { params } = useRouter();
  const communityId = params.communityId ?? '';
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async () => {
    setState({ kind: 'loading' });
    const res = await getSettings(communityId);
    if (!res.ok) return setState({ kind: 'error', message: res.message });
    setState({ kind: 'ready', community: res.data.community, saved: res.data });
    setDraft(draftOf(res.data));
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [communityId]);

  const save = async () => {
    if (!draft || busy) return;
    setBusy(true);
    const res = await saveSettings({
      communityId,
      slaMinutes: { emergency: Number(draft.sla.emergency), urgent: Number(draft.sla.urgent), normal: Number(draft.sla.normal) },
      checkinSlots: draft.slots.map((s) => ({ key: s.key, label: s.label, opensAt: s.opensAt, closesAt: s.closesAt })),
    });
    setBusy(false);
    if (!res.ok) {
      const byField = fieldErrors(res);
      setErrors(byField);
      setNotice(null);
      return setBanner(Object.keys(byField).length ? ['请按提示修改后再保存'] : [res.message]);
    }
    setErrors({});
    setBanner([]);
    setNotice('已保存。新的时限用于此后产生的事项，新的打卡时段从下一个时段起生效。');
    setState({ kind: 'ready', community: res.data.community, saved: res.data });
    setDraft(draftOf(res.data));
  };

  const setSla = (p: PriorityName, v: string) => draft && setDraft({ ...draft, sla: { ...draft.sla, [p]: v } });
  const setSlot = (i: number, patch: Partial<SlotDraft>) =>
    draft && setDraft({ ...draft, slots: draft.slots.map((s, k) => (k === i ? { ...s, ...patch } : s)) });
  return {
    state,
    draft,
    errors,
    banner,
    notice,
    busy,
    retry: () => void load(),
    setSla,
    setSlot,
    addSlot: () =>
      draft &&
      draft.slots.length < 2 &&
      setDraft({
        ...draft,
        slots: [
          ...draft.slots,
          { key: draft.slots.some((s) => s.key === 'pm') ? 'ev' : 'pm', label: '下午', opensAt: '14:00', closesAt: '18:00' },
        ],
      }),
    removeSlot: (i: number) => draft && draft.slots.length > 1 && setDraft({ ...draft, slots: draft.slots.filter((_, k) => k !== i) }),
    save: () => void save(),
  };
}
