import { Text, View } from '@tarojs/components';
import { KeyValue } from '../../../components/KeyValue';
import { AppButton } from '../../../components/AppButton';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Field } from '../../../components/Field';
import { TextInput } from '../../../components/TextInput';
import { roleLabel, scopeText } from '../../shared/labels';
import { useJoin } from './useJoin';
import '../../shared/staff.css';
import './index.css';

export default function JoinPage() {
  const join = useJoin();
  const { state } = join;

  if (state.kind === 'joined') {
    const { profile } = state;
    return (
      <View className="page">
        <View className="card join__done">
          <Text className="join__tick">✓</Text>
          <Text className="hero">已加入</Text>
          <KeyValue label="姓名" value={profile.name} />
          <KeyValue label="身份" value={roleLabel(profile.role)} />
          <KeyValue label="负责" value={scopeText(profile.scope)} />
        </View>
        <AppButton onClick={join.openQueue}>进入工作台</AppButton>
      </View>
    );
  }

  return (
    <View className="page">
      <View className="card">
        <Text className="hero">加入社区工作人员</Text>
        <Text className="join__para">
          社区管理员邀请您成为工作人员（网格员或社区管理员）。确认后，您当前的微信身份将绑定为工作人员，可以在「工作台」处理辖区内的报备核实和居民求助。
        </Text>
        <Text className="join__para muted">工作人员可查看辖区居民的个人信息，请依法依规使用，查看完整证件号和手机号会被记录。</Text>
      </View>
      <ErrorBanner lines={join.error ? [join.error] : []} />
      <View className="card">
        {join.fromLink ? (
          <KeyValue label="邀请码" value={join.code} valueClass="join__code" />
        ) : (
          <Field label="邀请码" required>
            <TextInput
              className="input join__input"
              value={join.code}
              placeholder="请输入邀请码"
              maxlength={32}
              onInput={(e) => join.setCode(e.detail.value)}
            />
          </Field>
        )}
      </View>
      {join.alreadyStaff ? (
        <AppButton onClick={join.openQueue}>进入工作台</AppButton>
      ) : (
        <AppButton disabled={state.kind === 'joining'} onClick={join.confirm}>
          {state.kind === 'joining' ? '正在加入…' : '确认加入'}
        </AppButton>
      )}
      <AppButton kind="plain" onClick={join.goHome}>
        暂不加入
      </AppButton>
    </View>
  );
}
