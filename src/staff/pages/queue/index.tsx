import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { PageStatus, StateView } from '../../../components/StateView';
import { roleLabel, scopeText } from '../../shared/labels';
import { QueueCard } from './QueueCard';
import { QueueFilters } from './QueueFilters';
import { NOT_STAFF, useQueue } from './useQueue';
import '../../shared/staff.css';
import './index.css';

export default function QueuePage() {
  const queue = useQueue();
  const { state, filter } = queue;

  if (state.kind === 'error' && state.code === NOT_STAFF)
    return (
      <View className="page">
        <StateView text="您还不是工作人员。请向社区管理员索取邀请链接，打开后即可加入。" actionText="返回我的" onAction={queue.goHome} />
      </View>
    );
  if (state.kind === 'loading' || state.kind === 'error') return <PageStatus state={state} onRetry={queue.retry} />;

  const { items, nextCursor } = state;
  const { profile, counts } = state.extra;
  const isAdmin = profile.role === 'admin';
  return (
    <View className="page">
      <View className="card queue__who">
        <View className="row">
          <Text className="queue__name">{profile.name}</Text>
          <Text className="queue__role">{roleLabel(profile.role)}</Text>
        </View>
        <Text className="muted">负责：{scopeText(profile.scope)}</Text>
        {/* workers and admins alike: today's check-ins of those under isolation, and filing for a resident */}
        <View className="staff-buttons queue__tools">
          <AppButton kind="plain" onClick={queue.openRoster}>
            隔离人员打卡
          </AppButton>
          {/* 代报: for residents without a smartphone */}
          <AppButton kind="plain" onClick={queue.openProxyReport}>
            代居民报备
          </AppButton>
        </View>
        {isAdmin && (
          <View className="staff-buttons queue__admin">
            <AppButton kind="plain" onClick={queue.openInvite}>
              邀请工作人员
            </AppButton>
            <AppButton kind="plain" onClick={queue.openMembers}>
              工作人员
            </AppButton>
          </View>
        )}
      </View>

      <QueueFilters filter={filter} counts={counts} onKind={queue.setKind} onStatus={queue.setStatus} />
      <Text className="muted small queue__hint">数字为待处理数量；最紧急的排在最前</Text>

      {items.length === 0 && (
        <View className="card">
          <Text className="muted">{queue.refreshing ? '正在加载…' : filter.status === 'open' ? '暂无待处理事项' : '暂无处理中事项'}</Text>
        </View>
      )}
      {items.map((item) => (
        <QueueCard key={item.itemId} item={item} onOpen={() => queue.openItem(item.itemId)} />
      ))}

      {queue.moreError && <Text className="field__error queue__more-error">{queue.moreError}</Text>}
      {nextCursor !== null && (
        <AppButton kind="plain" disabled={queue.loadingMore} onClick={queue.loadMore}>
          {queue.loadingMore ? '正在加载…' : '加载更多'}
        </AppButton>
      )}
      {nextCursor === null && items.length > 0 && <Text className="muted small queue__end">已全部显示（{items.length}项）</Text>}
    </View>
  );
}
