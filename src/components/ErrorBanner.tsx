import { Text, View } from '@tarojs/components';

/** Red box at the top of a page for errors that belong to no single field. */
export function ErrorBanner({ lines }: { lines: readonly string[] }) {
  if (lines.length === 0) return null;
  return (
    <View className="banner">
      {lines.map((line) => (
        <Text key={line} className="banner__line">
          {line}
        </Text>
      ))}
    </View>
  );
}
