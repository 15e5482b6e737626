import { type PropsWithChildren } from 'react';
import { Text, View } from '@tarojs/components';

/** One labelled value of a detail card (`.kv` in app.css). */
export interface Line {
  label: string;
  value: string;
}

/** One labelled value; `children` instead of `value` for a value that is not plain text (a tag). */
export function KeyValue({
  label,
  value,
  valueClass,
  children,
}: PropsWithChildren<{ label: string; value?: string; valueClass?: string }>) {
  const cls = valueClass ? `kv__value ${valueClass}` : 'kv__value';
  return (
    <View className="kv">
      <Text className="kv__key">{label}</Text>
      {children ? <View className={cls}>{children}</View> : <Text className={cls}>{value}</Text>}
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
