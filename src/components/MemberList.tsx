import { Text, View } from '@tarojs/components';
import { ID_TYPE_LABELS, RELATION_LABELS, type MemberView } from '../domain';

/** Household members as filed, with masked ID and phone numbers only. */
export function MemberList({ members }: { members: readonly MemberView[] }) {
  return (
    <View>
      {members.map((m) => (
        <View key={m.personId} className="member">
          <View>
            <Text className="member__name">{m.name}</Text>
            <Text className="muted">{RELATION_LABELS[m.relation]}</Text>
          </View>
          <Text className="member__line">
            {ID_TYPE_LABELS[m.idType]} {m.idMasked}
          </Text>
          {m.phoneMasked && <Text className="member__line">手机 {m.phoneMasked}</Text>}
        </View>
      ))}
    </View>
  );
}
