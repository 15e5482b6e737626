import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { ID_TYPE_LABELS, type IdType, type MemberHealthInput, type RevealField } from '../../../domain';
import { healthText } from './itemText';

export interface PersonLine {
  personId: string;
  name: string;
  /** relation, or what the person is to the item (e.g. 求助人) */
  role: string;
  idType?: IdType;
  idMasked: string;
  phoneMasked?: string;
  health?: MemberHealthInput;
}

interface PersonCardProps {
  person: PersonLine;
  /** full values revealed on this page, if any */
  fullId?: string;
  fullPhone?: string;
  onRevealId: () => void;
  onCall: () => void;
  onHide: (field: RevealField) => void;
  /** opens the isolation page for the person (start one, or the active one); absent: no link */
  onIsolation?: () => void;
}

/** A person with masked numbers; the full ID or a call goes through the audited reveal (with a reason). */
export function PersonCard({ person, fullId, fullPhone, onRevealId, onCall, onHide, onIsolation }: PersonCardProps) {
  return (
    <View className="person">
      <View>
        <Text className="member__name">{person.name}</Text>
        <Text className="muted">{person.role}</Text>
      </View>
      <Text className="member__line">
        {person.idType ? `${ID_TYPE_LABELS[person.idType]} ` : '证件号 '}
        <Text className={fullId ? 'person__full' : ''}>{fullId ?? person.idMasked}</Text>
      </Text>
      <Text className="member__line">
        手机 <Text className={fullPhone ? 'person__full' : ''}>{fullPhone ?? person.phoneMasked ?? '未登记'}</Text>
        {fullPhone && (
          <Text className="link person__hide" onClick={() => onHide('phone')}>
            隐藏
          </Text>
        )}
      </Text>
      {person.health && <Text className="member__line">健康 {healthText(person.health)}</Text>}
      <View className="staff-buttons person__buttons">
        {fullId ? (
          <AppButton kind="plain" small onClick={() => onHide('id')}>
            隐藏证件号
          </AppButton>
        ) : (
          <AppButton kind="plain" small onClick={onRevealId}>
            查看证件号
          </AppButton>
        )}
        {person.phoneMasked && (
          <AppButton kind="plain" small onClick={onCall}>
            拨打电话
          </AppButton>
        )}
      </View>
      {onIsolation && (
        <Text className="link person__isolation" onClick={onIsolation}>
          开始居家隔离
        </Text>
      )}
    </View>
  );
}
