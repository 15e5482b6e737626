import { useCallback, useEffect, useRef, useState } from 'react';
import { type PlaceRef } from '../../../domain';
import { getScopePlaces } from '../../../services/staff';

export type PlacesState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; places: PlaceRef[] };

/** Levels that have places below them worth opening (scopes stop at grids). */
export const DRILLABLE: readonly PlaceRef['level'][] = ['street', 'community', 'area'];

/** Drilling down the caller's own scope (community → area → grid) to pick the new staff member's places. */
export function useScopePicker() {
  const [path, setPath] = useState<PlaceRef[]>([]);
  const [places, setPlaces] = useState<PlacesState>({ kind: 'loading' });
  const [selected, setSelected] = useState<PlaceRef[]>([]);
  const latest = useRef(0);

  const load = useCallback(async (parent: PlaceRef | null) => {
    const seq = ++latest.current;
    setPlaces({ kind: 'loading' });
    const result = await getScopePlaces(parent?.id ?? null);
    if (seq !== latest.current) return;
    setPlaces(result.ok ? { kind: 'ready', places: result.data } : { kind: 'error', message: result.message });
  }, []);

  useEffect(() => {
    void load(null);
  }, [load]);

  return {
    path,
    places,
    selected,
    isSelected: (place: PlaceRef) => selected.some((p) => p.id === place.id),
    toggle: (place: PlaceRef) =>
      setSelected((s) => (s.some((p) => p.id === place.id) ? s.filter((p) => p.id !== place.id) : [...s, place])),
    remove: (placeId: string) => setSelected((s) => s.filter((p) => p.id !== placeId)),
    open: (place: PlaceRef) => {
      setPath((p) => [...p, place]);
      void load(place);
    },
    /** back to a level of the breadcrumb; -1 is the top (the caller's own scope) */
    upTo: (index: number) => {
      const next = path.slice(0, index + 1);
      setPath(next);
      void load(next[next.length - 1] ?? null);
    },
    retry: () => void load(path[path.length - 1] ?? null),
    clear: () => setSelected([]),
  };
}
