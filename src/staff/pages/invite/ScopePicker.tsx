import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { PLACE_LEVEL_LABELS, type PlaceRef } from '../../../domain';
import { DRILLABLE, type useScopePicker } from './useScopePicker';

type Picker = ReturnType<typeof useScopePicker>;

interface ScopePickerProps {
  picker: Picker;
  onToggle: (place: PlaceRef) => void;
}

/** Breadcrumb, the places of the current level (tick to choose, 下级 to open), and what is chosen. */
export function ScopePicker({ picker, onToggle }: ScopePickerProps) {
  const { path, places, selected } = picker;
  return (
    <View>
      {selected.length > 0 && (
        <View className="scope__chosen">
          {selected.map((p) => (
            <View key={p.id} className="scope__pill" onClick={() => picker.remove(p.id)}>
              <Text>{p.name}</Text>
              <Text className="scope__pill-x">×</Text>
            </View>
          ))}
        </View>
      )}
      <View className="scope__crumbs">
        <Text className={path.length === 0 ? 'scope__crumb scope__crumb--here' : 'scope__crumb link'} onClick={() => picker.upTo(-1)}>
          我的辖区
        </Text>
        {path.map((p, i) => (
          <Text
            key={p.id}
            className={i === path.length - 1 ? 'scope__crumb scope__crumb--here' : 'scope__crumb link'}
            onClick={() => picker.upTo(i)}
          >
            {` › ${p.name}`}
          </Text>
        ))}
      </View>
      {places.kind === 'loading' && <Text className="muted">正在加载…</Text>}
      {places.kind === 'error' && (
        <View>
          <Text className="field__error">{places.message}</Text>
          <AppButton kind="plain" small onClick={picker.retry}>
            重试
          </AppButton>
        </View>
      )}
      {places.kind === 'ready' && places.places.length === 0 && <Text className="muted">这一级下没有可选的区域</Text>}
      {places.kind === 'ready' &&
        places.places.map((place) => {
          const on = picker.isSelected(place);
          return (
            <View key={place.id} className="scope__row">
              <View className="scope__pick" onClick={() => onToggle(place)}>
                <View className={on ? 'check__box check__box--on' : 'check__box'}>{on ? '✓' : ''}</View>
                <Text className="scope__name">{place.name}</Text>
                <Text className="muted small">{PLACE_LEVEL_LABELS[place.level]}</Text>
              </View>
              {DRILLABLE.includes(place.level) && (
                <Text className="link scope__open" onClick={() => picker.open(place)}>
                  下级 ›
                </Text>
              )}
            </View>
          );
        })}
    </View>
  );
}
