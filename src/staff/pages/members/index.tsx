import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { PageStatus, StateView } from '../../../components/StateView';
import { roleLabel } from '../../shared/labels';
import { Sheet } from '../../../components/Sheet';
import { Chips } from '../../../components/Chips';
import { STAFF_ROLE_LABELS, STAFF_ROLES, type StaffRole } from '../../../domain';
import { MemberCard } from './MemberCard';
import { NOT_ADMIN, useMembers } from './useMembers';
import '../../shared/staff.css';
import './index.css';

const ROLE_CHOICES = STAFF_ROLES.map((r) => ({ value: r, label: STAFF_ROLE_LABELS[r] }));
/** what each role may do, said before it is given */
const ROLE_HINTS: Record<StaffRole, string> = {
  worker: '网格员：处理本人负责网格的事项、报备与核查记录。',
  dispatcher: '调度员：在数据台导入上级核查名单、分拨与导出回传文件，并处理所负责范围的事项。',
  admin: '社区管理员：管理地点、二维码、工作人员和台账导出，可查看完整信息（需填写原因并留痕）。',
};

export default function MembersPage() {
  const page = useMembers();
  const { state } = page;
  if (state.kind === 'error' && state.code === NOT_ADMIN)
    return (
      <View className="page">
        <StateView text="仅社区管理员可以管理工作人员" actionText="返回" onAction={page.back} />
      </View>
    );
  if (state.kind === 'loading' || state.kind === 'error') return <PageStatus state={state} onRetry={page.retry} />;

  const { items: members, nextCursor } = state;
  const { me } = state.extra;
  return (
    <View className="page">
      <ErrorBanner lines={page.banner} />
      {page.notice && (
        <View className="staff-ok">
          <Text className="staff-ok__line">{page.notice}</Text>
        </View>
      )}
      <AppButton onClick={page.invite}>邀请工作人员</AppButton>
      <View className="card">
        <Text className="card__title">辖区工作人员</Text>
        {members.length === 0 && <Text className="muted">还没有工作人员</Text>}
        {members.map((m) => (
          <MemberCard
            key={m.staffId}
            member={m}
            isMe={m.staffId === me.staffId}
            busy={page.busy === m.staffId}
            onDeactivate={() => page.askDeactivate(m)}
            onActivate={() => page.activate(m)}
            onChangeRole={() => page.askRole(m)}
          />
        ))}
        {page.moreError && <Text className="field__error">{page.moreError}</Text>}
        {nextCursor !== null && (
          <AppButton kind="plain" className="members__more" disabled={page.loadingMore} onClick={page.loadMore}>
            {page.loadingMore ? '正在加载…' : '加载更多'}
          </AppButton>
        )}
      </View>

      {page.roleOf && (
        <Sheet title={`更改${page.roleOf.member.name}的角色`} onDismiss={page.cancelRole}>
          <Chips choices={ROLE_CHOICES} isOn={(r) => r === page.roleOf?.role} onPick={page.pickRole} />
          <Text className="sheet__text">{ROLE_HINTS[page.roleOf.role]}</Text>
          <View className="staff-buttons">
            <AppButton kind="plain" onClick={page.cancelRole}>
              取消
            </AppButton>
            <AppButton disabled={page.roleOf.role === page.roleOf.member.role} onClick={page.confirmRole}>
              确认更改
            </AppButton>
          </View>
        </Sheet>
      )}

      {page.confirming && (
        <Sheet title={`停用${page.confirming.name}？`} onDismiss={page.cancelDeactivate}>
          <Text className="sheet__text">
            停用后，{page.confirming.name}（{roleLabel(page.confirming.role)}）将立即无法使用工作台、查看居民信息。之后可以随时重新启用。
          </Text>
          <View className="staff-buttons">
            <AppButton kind="plain" onClick={page.cancelDeactivate}>
              取消
            </AppButton>
            <AppButton kind="danger" onClick={page.confirmDeactivate}>
              确认停用
            </AppButton>
          </View>
        </Sheet>
      )}
    </View>
  );
}
