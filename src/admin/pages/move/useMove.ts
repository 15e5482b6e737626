import { useEffect, useRef, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import type { PlaceNode, RegridJobView } from '../../../domain';
import { getChildren, movePlaces, runMoveJob, splitGrid } from '../../../services/hierarchy';

type Browse =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; parent: PlaceNode | null; path: PlaceNode[]; items: PlaceNode[] };

/** The levels a compound or building can be moved under (and browsed through to get there). */
const BROWSABLE = new Set(['street', 'community', 'area', 'grid', 'compound']);

/**
 * Re-gridding from the admin's side: pick where a compound or building goes (or, for a split, which
 * of a grid's places go to a new grid), start the job, and follow it to the end: the job runs in
 * batches on the server, this page asks for the next ones until it is done.
 */
export function useMove() {
  const { params } = useRouter();
  const placeId = params.placeId ?? '';
  const name = params.name ? decodeURIComponent(params.name) : '';
  const split = params.split === '1';
  const [browse, setBrowse] = useState<Browse>({ kind: 'loading' });
  const [target, setTarget] = useState<PlaceNode | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [gridName, setGridName] = useState('');
  const [job, setJob] = useState<RegridJobView | null>(null);
  const [banner, setBanner] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const latest = useRef(0);

  const open = async (parent: PlaceNode | null) => {
    const n = ++latest.current;
    setBrowse({ kind: 'loading' });
    const res = await getChildren(parent?.id ?? null);
    if (n !== latest.current) return;
    if (!res.ok) return setBrowse({ kind: 'error', message: res.message });
    // a split lists the grid's own places; a move, the places a target can be among
    const items = split
      ? res.data.items.filter((p) => p.level === 'compound' || p.level === 'building')
      : res.data.items.filter((p) => BROWSABLE.has(p.level) && p.id !== placeId);
    setBrowse({ kind: 'ready', parent: res.data.parent, path: res.data.path, items });
  };

  useEffect(() => {
    void (split ? open({ id: placeId } as PlaceNode) : open(null));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [placeId, split]);

  const follow = async (view: RegridJobView) => {
    let current = view;
    setJob(current);
    // each call runs the next batches (the scheduler would too); a failed call is asked again
    for (let tries = 0; current.status === 'running' && tries < 200; tries++) {
      const res = await runMoveJob(current.jobId);
      if (res.ok) current = res.data;
      setJob(current);
    }
  };

  const start = async () => {
    if (busy) return;
    setBusy(true);
    setBanner([]);
    const res = split ? await splitGrid(placeId, gridName, chosen) : target ? await movePlaces([placeId], target.id) : null;
    if (!res) return setBusy(false);
    if (!res.ok) {
      setBusy(false);
      return setBanner([res.message]);
    }
    await follow(res.data);
    setBusy(false);
  };

  return {
    name,
    split,
    browse,
    target,
    chosen,
    gridName,
    job,
    banner,
    busy,
    retry: () => void open(browse.kind === 'ready' ? browse.parent : null),
    open: (p: PlaceNode | null) => void open(p),
    choose: (p: PlaceNode | null) => setTarget(p),
    toggle: (id: string) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id])),
    setGridName,
    start: () => void start(),
  };
}
