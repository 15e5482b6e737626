import { Text, View } from '@tarojs/components';

export interface BarSeries {
  name: string;
  /** a class name giving the bar its colour (`db-bar--red` …) */
  tone: string;
}

interface BarChartProps {
  title: string;
  /** one label per bar group (dates: MM-DD) */
  labels: readonly string[];
  series: readonly BarSeries[];
  /** values[series][group] */
  values: ReadonlyArray<readonly number[]>;
}

/**
 * Bars drawn with Views (flex columns, heights in percent): the same on WeChat and in the H5 build,
 * no canvas, no chart library in the subpackage. Series stand side by side in each group.
 */
export function BarChart({ title, labels, series, values }: BarChartProps) {
  const max = Math.max(1, ...values.flat());
  return (
    <View className="db-chart">
      <View className="db-chart__head">
        <Text className="db-chart__title">{title}</Text>
        <View className="db-chart__legend">
          {series.map((s, i) => (
            <View key={s.name} className="db-chart__key">
              <View className={`db-chart__swatch ${s.tone}`} />
              <Text className="small">
                {s.name} {values[i][values[i].length - 1] ?? 0}
              </Text>
            </View>
          ))}
        </View>
      </View>
      <View className="db-chart__plot">
        <Text className="db-chart__max small muted">{max}</Text>
        {labels.map((label, g) => (
          <View key={label} className="db-chart__group">
            <View className="db-chart__bars">
              {series.map((s, i) => (
                <View key={s.name} className={`db-chart__bar ${s.tone}`} style={{ height: `${(values[i][g] / max) * 100}%` }} />
              ))}
            </View>
            <Text className="db-chart__label">{(labels.length - 1 - g) % 2 === 0 ? label : ''}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
