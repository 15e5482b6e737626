import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { Chips, choicesOf } from '../../../components/Chips';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Field } from '../../../components/Field';
import { Sheet } from '../../../components/Sheet';
import { PageStatus } from '../../../components/StateView';
import { Tap } from '../../../components/Tap';
import { TextInput } from '../../../components/TextInput';
import { PLACE_LEVEL_LABELS } from '../../../domain';
import { UnitsEditor } from '../../shared/UnitsEditor';
import { PlaceRow } from './PlaceRow';
import { childLevels, usePlaceTree } from './usePlaceTree';
import '../../shared/admin.css';

export default function PlacesPage() {
  const tree = usePlaceTree();
  const { state, editing } = tree;
  if (state.kind !== 'ready') return <PageStatus state={state} onRetry={tree.retry} />;
  const { parent, path, items } = state;
  const community = [...path, ...(parent ? [parent] : [])].find((p) => p.level === 'community');

  return (
    <View className="page page--wide">
      <View className="adm-crumbs">
        <Tap className={parent ? 'adm-crumb' : 'adm-crumb adm-crumb--here'} onTap={() => tree.open(null)}>
          <Text>我的辖区</Text>
        </Tap>
        {path.map((p) => (
          <View key={p.id} className="row">
            <Text className="adm-crumb-sep">/</Text>
            <Tap className={p.id === parent?.id ? 'adm-crumb adm-crumb--here' : 'adm-crumb'} onTap={() => tree.open(p)}>
              <Text>{p.name}</Text>
            </Tap>
          </View>
        ))}
        {parent && !path.some((p) => p.id === parent.id) && (
          <View className="row">
            <Text className="adm-crumb-sep">/</Text>
            <Text className="adm-crumb adm-crumb--here">{parent.name}</Text>
          </View>
        )}
      </View>
      <ErrorBanner lines={tree.banner} />
      {tree.notice && (
        <View className="adm-ok">
          <Text>{tree.notice}</Text>
        </View>
      )}
      <View className="adm-tools">
        {parent && parent.level !== 'building' && <AppButton onClick={tree.startAdd}>添加下级</AppButton>}
        <AppButton kind="plain" onClick={tree.openImport}>
          表格导入
        </AppButton>
        {community && (
          <AppButton kind="plain" onClick={() => tree.openSettings(community.id)}>
            社区设置
          </AppButton>
        )}
      </View>
      <View className="card">
        <Text className="card__title">{parent ? `${parent.name}（${PLACE_LEVEL_LABELS[parent.level]}）的下级` : '我的辖区'}</Text>
        {parent && <Text className="muted small">地点码 {parent.code}</Text>}
        {items.length === 0 && <Text className="muted">还没有下级地点。可以逐个添加，或用表格一次导入。</Text>}
        {items.map((p, i) => (
          <PlaceRow
            key={p.id}
            place={p}
            first={i === 0 || !parent}
            last={i === items.length - 1 || !parent}
            busy={tree.busy}
            onOpen={() => tree.open(p)}
            onRename={() => tree.startRename(p)}
            onUp={() => tree.moveUp(p)}
            onDown={() => tree.moveDown(p)}
            onUnits={() => tree.startUnits(p)}
            onRetire={() => tree.startRetire(p)}
            onMove={() => tree.regrid(p)}
            onSplit={() => tree.split(p)}
          />
        ))}
      </View>

      {editing?.kind === 'add' && parent && (
        <Sheet title={`在${parent.name}下添加`} onDismiss={tree.cancel}>
          <Field label="层级" error={editing.errors.level}>
            <Chips
              choices={choicesOf(childLevels(parent), PLACE_LEVEL_LABELS)}
              isOn={(l) => l === editing.level}
              onPick={(level) => tree.edit({ level })}
            />
          </Field>
          <Field label="名称" required error={editing.errors.name}>
            <TextInput
              className="input"
              value={editing.name}
              placeholder="如：第五网格、3号楼"
              onInput={(e) => tree.edit({ name: e.detail.value })}
            />
          </Field>
          {editing.level === 'building' && (
            <UnitsEditor units={editing.units} errors={editing.errors} onChange={(units) => tree.edit({ units })} />
          )}
          <View className="adm-buttons">
            <AppButton kind="plain" onClick={tree.cancel}>
              取消
            </AppButton>
            <AppButton disabled={tree.busy} onClick={tree.save}>
              添加
            </AppButton>
          </View>
        </Sheet>
      )}
      {editing?.kind === 'rename' && (
        <Sheet title={`改名：${editing.place.name}`} onDismiss={tree.cancel}>
          <Field label="新名称" required error={editing.errors.name}>
            <TextInput className="input" value={editing.name} placeholder="新名称" onInput={(e) => tree.edit({ name: e.detail.value })} />
          </Field>
          <Text className="sheet__text">地点码和二维码不变。</Text>
          <View className="adm-buttons">
            <AppButton kind="plain" onClick={tree.cancel}>
              取消
            </AppButton>
            <AppButton disabled={tree.busy} onClick={tree.save}>
              保存
            </AppButton>
          </View>
        </Sheet>
      )}
      {editing?.kind === 'units' && (
        <Sheet title={`${editing.place.name} 的单元`} onDismiss={tree.cancel}>
          <UnitsEditor units={editing.units} errors={editing.errors} onChange={(units) => tree.edit({ units })} />
          <View className="adm-buttons">
            <AppButton kind="plain" onClick={tree.cancel}>
              取消
            </AppButton>
            <AppButton disabled={tree.busy} onClick={tree.save}>
              保存
            </AppButton>
          </View>
        </Sheet>
      )}
      {editing?.kind === 'retire' && (
        <Sheet title={`停用${editing.place.name}？`} onDismiss={tree.cancel}>
          <Text className="sheet__text">
            停用后，{editing.place.name}及其全部下级不再出现在报备和管理中，二维码失效。仍有住户的地点不能停用，须先把楼栋迁走。
          </Text>
          <View className="adm-buttons">
            <AppButton kind="plain" onClick={tree.cancel}>
              取消
            </AppButton>
            <AppButton kind="danger" disabled={tree.busy} onClick={tree.save}>
              确认停用
            </AppButton>
          </View>
        </Sheet>
      )}
    </View>
  );
}
