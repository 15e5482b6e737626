import { Text, View } from '@tarojs/components';
import { AppButton } from '../../components/AppButton';
import { ErrorBanner } from '../../components/ErrorBanner';
import { StateView } from '../../components/StateView';
import { useLogin } from './useLogin';

/** H5 only: choose a demo identity of the local cloud. WeChat builds get the identity from the platform. */
export default function LoginPage() {
  const { personas, error, busy, choose, retry } = useLogin();
  return (
    <View className="page">
      <View className="card">
        <Text className="hero">本地演示登录</Text>
        <Text className="muted">这是本地演示环境。请选择一个演示身份进入；在微信小程序中会直接使用您的微信身份。</Text>
      </View>
      <ErrorBanner lines={error ? [error] : []} />
      {personas === null && !error && <StateView text="正在加载…" />}
      {personas === null && error && <StateView text="无法获取演示身份" actionText="重试" onAction={retry} />}
      {personas?.map((p) => (
        <AppButton kind="plain" key={p.persona} disabled={busy !== null} onClick={() => choose(p.persona)}>
          {busy === p.persona ? '正在登录…' : p.displayName}
        </AppButton>
      ))}
    </View>
  );
}
