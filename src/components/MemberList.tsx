import { Text, View } from '@tarojs/components';
import { ID_TYPE_LABELS, RELATION_LABELS, type MemberView, type PendingMemberView } from '../domain';

/** Household members as filed, with masked ID and phone numbers only. */
export function MemberList({ members }: { members: readonly MemberView[] }) {
  return (
    <View>
      {members.map((m) => (
        <View key={m.personId} className="member">
          <View>
            <Text className="member__name">{m.name}</Text>
            <Text className="muted">{RELATION_LABELS[m.relation]}</Text>
            {m.pending && <Text className="member__pending">待网格员确认</Text>}
          </View>
          <Text className="member__line">
            {ID_TYPE_LABELS[m.idType]} {m.idMasked}
          </Text>
          {m.phoneMasked && <Text className="member__line">手机 {m.phoneMasked}</Text>}
        </View>
      ))}
      {members.some((m) => m.pending) && <PendingNote />}
    </View>
  );
}

/** Members listed in a filing who wait for the grid worker: they are registered to another household. */
export function PendingMemberList({ members }: { members: readonly PendingMemberView[] }) {
  if (members.length === 0) return null;
  return (
    <View className="member-pending">
      {members.map((m) => (
        <View key={m.idMasked} className="member">
          <View>
            <Text className="member__name">{m.name}</Text>
            <Text className="muted">{RELATION_LABELS[m.relation]}</Text>
            <Text className="member__pending">待网格员确认</Text>
          </View>
          <Text className="member__line">{m.idMasked}</Text>
        </View>
      ))}
      <PendingNote />
    </View>
  );
}

function PendingNote() {
  return (
    <Text className="member__pending-note">
      标有“待网格员确认”的成员已登记在另一户，暂未加入本户。网格员核实后会处理；同住家人也可在“我的”中通过邀请码加入本户。
    </Text>
  );
}
