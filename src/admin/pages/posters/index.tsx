import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Chips } from '../../../components/Chips';
import { Field } from '../../../components/Field';
import { Sheet } from '../../../components/Sheet';
import { PageStatus, StateView } from '../../../components/StateView';
import { Tap } from '../../../components/Tap';
import { TextInput } from '../../../components/TextInput';
import { LIMITS, PLACE_LEVEL_LABELS } from '../../../domain';
import { PlaceCodeRow } from './PlaceCodeRow';
import { NOT_ADMIN, usePosters } from './usePosters';
import './index.css';

/** the usual reasons, one tap each; anything else is typed */
const ROTATE_REASONS = ['二维码外泄', '海报印错', '海报损坏或被覆盖'] as const;

const kb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KB`;

export default function PostersPage() {
  const page = usePosters();
  const { state, trail } = page;
  if (state.kind === 'error' && state.code === NOT_ADMIN)
    return (
      <View className="page">
        <StateView text="仅社区管理员可以查看二维码和下载海报" actionText="返回" onAction={page.back} />
      </View>
    );
  if (state.kind === 'loading' || state.kind === 'error') return <PageStatus state={state} onRetry={page.retry} />;

  const { items, nextCursor } = state;
  const parent = state.extra.parent;
  return (
    <View className="page page--wide">
      <View className="pc-trail">
        <Tap className="link pc-trail__crumb" onTap={() => page.up(0)}>
          我的辖区
        </Tap>
        {trail.map((p, i) => (
          <Tap key={p.id} className="link pc-trail__crumb" onTap={() => page.up(i + 1)}>
            {`› ${p.name}`}
          </Tap>
        ))}
      </View>

      <ErrorBanner lines={page.banner} />
      {page.notice && (
        <View className="pc-ok">
          <Text className="pc-ok__line">{page.notice}</Text>
        </View>
      )}
      {page.file && (
        <View className="card pc-file">
          <Text className="card__title">{`海报已生成：${page.file.place.name}`}</Text>
          <Text className="pc-file__name">{page.file.file.name}</Text>
          <Text className="muted">{`共 ${page.file.file.pages} 页 A4，${kb(page.file.file.size)}；链接 10 分钟内有效`}</Text>
          <AppButton onClick={() => void page.openFile()}>打开海报（PDF）</AppButton>
        </View>
      )}

      {parent && (
        <View className="card pc-current">
          <Text className="pc-current__level">{PLACE_LEVEL_LABELS[parent.level]}</Text>
          <Text className="hero">{parent.name}</Text>
          <View className="pc-row__code-line">
            <Text className="muted">二维码</Text>
            <Text className="pc-code pc-code--big">{parent.code}</Text>
          </View>
          <View className="pc-row__actions">
            {parent.poster && (
              <AppButton small disabled={page.busy !== null} onClick={() => page.poster(parent)}>
                {page.busy === parent.id ? '正在生成…' : parent.poster === 'bundle' ? `下载${parent.name}全部楼栋海报` : '下载海报'}
              </AppButton>
            )}
            {parent.rotatable && (
              <AppButton small kind="plain" disabled={page.busy !== null} onClick={() => page.askRotate(parent)}>
                更换二维码
              </AppButton>
            )}
          </View>
        </View>
      )}

      <Text className="pc-list-title">{parent ? `${parent.name}下的地点` : '我的辖区'}</Text>
      {items.length === 0 && <Text className="muted">这里还没有下级地点</Text>}
      <View className="desk-grid">
        {items.map((p) => (
          <PlaceCodeRow
            key={p.id}
            place={p}
            busy={page.busy === p.id}
            disabled={page.busy !== null}
            onOpen={() => page.open(p)}
            onPoster={() => page.poster(p)}
            onRotate={() => page.askRotate(p)}
          />
        ))}
      </View>
      {page.moreError && <Text className="field__error">{page.moreError}</Text>}
      {nextCursor !== null && (
        <AppButton kind="plain" disabled={page.loadingMore} onClick={page.loadMore}>
          {page.loadingMore ? '正在加载…' : '加载更多'}
        </AppButton>
      )}

      {page.asking && (
        <Sheet title={`更换${page.asking.name}的二维码？`} onDismiss={page.cancelRotate}>
          <Text className="sheet__text">
            {`更换后，旧码 ${page.asking.code} 立即停用：居民扫描已张贴的旧海报，会看到“二维码已更换”并被告知到哪里扫新码。请随后下载新海报，替换张贴的旧海报。`}
          </Text>
          <Field label="更换原因" required error={page.reasonError ?? undefined}>
            <Chips
              choices={ROTATE_REASONS.map((r) => ({ value: r, label: r }))}
              isOn={(r) => r === page.rotateReason}
              onPick={page.setRotateReason}
            />
            <TextInput
              className="input"
              value={page.rotateReason}
              maxlength={LIMITS.rotateReason}
              placeholder="或写明原因，如：海报被拍照发到群外"
              onInput={(e) => page.setRotateReason(e.detail.value)}
            />
          </Field>
          <View className="pc-buttons">
            <AppButton kind="plain" onClick={page.cancelRotate}>
              取消
            </AppButton>
            <AppButton kind="danger" onClick={page.confirmRotate}>
              确认更换
            </AppButton>
          </View>
        </Sheet>
      )}
    </View>
  );
}
