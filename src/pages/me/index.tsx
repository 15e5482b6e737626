import { Text, View } from '@tarojs/components';
import { AppButton } from '../../components/AppButton';
import { MemberList, PendingMemberList } from '../../components/MemberList';
import { PageStatus, StateView } from '../../components/StateView';
import { WorkerContact } from '../../components/WorkerContact';
import { formatShanghai, REPORT_CATEGORY_LABELS, STAFF_ROLE_LABELS } from '../../domain';
import { useMe } from './useMe';
import './index.css';

export default function MePage() {
  const me = useMe();
  const { state } = me;
  // shown above everything else: staff come to 我的 mostly to open their 工作台
  const staffEntry = me.staff && (
    <View className="card me__staff" onClick={me.openStaff}>
      <View className="row">
        <View>
          <Text className="card__title me__staff-title">工作台</Text>
          <Text className="muted">
            {me.staff.name} · {STAFF_ROLE_LABELS[me.staff.role]}
          </Text>
        </View>
        <Text className="me__staff-go">进入 ›</Text>
      </View>
      {me.staff.role === 'admin' && (
        <Text
          className="link me__dashboard"
          onClick={(e) => {
            e.stopPropagation();
            me.openDashboard();
          }}
        >
          数据看板 ›
        </Text>
      )}
    </View>
  );
  const adminEntry = me.staff?.role === 'admin' && (
    <View className="card me__staff" onClick={me.openAdmin}>
      <View className="row">
        <View>
          <Text className="card__title me__staff-title">社区管理</Text>
          <Text className="muted">地点与网格、表格导入、社区设置</Text>
        </View>
        <Text className="me__staff-go">进入 ›</Text>
      </View>
    </View>
  );
  const footer = (
    <View className="me__links">
      <Text className="link" onClick={me.openPrivacy}>
        隐私政策
      </Text>
      {me.switchIdentity && (
        <Text className="link" onClick={me.switchIdentity}>
          切换演示身份
        </Text>
      )}
    </View>
  );

  if (state.kind === 'loading' || state.kind === 'error') return <PageStatus state={state} onRetry={me.retry} />;

  const { household, reports, nextCursor } = state;
  if (!household && reports.length === 0) {
    return (
      <View className="page">
        {staffEntry}
        {adminEntry}
        <StateView text="您还没有报备过。扫描社区或楼栋二维码，即可为全家报备。" actionText="去报备" onAction={me.startReport} />
        <View className="me__join">
          <Text className="link" onClick={me.openFamily}>
            家人已为全家报备？输入邀请码加入家庭 ›
          </Text>
        </View>
        {footer}
      </View>
    );
  }

  return (
    <View className="page">
      {staffEntry}
      {adminEntry}
      {household && (
        <View className="card">
          <Text className="card__title">我的家庭</Text>
          <Text className="me__address">{household.address}</Text>
          <Text className="muted">
            {household.communityName} · {household.gridName}
          </Text>
          <MemberList members={household.members} />
          <PendingMemberList members={household.pendingMembers} />
          <AppButton className="me__update" onClick={me.updateReport}>
            更新报备
          </AppButton>
          <AppButton kind="plain" className="me__update" onClick={me.openFamily}>
            邀请家人
          </AppButton>
        </View>
      )}
      {household && (
        <View className="card me__checkin" onClick={me.openCheckin}>
          <View className="row">
            <View>
              <Text className="card__title me__checkin-title">每日健康打卡</Text>
              <Text className="muted">居家隔离、健康监测期间每天打卡</Text>
            </View>
            <Text className="me__checkin-go">去打卡 ›</Text>
          </View>
        </View>
      )}
      {household && (
        <View className="card">
          <Text className="card__title">负责网格员</Text>
          <WorkerContact worker={household.gridWorker} />
        </View>
      )}
      <View className="card">
        <Text className="card__title">我的报备记录</Text>
        {reports.length === 0 && <Text className="muted">暂无报备记录</Text>}
        {reports.map((r) => (
          <View key={r.reportId} className="me__report">
            <View className="row">
              <Text className="me__report-date">{formatShanghai(r.createdAt)}</Text>
              <Text className="me__report-category">{REPORT_CATEGORY_LABELS[r.category]}</Text>
            </View>
            <Text className="muted">{r.members.map((m) => m.name).join('、')}</Text>
          </View>
        ))}
        {me.moreError && <Text className="field__error">{me.moreError}</Text>}
        {nextCursor !== null && (
          <AppButton kind="plain" className="me__more" disabled={me.loadingMore} onClick={me.loadMore}>
            {me.loadingMore ? '正在加载…' : '加载更多'}
          </AppButton>
        )}
      </View>
      {footer}
    </View>
  );
}
