import { useEffect } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { PageStatus, StateView } from '../../../components/StateView';
import { QUEUE_KIND_LABELS, TabPages, URGENCY_LABELS } from '../../../domain';
import { QueueRow } from '../../../pages/workbench/QueueRow';
import { useQueueList, useQueueListParams, type QueueListParams } from './useQueueList';
import '../../shared/staff.css';
import '../../../pages/workbench/index.css';
import './index.css';

/** What the list is, in words: 逾期 · 打卡异常 · 紧急 */
export function filterText(f: QueueListParams): string {
  return [
    f.overdue ? '已逾期' : null,
    f.kind ? QUEUE_KIND_LABELS[f.kind] : null,
    f.priority ? URGENCY_LABELS[f.priority] : null,
    f.status === 'open' ? '待处理' : f.status === 'in_progress' ? '处理中' : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** A dashboard number's list: the queue under its filter (place, kind, urgency, overdue). */
function QueueList({ filter }: { filter: QueueListParams }) {
  const list = useQueueList(filter);
  const { state } = list;
  useEffect(() => {
    // the bar holds a few characters: what the list is; the page's head says where
    void Taro.setNavigationBarTitle({ title: (filter.title ?? '事项').split(' · ')[0] });
  }, [filter.title]);
  if (state.kind === 'loading' || state.kind === 'error') return <PageStatus state={state} onRetry={() => void list.reload()} />;
  const { items, nextCursor } = state;
  return (
    <View className="page page--wide wb qlist">
      <View className="qlist__head">
        <Text className="qlist__title">{filter.title ?? '事项'}</Text>
        <Text className="muted qlist__filter">{filterText(filter) || '全部未办结'}</Text>
      </View>
      {items.length === 0 && (
        <View className="card">
          <Text className="muted">{list.refreshing ? '正在加载…' : '没有符合条件的事项'}</Text>
        </View>
      )}
      <View className="wb-list">
        {items.map((item) => (
          <QueueRow
            key={item.itemId}
            item={item}
            selecting={false}
            selected={false}
            onOpen={() => list.openItem(item.itemId)}
            onToggle={() => undefined}
          />
        ))}
      </View>
      {list.moreError && <Text className="field__error">{list.moreError}</Text>}
      {nextCursor !== null && (
        <AppButton kind="plain" disabled={list.loadingMore} onClick={() => void list.loadMore()}>
          {list.loadingMore ? '正在加载…' : '加载更多'}
        </AppButton>
      )}
      {nextCursor === null && items.length > 0 && <Text className="muted small wb-end">已全部显示（{items.length}项）</Text>}
    </View>
  );
}

/** The queue's former address (links made before 工作台 was a tab): forwards to the tab. */
function QueueForward() {
  useEffect(() => {
    void Taro.switchTab({ url: TabPages.workbench });
  }, []);
  return (
    <View className="page">
      <StateView text="正在打开工作台…" />
    </View>
  );
}

/** With a filter (a dashboard number's link): that list. Without: the 工作台 tab. */
export default function QueuePage() {
  const filter = useQueueListParams();
  return filter ? <QueueList filter={filter} /> : <QueueForward />;
}
