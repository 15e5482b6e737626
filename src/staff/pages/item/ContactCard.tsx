import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';

export interface Contact {
  personId: string;
  name: string;
  /** what they are to the item: 报备人, 求助人, 打卡人… */
  role: string;
  phoneMasked?: string;
  address?: string;
}

interface ContactCardProps {
  contact: Contact | null;
  address?: string;
  /** urgent and emergency items: the call is the first thing on screen, and the biggest */
  urgent: boolean;
  busy: boolean;
  onCall: (personId: string) => void;
}

/** Whom the item is about, where they live, and the call: calling them needs no reason (it is audited as a call). */
export function ContactCard({ contact, address, urgent, busy, onCall }: ContactCardProps) {
  return (
    <View className={urgent ? 'card contact contact--urgent' : 'card contact'}>
      {contact?.phoneMasked && (
        <AppButton className="contact__call" disabled={busy} onClick={() => onCall(contact.personId)}>
          {busy ? '正在接通…' : `拨打电话 ${contact.name}`}
        </AppButton>
      )}
      {contact && (
        <View className="contact__who">
          <Text className="contact__name">{contact.name}</Text>
          <Text className="muted">{[contact.role, contact.phoneMasked ?? '未登记手机号'].join(' · ')}</Text>
        </View>
      )}
      {address && <Text className="contact__address">{address}</Text>}
    </View>
  );
}
