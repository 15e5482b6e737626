import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { LIMITS, type PlaceCodeView, type PosterFileView, TabPages } from '../../../domain';
import { listPlaceCodes, makePoster, openPosterFile, rotatePlaceCode } from '../../../services/posters';
import { usePagedList } from '../../../staff/shared/usePagedList';

/** What `first` answers a worker (staff, not admin): the page says who may use it. */
export const NOT_ADMIN = 'FORBIDDEN';

/**
 * Admin: every place's QR code, one level at a time from the admin's scope down (a trail of the
 * places opened), a poster PDF of a building, a community, or every building of a compound / grid,
 * and a new code for a community or building whose code leaked (confirmed first).
 */
export function usePosters() {
  // read when a load starts: a ref, so opening a place and reloading see the same trail
  const trailRef = useRef<PlaceCodeView[]>([]);
  const [trail, setTrail] = useState<PlaceCodeView[]>([]);
  const [banner, setBanner] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [asking, setAsking] = useState<PlaceCodeView | null>(null);
  const [rotateReason, setRotateReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [file, setFile] = useState<{ place: PlaceCodeView; file: PosterFileView } | null>(null);

  const list = usePagedList<PlaceCodeView, { parent: PlaceCodeView | null }>({
    first: async () => {
      const parent = trailRef.current[trailRef.current.length - 1];
      const page = await listPlaceCodes(parent?.id ?? null, null);
      return page.ok ? { ok: true, data: { page: page.data, extra: { parent: page.data.parent } } } : page;
    },
    next: async (cursor) => {
      const parent = trailRef.current[trailRef.current.length - 1];
      const page = await listPlaceCodes(parent?.id ?? null, cursor);
      return page.ok ? { ok: true, data: { page: page.data } } : page;
    },
    key: (p) => p.id,
  });

  const go = (next: PlaceCodeView[]) => {
    trailRef.current = next;
    setTrail(next);
    setBanner([]);
    list.restart();
  };

  const poster = async (place: PlaceCodeView) => {
    if (busy) return;
    setBusy(place.id);
    setBanner([]);
    setNotice(null);
    setFile(null);
    const result = await makePoster(place.id);
    setBusy(null);
    if (!result.ok) return setBanner([result.message]);
    setFile({ place, file: result.data });
  };

  const rotate = async (place: PlaceCodeView) => {
    const why = rotateReason.trim();
    // the reason goes into the audit: who rotated which code and why (泄露, 印错…)
    if (!why) return setReasonError('请选择或填写更换原因');
    if (why.length > LIMITS.rotateReason) return setReasonError(`原因最多 ${LIMITS.rotateReason} 个字`);
    setAsking(null);
    if (busy) return;
    setBusy(place.id);
    setBanner([]);
    setFile(null);
    const result = await rotatePlaceCode(place.id, place.code, why);
    setBusy(null);
    if (!result.ok) {
      setNotice(null);
      setBanner([result.message]);
      // someone else rotated it meanwhile: show the code it has now
      if (result.code === 'CODE_CHANGED') void list.reload();
      return;
    }
    const { retiredCode, ...view } = result.data;
    setNotice(`${view.name}的二维码已更换：旧码 ${retiredCode} 已停用，新码 ${view.code}。请下载新海报，替换张贴的旧海报。`);
    list.updateItems((items) => items.map((p) => (p.id === view.id ? view : p)));
    if (trailRef.current.some((p) => p.id === view.id)) {
      const next = trailRef.current.map((p) => (p.id === view.id ? view : p));
      trailRef.current = next;
      setTrail(next);
    }
  };

  return {
    state: list.state,
    trail,
    loadingMore: list.loadingMore,
    moreError: list.moreError,
    banner,
    notice,
    busy,
    asking,
    file,
    retry: () => void list.reload(),
    loadMore: () => void list.loadMore(),
    open: (place: PlaceCodeView) => go([...trailRef.current, place]),
    /** back to the scope (0) or to a place of the trail */
    up: (depth: number) => go(trailRef.current.slice(0, depth)),
    poster: (place: PlaceCodeView) => void poster(place),
    openFile: async () => {
      if (!file) return;
      const opened = await openPosterFile(file.file);
      if (!opened.ok) setBanner([opened.message]);
    },
    askRotate: (place: PlaceCodeView) => {
      setRotateReason('');
      setReasonError(null);
      setAsking(place);
    },
    rotateReason,
    reasonError,
    setRotateReason: (text: string) => {
      setRotateReason(text);
      setReasonError(null);
    },
    cancelRotate: () => setAsking(null),
    confirmRotate: () => {
      if (asking) void rotate(asking);
    },
    back: () => void Taro.navigateBack().catch(() => Taro.switchTab({ url: TabPages.workbench })),
  };
}
