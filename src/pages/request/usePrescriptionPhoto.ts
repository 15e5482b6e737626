import { useState } from 'react';
import Taro from '@tarojs/taro';
import { uploadFile, type ChosenFile } from '../../services/files';

export type PhotoState =
  | { kind: 'empty' }
  | { kind: 'uploading'; preview: string }
  | { kind: 'ready'; preview: string }
  | { kind: 'error'; message: string };

interface PickedImage {
  path: string;
  size: number;
  type?: string;
  originalFileObj?: { name?: string; type?: string };
}

/** Take or pick a prescription photo and upload it; the form keeps the file id the server checked. */
export function usePrescriptionPhoto(onChange: (fileId: string | null) => void) {
  const [photo, setPhoto] = useState<PhotoState>({ kind: 'empty' });

  const choose = async () => {
    let picked: PickedImage | undefined;
    try {
      const res = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['camera', 'album'] });
      picked = res.tempFiles[0] as PickedImage | undefined;
    } catch {
      return; // the resident closed the picker
    }
    if (!picked) return;
    const file: ChosenFile = {
      path: picked.path,
      size: picked.size,
      type: picked.type ?? picked.originalFileObj?.type,
      name: picked.originalFileObj?.name,
    };
    onChange(null);
    setPhoto({ kind: 'uploading', preview: picked.path });
    const uploaded = await uploadFile('prescription', file);
    if (!uploaded.ok) return setPhoto({ kind: 'error', message: uploaded.message });
    onChange(uploaded.data.fileId);
    setPhoto({ kind: 'ready', preview: picked.path });
  };

  const remove = () => {
    onChange(null);
    setPhoto({ kind: 'empty' });
  };

  return { photo, choose: () => void choose(), remove };
}
