import { Button, Text, View } from '@tarojs/components';
import { AppButton } from '../../components/AppButton';
import { Field } from '../../components/Field';
import { MemberList } from '../../components/MemberList';
import { PageStatus } from '../../components/StateView';
import { TextInput } from '../../components/TextInput';
import { formatShanghai } from '../../domain';
import { useFamily } from './useFamily';
import './index.css';

export default function FamilyPage() {
  const page = useFamily();
  const { state } = page;
  if (state.kind === 'loading' || state.kind === 'error') return <PageStatus state={state} onRetry={page.retry} />;
  const { household } = state;

  if (household) {
    return (
      <View className="page">
        <View className="card">
          <Text className="card__title">我的家庭</Text>
          <Text className="family__address">{household.address}</Text>
          <MemberList members={household.members} />
        </View>
        <View className="card">
          <Text className="card__title">邀请家人</Text>
          <Text className="family__text">
            同住的家人在自己的手机上输入邀请码，即可查看并更新本户报备。邀请码只能使用一次，24小时内有效；请只发给家人。
          </Text>
          {page.invite ? (
            <View className="family__invite">
              <Text className="family__code">{page.invite.code}</Text>
              <Text className="muted">有效期至 {formatShanghai(page.invite.expiresAt)}</Text>
              {process.env.TARO_ENV === 'weapp' && (
                <Button className="btn family__share" openType="share">
                  发给家人
                </Button>
              )}
              {page.inviteLink && <Text className="family__link">{page.inviteLink}</Text>}
            </View>
          ) : (
            <AppButton disabled={page.busy} onClick={page.makeInvite}>
              {page.busy ? '正在生成…' : '生成邀请码'}
            </AppButton>
          )}
          {page.error && <Text className="field__error">{page.error}</Text>}
        </View>
        <AppButton kind="plain" onClick={page.openMe}>
          返回我的
        </AppButton>
      </View>
    );
  }

  return (
    <View className="page">
      <View className="card">
        <Text className="card__title">用邀请码加入家人的家庭</Text>
        <Text className="family__text">家人已经为全家报备过？请让家人在“我的 → 邀请家人”中生成邀请码，输入后即可共享本户报备。</Text>
        <Field label="邀请码" error={page.error ?? undefined}>
          <TextInput
            className="input family__input"
            value={page.code}
            maxlength={12}
            placeholder="8位邀请码，如 ABCD-EFGH"
            onInput={(e) => page.setCode(e.detail.value)}
          />
        </Field>
        <AppButton disabled={page.busy} onClick={page.join}>
          {page.busy ? '正在加入…' : '加入家庭'}
        </AppButton>
      </View>
      <AppButton kind="plain" onClick={page.openMe}>
        返回我的
      </AppButton>
    </View>
  );
}
