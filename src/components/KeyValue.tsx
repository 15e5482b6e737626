import { Text, View } from '@tarojs/components';

/** One labelled value of a detail card (`.kv` in app.css). */
export interface Line {
  label: string;
  value: string;
}

export function KeyValue({ label, value }: Line) {
  return (
    <View className="kv">
      <Text className="kv__key">{label}</Text>
      <Text className="kv__value">{value}</Text>
    </View>
  );
}

export function KeyValues({ lines }: { lines: readonly Line[] }) {
  return (
    <View>
      {lines.map((line) => (
        <KeyValue key={line.label} label={line.label} value={line.value} />
      ))}
    </View>
  );
}
