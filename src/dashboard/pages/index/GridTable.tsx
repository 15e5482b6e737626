import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { Tap } from '../../../components/Tap';
import { type GridRow, type GridSort } from '../../../domain';
import type { GridTableState } from './useDashboard';

interface Column {
  by: GridSort;
  label: string;
  /** shown at a desk only (a phone keeps the columns that say who is behind) */
  wide?: boolean;
  /** the number is an exception: red when not 0 */
  alarm?: boolean;
}

const COLUMNS: Column[] = [
  { by: 'overdue', label: '逾期', alarm: true },
  { by: 'missing', label: '未打卡', alarm: true },
  { by: 'fever', label: '异常', alarm: true },
  { by: 'open', label: '待办' },
  { by: 'isolated', label: '隔离', wide: true },
  { by: 'households', label: '户数', wide: true },
  { by: 'persons', label: '人数', wide: true },
];

interface GridTableProps {
  /** the pages loaded so far, in the function's order */
  table: GridTableState;
  onSort: (by: GridSort) => void;
  /** the next page (a street may have more than 1,000 grids) */
  onMore: () => void;
  onOpenGrid: (gridId: string) => void;
  /** the overdue number of a grid opens its overdue items */
  onOpenOverdue: (row: GridRow) => void;
}

/**
 * The grids under the scope, worst first by default; a header sorts them all (the function sorts
 * and pages), 显示更多 reads the next page, a row opens that grid's dashboard.
 */
export function GridTable({ table, onSort, onMore, onOpenGrid, onOpenOverdue }: GridTableProps) {
  const { rows: shown, sort } = table;
  const arrow = (by: GridSort) => (sort.by === by ? (sort.ascending ? ' ↑' : ' ↓') : '');
  return (
    <View className="db-table">
      <View className="db-table__row db-table__row--head">
        <Tap className="db-table__name" onTap={() => onSort('name')}>
          <Text>网格{arrow('name')}</Text>
        </Tap>
        {COLUMNS.map((c) => (
          <Tap key={c.by} className={c.wide ? 'db-table__num db-col--wide' : 'db-table__num'} onTap={() => onSort(c.by)}>
            <Text>
              {c.label}
              {arrow(c.by)}
            </Text>
          </Tap>
        ))}
      </View>
      {shown.map((r) => (
        <View key={r.placeId} className={r.behind.length ? 'db-table__row db-table__row--behind' : 'db-table__row'}>
          <Tap className="db-table__name" onTap={() => onOpenGrid(r.placeId)}>
            <Text className="db-table__grid">{r.name}</Text>
            {r.behind.length > 0 && <Text className="db-table__behind">{r.behind.join(' · ')}</Text>}
          </Tap>
          {COLUMNS.map((c) => {
            const value = r[c.by as keyof GridRow] as number;
            const cls = ['db-table__num', c.wide ? 'db-col--wide' : '', c.alarm && value > 0 ? 'db-table__num--alarm' : '']
              .filter(Boolean)
              .join(' ');
            return c.by === 'overdue' && value > 0 ? (
              <Tap key={c.by} className={cls} onTap={() => onOpenOverdue(r)}>
                <Text>{value}</Text>
              </Tap>
            ) : (
              <View key={c.by} className={cls}>
                <Text>{value}</Text>
              </View>
            );
          })}
        </View>
      ))}
      {table.error && <Text className="db-table__error">{table.error}</Text>}
      {table.nextCursor && (
        <AppButton kind="plain" small disabled={table.loading} onClick={onMore}>
          {table.loading ? '加载中…' : `显示更多（已显示 ${shown.length} / ${table.total} 个网格）`}
        </AppButton>
      )}
    </View>
  );
}
