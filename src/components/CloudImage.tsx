/** A private image from cloud storage: a temporary URL is asked for when shown, and again when it has expired. */
import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { fileUrl } from '../services/files';

type Shown = { kind: 'loading' } | { kind: 'ready'; url: string; expiresAt: number } | { kind: 'error'; message: string };

export function CloudImage({ fileId, alt }: { fileId: string; alt: string }) {
  const [shown, setShown] = useState<Shown>({ kind: 'loading' });

  const load = async (): Promise<string | null> => {
    const res = await fileUrl(fileId);
    if (!res.ok) {
      setShown({ kind: 'error', message: res.message });
      return null;
    }
    setShown({ kind: 'ready', url: res.data.url, expiresAt: new Date(res.data.expiresAt).getTime() });
    return res.data.url;
  };

  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one file per mount
  }, [fileId]);

  const open = async () => {
    // a URL that has expired (the page stayed open) is replaced before it is opened large
    const url = shown.kind === 'ready' && shown.expiresAt > Date.now() + 5000 ? shown.url : await load();
    if (url) void Taro.previewImage({ urls: [url], current: url }).catch(() => undefined);
  };

  if (shown.kind === 'loading') return <Text className="muted">正在加载{alt}…</Text>;
  if (shown.kind === 'error') return <Text className="muted">{shown.message}</Text>;
  return (
    <View className="cloud-image" onClick={() => void open()}>
      <Image className="cloud-image__img" src={shown.url} mode="aspectFit" ariaLabel={alt} />
      <Text className="cloud-image__hint">点击查看大图</Text>
    </View>
  );
}
