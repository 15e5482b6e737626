import { useCallback, useEffect, useState } from 'react';
import {
  BLANK_FIELD,
  BUILTIN_PROFILES,
  LEDGER_LIMITS,
  fieldOf,
  profileProblems,
  type LedgerColumn,
  type LedgerColumnField,
  type LedgerLayout,
  type LedgerProfile,
} from '../../../domain/ledger';
import { uploadFile } from '../../../services/files';
import { chooseSheetFile, deleteProfile, getProfiles, profileFromTemplate, saveProfile } from '../../../services/ledger';
import { getStaffMe } from '../../../services/staff';

export interface Draft {
  profileId?: string;
  name: string;
  layout: LedgerLayout;
  columns: LedgerColumn[];
}

export type ProfilesState = { kind: 'loading' } | { kind: 'error'; message: string; code?: string } | { kind: 'ready'; profiles: LedgerProfile[] };
export const NOT_ADMIN = 'NOT_ADMIN';

const defaultOf = (layout: LedgerLayout) => BUILTIN_PROFILES.find((p) => p.layout === layout)!;

/** The admin's column profiles: the list, and one draft being edited (choose, order, rename, from a template). */
export function useProfiles() {
  const [state, setState] = useState<ProfilesState>({ kind: 'loading' });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const me = await getStaffMe();
    if (!me.ok) return setState({ kind: 'error', message: me.message });
    if (me.data?.role !== 'admin') return setState({ kind: 'error', message: '仅社区管理员可以管理导出模板', code: NOT_ADMIN });
    const res = await getProfiles();
    setState(res.ok ? { kind: 'ready', profiles: res.data } : { kind: 'error', message: res.message });
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const edit = (next: Draft | null) => {
    setErrors([]);
    setNotice('');
    setDraft(next);
  };
  const change = (f: (d: Draft) => Draft) => setDraft((d) => (d ? f(d) : d));
  const setColumns = (f: (c: LedgerColumn[]) => LedgerColumn[]) => change((d) => ({ ...d, columns: f(d.columns) }));

  const importTemplate = async (layout: LedgerLayout) => {
    const file = await chooseSheetFile();
    if (!file) return;
    setBusy(true);
    setErrors([]);
    const uploaded = await uploadFile('import', file);
    const res = uploaded.ok ? await profileFromTemplate(uploaded.data.fileId, layout) : uploaded;
    setBusy(false);
    if (!res.ok) return setErrors([res.message]);
    setDraft({ name: file.name.replace(/\.(xlsx|csv)$/i, '').slice(0, LEDGER_LIMITS.profileName), layout, columns: res.data.columns });
    setNotice(
      res.data.unmatched.length
        ? `读取到 ${res.data.headers.length} 列表头；${res.data.unmatched.map((h) => `“${h}”`).join('、')} 系统没有对应数据，将导出为空列（可改选字段）`
        : `读取到 ${res.data.headers.length} 列表头，均已对应到系统字段`,
    );
  };

  const save = async () => {
    if (!draft || busy) return;
    const problems = [
      ...(draft.name.trim() ? [] : ['请填写模板名称']),
      ...(draft.columns.length ? [] : ['请至少选择一列']),
      ...draft.columns.flatMap((c, i) => (c.header.trim() ? [] : [`第${i + 1}列：请填写表头`])),
      ...profileProblems(draft.layout, draft.columns),
    ];
    setErrors(problems);
    if (problems.length) return;
    setBusy(true);
    const res = await saveProfile({ ...draft, name: draft.name.trim(), columns: draft.columns.map((c) => ({ ...c, header: c.header.trim() })) });
    setBusy(false);
    if (!res.ok) return setErrors([res.message]);
    setDraft(null);
    setNotice(`已保存“${res.data.name}”`);
    void load();
  };

  const remove = async (profile: LedgerProfile) => {
    setBusy(true);
    const res = await deleteProfile(profile.id);
    setBusy(false);
    if (!res.ok) return setErrors([res.message]);
    setNotice(`已删除“${profile.name}”`);
    void load();
  };

  return {
    state,
    retry: () => void load(),
    draft,
    errors,
    notice,
    busy,
    create: (layout: LedgerLayout) => edit({ name: '', layout, columns: defaultOf(layout).columns.map((c) => ({ ...c })) }),
    open: (p: LedgerProfile) =>
      edit(p.builtin ? { name: `${p.name}（副本）`.slice(0, LEDGER_LIMITS.profileName), layout: p.layout, columns: p.columns.map((c) => ({ ...c })) } : { profileId: p.id, name: p.name, layout: p.layout, columns: p.columns.map((c) => ({ ...c })) }),
    cancel: () => edit(null),
    setName: (name: string) => change((d) => ({ ...d, name })),
    rename: (i: number, header: string) => setColumns((cols) => cols.map((c, j) => (j === i ? { ...c, header } : c))),
    setField: (i: number, field: LedgerColumnField) =>
      setColumns((cols) => cols.map((c, j) => (j === i ? { field, header: c.field === BLANK_FIELD || c.header === fieldOf(c.field).label ? (field === BLANK_FIELD ? c.header : fieldOf(field).label) : c.header } : c))),
    move: (i: number, by: -1 | 1) =>
      setColumns((cols) => {
        const j = i + by;
        if (j < 0 || j >= cols.length) return cols;
        const next = [...cols];
        [next[i], next[j]] = [next[j], next[i]];
        return next;
      }),
    drop: (i: number) => setColumns((cols) => cols.filter((_, j) => j !== i)),
    add: (field: LedgerColumnField) => setColumns((cols) => [...cols, { field, header: field === BLANK_FIELD ? '备注' : fieldOf(field).label }]),
    importTemplate: (layout: LedgerLayout) => void importTemplate(layout),
    save: () => void save(),
    remove: (p: LedgerProfile) => void remove(p),
  };
}
