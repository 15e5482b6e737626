import { Text, View } from '@tarojs/components';
import { AppButton } from '../../components/AppButton';
import { ErrorBanner } from '../../components/ErrorBanner';
import { StateView } from '../../components/StateView';
import { useLogin } from './useLogin';

/**
 * H5 only: choose a demo identity of the local cloud, which offers them only in demo mode (and the
 * page says so: anyone may pick any identity). WeChat builds get the identity from the platform.
 */
export default function LoginPage() {
  const { personas, error, demoOff, busy, choose, retry } = useLogin();
  return (
    <View className="page">
      <View className="card">
        <Text className="hero">本地演示登录</Text>
        <Text className="muted">本地云上的演示身份登录；在微信小程序中会直接使用您的微信身份。</Text>
      </View>
      {personas && (
        <View className="notice" role="note">
          <Text className="banner__line">演示模式 DEMO MODE：以下是演示身份，任何人都可以选择任一身份（包括管理员）登录。</Text>
          <Text className="banner__line">请勿填写真实的个人信息。</Text>
        </View>
      )}
      <ErrorBanner lines={error ? [error] : []} />
      {personas === null && !error && <StateView text="正在加载…" />}
      {personas === null && error && !demoOff && <StateView text="无法获取演示身份" actionText="重试" onAction={retry} />}
      {personas?.map((p) => (
        <AppButton kind="plain" key={p.persona} disabled={busy !== null} onClick={() => choose(p.persona)}>
          {busy === p.persona ? '正在登录…' : p.displayName}
        </AppButton>
      ))}
    </View>
  );
}
