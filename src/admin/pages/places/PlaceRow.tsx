import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { Tap } from '../../../components/Tap';
import { PLACE_LEVEL_LABELS, type PlaceNode } from '../../../domain';

interface Props {
  place: PlaceNode;
  first: boolean;
  last: boolean;
  busy: boolean;
  onOpen: () => void;
  onRename: () => void;
  onUp: () => void;
  onDown: () => void;
  onUnits: () => void;
  onRetire: () => void;
  onMove: () => void;
  onSplit: () => void;
}

/** One place of the tree: name, level, code (and rooms for a building), and what the admin can do with it. */
export function PlaceRow({ place, first, last, busy, onOpen, onRename, onUp, onDown, onUnits, onRetire, onMove, onSplit }: Props) {
  const isBuilding = place.level === 'building';
  return (
    <View className="adm-row">
      <View>
        <View className="adm-row__head">
          {isBuilding ? (
            <Text className="adm-row__name">{place.name}</Text>
          ) : (
            <Tap className="adm-row__name adm-row__open" onTap={onOpen}>
              <Text>{place.name} ›</Text>
            </Tap>
          )}
          <Text className="adm-tag">{PLACE_LEVEL_LABELS[place.level]}</Text>
          <Text className="adm-code">{place.code}</Text>
        </View>
        {isBuilding && <Text className="adm-row__meta">{place.roomRange || '未设置单元'}</Text>}
      </View>
      <View className="adm-row__actions">
        {/* the first cannot go up, the last not down: not shown rather than greyed out */}
        {!first && (
          <AppButton kind="plain" small disabled={busy} onClick={onUp}>
            上移
          </AppButton>
        )}
        {!last && (
          <AppButton kind="plain" small disabled={busy} onClick={onDown}>
            下移
          </AppButton>
        )}
        <AppButton kind="plain" small onClick={onRename}>
          改名
        </AppButton>
        {isBuilding && (
          <AppButton kind="plain" small onClick={onUnits}>
            单元
          </AppButton>
        )}
        {(place.level === 'compound' || isBuilding) && (
          <AppButton kind="plain" small onClick={onMove}>
            迁移
          </AppButton>
        )}
        {place.level === 'grid' && (
          <AppButton kind="plain" small onClick={onSplit}>
            拆分
          </AppButton>
        )}
        <AppButton kind="danger" small onClick={onRetire}>
          停用
        </AppButton>
      </View>
    </View>
  );
}
