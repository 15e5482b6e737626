import { Text, View } from '@tarojs/components';
import { AppButton } from '../../components/AppButton';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageStatus, StateView } from '../../components/StateView';
import { Tap } from '../../components/Tap';
import { canDispatch } from '../../domain/staff';
import { roleLabel, scopeText } from '../../staff/shared/labels';
import { BatchVerifySheet } from './BatchVerifySheet';
import { QueueFilters } from './QueueFilters';
import { QueueRow } from './QueueRow';
import { NOT_STAFF, useWorkbench } from './useWorkbench';
import '../../staff/shared/staff.css';
import './index.css';

/**
 * 工作台, the staff tab (main package, kept small: every page it opens is in the staff subpackage):
 * one compact list of everything under the worker's scope, searched and filtered, most urgent first.
 */
export default function WorkbenchPage() {
  const wb = useWorkbench();
  const { state, filter, batch } = wb;

  if (state.kind === 'error' && state.code === NOT_STAFF)
    return (
      <View className="page">
        <StateView text="您还不是工作人员。请向社区管理员索取邀请链接，打开后即可加入。" actionText="返回我的" onAction={wb.goHome} />
      </View>
    );
  if (state.kind === 'loading' || state.kind === 'error') return <PageStatus state={state} onRetry={wb.retry} />;

  const { items, nextCursor } = state;
  const { profile, counts } = state.extra;
  const isAdmin = profile.role === 'admin';
  return (
    <View className="page wb">
      <View className="wb-who">
        <Text className="wb-who__name">{profile.name}</Text>
        <Text className="wb-who__role">{roleLabel(profile.role)}</Text>
        <Text className="muted wb-who__scope">{scopeText(profile.scope)}</Text>
      </View>
      <View className="wb-tools">
        <Tap className="link wb-tools__link" onTap={wb.openDashboard}>
          数据看板
        </Tap>
        <Tap className="link wb-tools__link" onTap={wb.openRoster}>
          隔离人员打卡
        </Tap>
        {/* 代报: for residents without a smartphone */}
        <Tap className="link wb-tools__link" onTap={wb.openProxyReport}>
          代居民报备
        </Tap>
        <Tap className="link wb-tools__link" onTap={wb.scanDeskLogin}>
          扫码登录网页版
        </Tap>
        <Tap className="link wb-tools__link" onTap={wb.openExport}>
          台账导出
        </Tap>
        {canDispatch(profile.role) && (
          <Tap className="link wb-tools__link" onTap={wb.openDeskConsole}>
            核查批次
          </Tap>
        )}
        {isAdmin && (
          <Tap className="link wb-tools__link" onTap={wb.openInvite}>
            邀请工作人员
          </Tap>
        )}
        {isAdmin && (
          <Tap className="link wb-tools__link" onTap={wb.openMembers}>
            工作人员
          </Tap>
        )}
        {isAdmin && (
          <Tap className="link wb-tools__link" onTap={wb.openPosters}>
            二维码与海报
          </Tap>
        )}
      </View>

      <QueueFilters
        filter={filter}
        counts={counts}
        buildings={wb.buildings}
        searchText={wb.searchText}
        onKind={wb.setKind}
        onStatus={wb.setStatus}
        onBuilding={wb.setBuilding}
        onSearchText={wb.setSearchText}
        onSearch={wb.search}
      />

      <ErrorBanner lines={wb.banner} />
      {wb.notice && (
        <View className="staff-ok">
          <Text className="staff-ok__line">{wb.notice}</Text>
        </View>
      )}

      {batch.selecting ? (
        <View className="wb-select">
          <Text className="wb-select__text">{batch.selected.length ? `已选 ${batch.selected.length} 户` : '点选要核实的报备'}</Text>
          <AppButton kind="plain" small onClick={batch.stop}>
            取消
          </AppButton>
          <AppButton small disabled={batch.selected.length === 0} onClick={batch.openSheet}>
            {`核实所选（${batch.selected.length}）`}
          </AppButton>
        </View>
      ) : (
        (counts.verify_report ?? 0) > 1 && (
          <View className="wb-select">
            <Text className="muted small wb-select__text">最紧急的排在最前</Text>
            <AppButton kind="plain" small onClick={batch.start}>
              批量核实
            </AppButton>
          </View>
        )
      )}

      {items.length === 0 && (
        <View className="card">
          <Text className="muted">
            {wb.refreshing ? '正在加载…' : filter.search ? '没有找到符合条件的事项' : filter.status === 'open' ? '暂无待处理事项' : '暂无处理中事项'}
          </Text>
        </View>
      )}
      <View className="wb-list">
        {items.map((item) => (
          <QueueRow
            key={item.itemId}
            item={item}
            selecting={batch.selecting}
            selected={batch.selected.includes(item.itemId)}
            onOpen={() => wb.openItem(item.itemId)}
            onToggle={() => batch.toggle(item.itemId)}
          />
        ))}
      </View>

      {wb.moreError && <Text className="field__error wb-more-error">{wb.moreError}</Text>}
      {nextCursor !== null && (
        <AppButton kind="plain" disabled={wb.loadingMore} onClick={wb.loadMore}>
          {wb.loadingMore ? '正在加载…' : '加载更多'}
        </AppButton>
      )}
      {nextCursor === null && items.length > 0 && <Text className="muted small wb-end">已全部显示（{items.length}项）</Text>}

      {batch.sheet && <BatchVerifySheet batch={batch} />}
    </View>
  );
}
