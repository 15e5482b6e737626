import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { type StaffMemberView } from '../../../domain';
import { roleLabel, scopeText } from '../../shared/labels';

interface MemberCardProps {
  member: StaffMemberView;
  isMe: boolean;
  busy: boolean;
  onDeactivate: () => void;
  onActivate: () => void;
  onChangeRole: () => void;
}

export function MemberCard({ member, isMe, busy, onDeactivate, onActivate, onChangeRole }: MemberCardProps) {
  return (
    <View className={member.active ? 'staffer' : 'staffer staffer--off'}>
      <View className="row">
        <View>
          <Text className="member__name">{member.name}</Text>
          <Text className="muted">{roleLabel(member.role)}</Text>
          {isMe && <Text className="muted">（我）</Text>}
        </View>
        <Text className={member.active ? 'staff-status staff-status--done' : 'staff-status staff-status--inactive'}>
          {member.active ? '在岗' : '已停用'}
        </Text>
      </View>
      <Text className="member__line">负责：{scopeText(member.scope)}</Text>
      {member.workPhone && <Text className="member__line">工作电话 {member.workPhone}</Text>}
      {!isMe && (
        <View className="staffer__action">
          {member.active && (
            <AppButton kind="plain" small disabled={busy} onClick={onChangeRole}>
              更改角色
            </AppButton>
          )}
          {member.active ? (
            <AppButton kind="plain" small className="staffer__stop" disabled={busy} onClick={onDeactivate}>
              停用
            </AppButton>
          ) : (
            <AppButton kind="plain" small disabled={busy} onClick={onActivate}>
              启用
            </AppButton>
          )}
        </View>
      )}
    </View>
  );
}
