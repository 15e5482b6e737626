import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { formatShanghai, ISOLATION_KIND_LABELS, type RosterEntry } from '../../../domain';
import { OffSlotReadings } from '../../../pages/checkin/OffSlotReadings';
import { SlotBadges } from '../../../pages/checkin/SlotBadges';
import { hasState } from './useRoster';

interface RosterCardProps {
  entry: RosterEntry;
  calling: boolean;
  callError?: string;
  onCall: () => void;
  onOpen: () => void;
}

/** One isolated person: masked name, address, until when, today's slots, and a call. */
export function RosterCard({ entry, calling, callError, onCall, onOpen }: RosterCardProps) {
  const alert = hasState(entry, 'fever') || hasState(entry, 'missing');
  return (
    <View className={alert ? 'rcard rcard--alert' : 'rcard'}>
      <View className="row rcard__head">
        <Text className="rcard__name">{entry.personName}</Text>
        <Text className={`rcard__kind rcard__kind--${entry.kind}`}>{ISOLATION_KIND_LABELS[entry.kind]}</Text>
      </View>
      <Text className="rcard__address">{entry.address}</Text>
      <Text className="muted rcard__line">至 {formatShanghai(entry.endDate, 'M月D日')}</Text>
      <SlotBadges slots={entry.slots} />
      <OffSlotReadings readings={entry.offSlot} />
      <Text className="muted rcard__line">手机 {entry.phoneMasked ?? '未登记'}</Text>
      {callError && <Text className="field__error">{callError}</Text>}
      <View className="staff-buttons rcard__buttons">
        {entry.phoneMasked && (
          <AppButton kind="plain" small disabled={calling} onClick={onCall}>
            {calling ? '正在拨打…' : '拨打电话'}
          </AppButton>
        )}
        <AppButton kind="plain" small onClick={onOpen}>
          延长 / 解除
        </AppButton>
      </View>
    </View>
  );
}
