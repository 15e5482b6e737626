import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { SelectField } from '../../../components/Pickers';
import { PageStatus } from '../../../components/StateView';
import { useUnplaced } from './useUnplaced';
import '../../../staff/shared/staff.css';
import '../batch/index.css';

/** 待分拨: rows whose address found no building. What a placing teaches is remembered for the next list. */
export default function UnplacedPage() {
  const page = useUnplaced();
  const { state } = page;
  if (state.kind !== 'ready') return <PageStatus state={state} onRetry={page.retry} />;
  const choices = state.buildings.map((b) => ({ value: b.id, label: [b.compoundName, b.name].filter(Boolean).join(' ') }));
  return (
    <View className="page page--wide batch">
      <ErrorBanner lines={page.banner} />
      {page.done.map((line) => (
        <Text key={line} className="batch__ok">
          {line}
        </Text>
      ))}
      {state.rows.length === 0 && (
        <View className="card">
          <Text className="muted">没有待分拨的记录。</Text>
        </View>
      )}
      <View className="desk-grid">
        {state.rows.map((row) => (
          <View key={row.rowId} className="card">
            <Text className="card__title">{`${row.name} · 第${row.rowNumber}行`}</Text>
            <Text className="batch__address">{row.address || '（名单中没有地址）'}</Text>
            {row.unplacedReason && <Text className="muted">{row.unplacedReason}</Text>}
            <SelectField
              title="选择楼栋"
              choices={choices}
              value={page.chosen[row.rowId] ?? null}
              placeholder="选择楼栋"
              onChange={(id) => page.choose(row.rowId, id)}
            />
            <View className="batch__actions">
              <AppButton disabled={!page.chosen[row.rowId]} onClick={() => page.place(row, { buildingId: page.chosen[row.rowId] })}>
                分拨到该楼栋
              </AppButton>
              <AppButton kind="plain" onClick={() => page.place(row, { outOfArea: true })}>
                不在辖区
              </AppButton>
            </View>
          </View>
        ))}
      </View>
      {page.moreError && <Text className="field__error">{page.moreError}</Text>}
      {state.nextCursor !== null && (
        <AppButton kind="plain" disabled={page.loadingMore} onClick={page.loadMore}>
          {page.loadingMore ? '正在加载…' : '加载更多'}
        </AppButton>
      )}
    </View>
  );
}
