import { Image, Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { useDeskSignIn } from './useDeskSignIn';
import './index.css';

/** The desk console's door: the only way in for staff at a PC is a QR code their phone confirms. */
export default function DeskSignInPage() {
  const { state, retry } = useDeskSignIn();
  return (
    <View className="page page--wide desk-signin">
      <View className="card desk-signin__card">
        <Text className="hero">网格通 网页版</Text>
        <Text className="desk-signin__lead">用手机微信打开「网格通」小程序，在「工作台」点「扫码登录网页版」，扫描下方二维码。</Text>
        {state.kind === 'loading' && <Text className="muted">正在生成二维码…</Text>}
        {state.kind === 'error' && (
          <View>
            <ErrorBanner lines={[state.message]} />
            <AppButton onClick={retry}>重新生成二维码</AppButton>
          </View>
        )}
        {state.kind === 'showing' && (
          <View className="desk-signin__code">
            {state.qr && <Image className="desk-signin__qr" src={state.qr} data-link={state.link} aria-label="网页版登录二维码" />}
            <Text className="desk-signin__match">
              核对码 <Text className="desk-signin__digits">{state.ticket.matchCode}</Text>
            </Text>
            <Text className="muted">手机上显示的核对码与此一致，再点确认登录。二维码 2 分钟内有效，过期后自动刷新{state.renewed ? '（已刷新）' : ''}。</Text>
          </View>
        )}
        {state.kind === 'signedIn' && <Text className="hero">{state.name} 已登录，正在进入工作台…</Text>}
      </View>
      <Text className="muted desk-signin__note">登录后可在手机「扫码登录网页版」页面随时退出网页版。</Text>
    </View>
  );
}
