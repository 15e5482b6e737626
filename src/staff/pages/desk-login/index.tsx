import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { KeyValue } from '../../../components/KeyValue';
import { formatShanghai } from '../../../domain';
import { useDeskLogin } from './useDeskLogin';
import '../../shared/staff.css';
import './index.css';

export default function DeskLoginPage() {
  const d = useDeskLogin();
  const { ticket } = d;
  return (
    <View className="page">
      {ticket.kind === 'loading' && <Text className="muted">正在读取登录二维码…</Text>}
      {(ticket.kind === 'ready' || ticket.kind === 'confirming') && (
        <View className="card desk-login__ask">
          <Text className="hero">登录网格通网页版？</Text>
          <Text className="desk-login__para">确认后，电脑上的网页版将以您的身份登录，可处理您辖区的事项。请核对电脑屏幕上的核对码：</Text>
          <Text className="desk-login__match">{ticket.ticket.matchCode}</Text>
          <AppButton disabled={ticket.kind === 'confirming'} onClick={d.confirm}>
            {ticket.kind === 'confirming' ? '正在登录…' : '确认登录'}
          </AppButton>
          <AppButton kind="plain" onClick={d.cancel}>
            取消
          </AppButton>
        </View>
      )}
      {ticket.kind === 'confirmed' && (
        <View className="card desk-login__ask">
          <Text className="desk-login__tick">✓</Text>
          <Text className="hero">网页版已登录</Text>
        </View>
      )}
      {ticket.kind === 'invalid' && <ErrorBanner lines={[ticket.message]} />}
      <ErrorBanner lines={d.error ? [d.error] : []} />
      <View className="card">
        <Text className="card__title">已登录的网页版</Text>
        {d.sessions === null && <Text className="muted">正在加载…</Text>}
        {d.sessions?.length === 0 && <Text className="muted">没有已登录的网页版</Text>}
        {d.sessions?.map((s) => (
          <View key={s.sessionId} className="desk-login__session">
            <View className="desk-login__session-info">
              <KeyValue label="登录时间" value={formatShanghai(s.createdAt)} />
              <KeyValue label="有效至" value={formatShanghai(s.expiresAt)} />
            </View>
            <AppButton kind="plain" disabled={d.ending === s.sessionId} onClick={() => void d.end(s.sessionId)}>
              {d.ending === s.sessionId ? '正在退出…' : '退出该网页版'}
            </AppButton>
          </View>
        ))}
      </View>
    </View>
  );
}
