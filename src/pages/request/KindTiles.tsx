import { Text, View } from '@tarojs/components';
import { REQUEST_KINDS, type RequestKind } from '../../domain';

/** Short names for the big tiles (the domain's labels are the long forms) with what each covers. */
const TILES: Record<RequestKind, { title: string; hint: string }> = {
  supplies: { title: '物资代购', hint: '米面粮油、日用品' },
  medicine: { title: '取药', hint: '代取常用药' },
  transport: { title: '就医转运', hint: '透析、复诊接送' },
  other: { title: '其他', hint: '其他困难' },
};

export function KindTiles({ onPick }: { onPick: (kind: RequestKind) => void }) {
  return (
    <View className="tiles">
      {REQUEST_KINDS.map((kind) => (
        <View key={kind} className={`tile tile--${kind}`} onClick={() => onPick(kind)}>
          <Text className="tile__title">{TILES[kind].title}</Text>
          <Text className="tile__hint">{TILES[kind].hint}</Text>
        </View>
      ))}
    </View>
  );
}
