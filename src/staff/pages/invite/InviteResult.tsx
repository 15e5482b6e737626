import { Text, View } from '@tarojs/components';
import { KeyValue } from '../../../components/KeyValue';
import { AppButton } from '../../../components/AppButton';
import { formatShanghai, type InviteView } from '../../../domain';
import { roleLabel, scopeText } from '../../shared/labels';

interface InviteResultProps {
  invite: InviteView;
  link: string;
  copied: boolean;
  onCopy: () => void;
  onAgain: () => void;
}

/** The invite made: its code big, who it is for, and the link to send (copied with one tap). */
export function InviteResult({ invite, link, copied, onCopy, onAgain }: InviteResultProps) {
  return (
    <View>
      <View className="card invite__result">
        <Text className="muted">邀请码</Text>
        <Text className="invite__code">{invite.inviteCode}</Text>
        <Text className="muted small">仅可使用一次，{formatShanghai(invite.expiresAt)} 前有效</Text>
      </View>
      <View className="card">
        <KeyValue label="姓名" value={invite.name} />
        <KeyValue label="身份" value={roleLabel(invite.role)} />
        <KeyValue label="负责" value={scopeText(invite.scope)} />
        <Text className="field__label invite__link-label">邀请链接（发给对方，在微信中打开）</Text>
        <Text className="invite__link" selectable>
          {link}
        </Text>
      </View>
      <AppButton onClick={onCopy}>{copied ? '已复制，可粘贴发送' : '复制邀请链接'}</AppButton>
      <AppButton kind="plain" onClick={onAgain}>
        再邀请一位
      </AppButton>
    </View>
  );
}
