import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { Tap } from '../../../components/Tap';
import {
  ID_TYPE_LABELS,
  ISOLATION_KIND_LABELS,
  type IdType,
  type MemberHealthInput,
  type PersonStatus,
  type RevealField,
} from '../../../domain';
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
  /** under home isolation or health monitoring now (the server's person record) */
  status?: PersonStatus;
  isolationId?: string;
}

interface PersonCardProps {
  person: PersonLine;
  /** full ID revealed on this page, if any */
  fullId?: string;
  calling: boolean;
  onRevealId: () => void;
  onCall: () => void;
  onHide: (field: RevealField) => void;
  /** opens the isolation page for the person (the one under way, or a new start); absent: no link */
  onIsolation?: () => void;
}

/** A person with masked numbers: the full ID goes through the audited reveal (with a reason); a call is audited as a call. */
export function PersonCard({ person, fullId, calling, onRevealId, onCall, onHide, onIsolation }: PersonCardProps) {
  const isolated = person.status === 'home_isolation' || person.status === 'health_monitoring';
  return (
    <View className="person">
      <View>
        <Text className="member__name">{person.name}</Text>
        <Text className="muted">{person.role}</Text>
        {isolated && <Text className="staff-status staff-status--in_progress person__status">{`${ISOLATION_KIND_LABELS[person.status as 'home_isolation']}中`}</Text>}
      </View>
      <Text className="member__line">
        {person.idType ? `${ID_TYPE_LABELS[person.idType]} ` : '证件号 '}
        <Text className={fullId ? 'person__full' : ''}>{fullId ?? person.idMasked}</Text>
      </Text>
      <Text className="member__line">
        手机 <Text>{person.phoneMasked ?? '未登记'}</Text>
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
          <AppButton kind="plain" small disabled={calling} onClick={onCall}>
            {calling ? '正在接通…' : '拨打电话'}
          </AppButton>
        )}
      </View>
      {onIsolation && (
        <Tap className="link person__isolation" onTap={onIsolation}>
          {isolated ? '查看隔离' : '开始居家隔离'}
        </Tap>
      )}
    </View>
  );
}
