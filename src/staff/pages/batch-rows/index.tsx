import { useEffect } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { StateView } from '../../../components/StateView';
import { formatShanghai, PASS_KIND_LABELS, type BatchRowView } from '../../../domain';
import { useBatchRows } from './useBatchRows';
import '../../shared/staff.css';
import './index.css';

/** What was done on a row so far: each pass with when and by whom, the latest last. */
function passesLine(row: BatchRowView): string {
  if (row.passes.length === 0) return '尚未核查';
  return row.passes.map((p) => `${PASS_KIND_LABELS[p.kind]} ${formatShanghai(p.at, 'M月D日 HH:mm')}`).join(' · ');
}

/** 核查中的记录 at one pass (a dashboard number opened): each row opens its queue item. */
export default function BatchRowsPage() {
  const page = useBatchRows();
  const { state, query } = page;
  const label = query.stage ? PASS_KIND_LABELS[query.stage] : '核查记录';
  const title = query.title ?? label;
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: title.split(' · ')[0] });
  }, [title]);

  if (state.kind === 'loading') return <StateView text="正在加载…" />;
  if (state.kind === 'error')
    return (
      <View className="page">
        <StateView text={state.message} actionText="重试" onAction={page.restart} />
      </View>
    );
  const { items, nextCursor } = state;
  return (
    <View className="page brows">
      <View className="card">
        <Text className="card__title">{title}</Text>
        <Text className="muted small">核查中、已做到「{label}」的记录；点一条打开它的事项</Text>
      </View>
      {items.length === 0 && (
        <View className="card">
          <Text className="muted">没有这一环节的核查记录</Text>
        </View>
      )}
      {items.map((row) => (
        <View key={row.rowId} className="card brows__row" onClick={() => page.openRow(row)}>
          <View className="row brows__head">
            <Text className="brows__name">{row.name}</Text>
            <Text className="muted small">第{row.rowNumber}行</Text>
            {row.flagged && <Text className="staff-overdue">有错误</Text>}
          </View>
          <Text className="brows__address">{row.address || '（名单中没有地址）'}</Text>
          {row.phoneMasked && <Text className="muted small">手机 {row.phoneMasked}</Text>}
          <Text className="muted small brows__passes">{passesLine(row)}</Text>
        </View>
      ))}
      {page.moreError && <Text className="field__error">{page.moreError}</Text>}
      {nextCursor !== null && (
        <AppButton kind="plain" disabled={page.loadingMore} onClick={page.loadMore}>
          {page.loadingMore ? '正在加载…' : '加载更多'}
        </AppButton>
      )}
      {nextCursor === null && items.length > 0 && <Text className="muted small brows__end">已全部显示（{items.length}条）</Text>}
    </View>
  );
}
