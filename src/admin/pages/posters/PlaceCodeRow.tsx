import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { Tap } from '../../../components/Tap';
import { PLACE_LEVEL_LABELS, type PlaceCodeView } from '../../../domain';

interface PlaceCodeRowProps {
  place: PlaceCodeView;
  busy: boolean;
  disabled: boolean;
  onOpen: () => void;
  onPoster: () => void;
  onRotate: () => void;
}

/** What 下载海报 gives for a place, said on its button. */
export function posterLabel(place: PlaceCodeView): string {
  return place.poster === 'bundle' ? '下载全部楼栋海报' : '下载海报';
}

/** One place with its code: open it (its children), its poster, a new code. */
export function PlaceCodeRow({ place, busy, disabled, onOpen, onPoster, onRotate }: PlaceCodeRowProps) {
  return (
    <View className="card pc-row">
      <View className="pc-row__head">
        {place.hasChildren ? (
          <Tap className="link pc-row__name" onTap={onOpen}>
            {`${place.name} ›`}
          </Tap>
        ) : (
          <Text className="pc-row__name">{place.name}</Text>
        )}
        <Text className="pc-row__level">{PLACE_LEVEL_LABELS[place.level]}</Text>
      </View>
      <View className="pc-row__code-line">
        <Text className="muted">二维码</Text>
        <Text className="pc-code">{place.code}</Text>
      </View>
      {(place.poster || place.rotatable) && (
        <View className="pc-row__actions">
          {place.poster && (
            <AppButton small kind="plain" disabled={disabled} onClick={onPoster}>
              {busy ? '正在生成…' : posterLabel(place)}
            </AppButton>
          )}
          {place.rotatable && (
            <AppButton small kind="plain" disabled={disabled} onClick={onRotate}>
              更换二维码
            </AppButton>
          )}
        </View>
      )}
    </View>
  );
}
