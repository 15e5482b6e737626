import { Text, View } from '@tarojs/components';
import { type Line } from './itemText';

export function KeyValue({ label, value }: Line) {
  return (
    <View className="kv">
      <Text className="kv__key">{label}</Text>
      <Text className="kv__value">{value}</Text>
    </View>
  );
}

export function Lines({ lines }: { lines: readonly Line[] }) {
  return (
    <View>
      {lines.map((line) => (
        <KeyValue key={line.label} label={line.label} value={line.value} />
      ))}
    </View>
  );
}
