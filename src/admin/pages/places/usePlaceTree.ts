import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { canBeChildOf, PLACE_LEVELS, to, type PlaceLevel, type PlaceNode } from '../../../domain';
import { createPlace, getChildren, renamePlace, reorderPlaces, retirePlace, setBuildingUnits } from '../../../services/hierarchy';
import { DEFAULT_UNITS, draftOf, fieldErrors, unitsOf, type UnitDraft } from '../../shared/UnitsEditor';

export type TreeState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; parent: PlaceNode | null; path: PlaceNode[]; items: PlaceNode[]; nextCursor: string | null };

/** What the open sheet edits. */
export type Editing =
  | { kind: 'add'; level: PlaceLevel; name: string; units: UnitDraft[]; errors: Record<string, string> }
  | { kind: 'rename'; place: PlaceNode; name: string; errors: Record<string, string> }
  | { kind: 'units'; place: PlaceNode; units: UnitDraft[]; errors: Record<string, string> }
  | { kind: 'retire'; place: PlaceNode };

/** Levels a child of `parent` may have (levels may be skipped). */
export const childLevels = (parent: PlaceNode): PlaceLevel[] => PLACE_LEVELS.filter((l) => canBeChildOf(l, parent.level));

/** The admin's place tree, one place's children at a time, browsed within the page. */
export function usePlaceTree() {
  const { params } = useRouter();
  const [parentId, setParentId] = useState<string | null>(params.parentId ?? null);
  const [state, setState] = useState<TreeState>({ kind: 'loading' });
  const [banner, setBanner] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [busy, setBusy] = useState(false);
  const latest = useRef(0);

  const load = useCallback(async (id: string | null) => {
    const n = ++latest.current;
    setState({ kind: 'loading' });
    const res = await getChildren(id);
    if (n !== latest.current) return;
    setState(res.ok ? { kind: 'ready', ...res.data } : { kind: 'error', message: res.message });
  }, []);

  useEffect(() => {
    void load(parentId);
  }, [parentId, load]);
  // back from an import or a move: the tree as it is now (the first show is the effect's)
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void load(parentId);
    shown.current = true;
  });

  const ready = state.kind === 'ready' ? state : null;
  const replace = (node: PlaceNode) =>
    setState((s) => (s.kind === 'ready' ? { ...s, items: s.items.map((p) => (p.id === node.id ? node : p)) } : s));

  const done = (message: string) => {
    setEditing(null);
    setBanner([]);
    setNotice(message);
  };

  const save = async () => {
    if (!editing || busy || !ready) return;
    setBusy(true);
    try {
      if (editing.kind === 'add' && ready.parent) {
        const res = await createPlace(
          ready.parent.id,
          editing.level,
          editing.name,
          editing.level === 'building' ? unitsOf(editing.units) : undefined,
        );
        if (!res.ok) return setEditing({ ...editing, errors: fieldErrors(res) });
        setState({ ...ready, items: [...ready.items, res.data] });
        done(`已添加 ${res.data.name}，地点码 ${res.data.code}`);
      } else if (editing.kind === 'rename') {
        const res = await renamePlace(editing.place.id, editing.name);
        if (!res.ok) return setEditing({ ...editing, errors: fieldErrors(res) });
        replace(res.data);
        done(`已改名为 ${res.data.name}`);
      } else if (editing.kind === 'units') {
        const res = await setBuildingUnits(editing.place.id, unitsOf(editing.units));
        if (!res.ok) return setEditing({ ...editing, errors: fieldErrors(res) });
        replace(res.data);
        done(`已保存 ${res.data.name} 的单元`);
      } else if (editing.kind === 'retire') {
        const res = await retirePlace(editing.place.id);
        setEditing(null);
        if (!res.ok) return setBanner([res.message]);
        setState({ ...ready, items: ready.items.filter((p) => p.id !== editing.place.id) });
        done(`已停用 ${editing.place.name}`);
      }
    } finally {
      setBusy(false);
    }
  };

  const move = async (place: PlaceNode, by: -1 | 1) => {
    if (!ready?.parent || busy) return;
    const i = ready.items.findIndex((p) => p.id === place.id);
    const j = i + by;
    if (j < 0 || j >= ready.items.length) return;
    const items = [...ready.items];
    [items[i], items[j]] = [items[j], items[i]];
    setBusy(true);
    const res = await reorderPlaces(
      ready.parent.id,
      items.map((p) => p.id),
    );
    setBusy(false);
    if (!res.ok) {
      setBanner([res.message]);
      return void load(parentId);
    }
    setBanner([]);
    setState({ ...ready, items: res.data });
  };

  return {
    state,
    banner,
    notice,
    editing,
    busy,
    retry: () => void load(parentId),
    open: (place: PlaceNode | null) => {
      setNotice(null);
      setBanner([]);
      setParentId(place?.id ?? null);
    },
    startAdd: () => {
      if (!ready?.parent) return;
      const levels = childLevels(ready.parent);
      // the level below the parent's, as a tree usually grows
      setEditing({ kind: 'add', level: levels[0], name: '', units: DEFAULT_UNITS, errors: {} });
    },
    startRename: (place: PlaceNode) => setEditing({ kind: 'rename', place, name: place.name, errors: {} }),
    startUnits: (place: PlaceNode) => setEditing({ kind: 'units', place, units: draftOf(place.units ?? []), errors: {} }),
    startRetire: (place: PlaceNode) => setEditing({ kind: 'retire', place }),
    edit: (patch: Partial<Editing>) => setEditing((e) => (e ? ({ ...e, ...patch } as Editing) : e)),
    cancel: () => setEditing(null),
    save: () => void save(),
    moveUp: (place: PlaceNode) => void move(place, -1),
    moveDown: (place: PlaceNode) => void move(place, 1),
    regrid: (place: PlaceNode) => void Taro.navigateTo({ url: to.adminMove({ placeId: place.id, name: place.name }) }),
    split: (place: PlaceNode) => void Taro.navigateTo({ url: to.adminMove({ placeId: place.id, name: place.name, split: true }) }),
    openImport: () => void Taro.navigateTo({ url: to.adminImport(ready?.parent?.id) }),
    openSettings: (communityId: string) => void Taro.navigateTo({ url: to.adminSettings(communityId) }),
  };
}
