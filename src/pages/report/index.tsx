import { Text, View } from '@tarojs/components';
import { AppButton } from '../../components/AppButton';
import { ErrorBanner } from '../../components/ErrorBanner';
import { MemberList } from '../../components/MemberList';
import { StateView } from '../../components/StateView';
import { buildingLabel } from '../../services/places';
import { useReportEntry } from './useReportEntry';
import './index.css';

export default function ReportEntryPage() {
  const { state, checkinsDue, openCheckin, canScan, scan, startReport, updateReport, resumeLastCode, retry } = useReportEntry();
  const scanButton = canScan && (
    <AppButton kind="plain" onClick={scan}>
      扫一扫
    </AppButton>
  );

  if (state.kind === 'loading')
    return (
      <View className="page">
        <StateView text="正在加载…" />
      </View>
    );

  if (state.kind === 'error') {
    return (
      <View className="page">
        <ErrorBanner lines={[state.message]} />
        {scanButton}
        <AppButton kind="plain" onClick={retry}>
          重试
        </AppButton>
      </View>
    );
  }

  if (state.kind === 'replaced') {
    return (
      <View className="page">
        <View className="card entry__replaced">
          <Text className="hero">二维码已更换</Text>
          <Text className="entry__replaced-text">{state.message}</Text>
        </View>
        {scanButton}
      </View>
    );
  }

  if (state.kind === 'place') {
    const { place } = state;
    return (
      <View className="page">
        <View className="card">
          <Text className="entry__label">社区</Text>
          <Text className="hero">{place.community.name}</Text>
          {place.building && (
            <View>
              <Text className="entry__label">楼栋</Text>
              <Text className="hero">{buildingLabel(place.building)}</Text>
            </View>
          )}
          <Text className="muted">请为您和同住的家庭成员一起报备，一户填一次即可；信息有变化时再次报备即可更新。</Text>
        </View>
        <AppButton className="entry__start" onClick={startReport}>
          开始报备
        </AppButton>
      </View>
    );
  }

  if (state.kind === 'household') {
    const { household } = state;
    return (
      <View className="page">
        {checkinsDue > 0 && (
          <View className="entry__checkin" onClick={openCheckin}>
            <Text className="entry__checkin-text">{`今日健康打卡：还有 ${checkinsDue} 人未打卡`}</Text>
            <Text className="entry__checkin-go">›</Text>
          </View>
        )}
        <View className="card">
          <Text className="card__title">我的家庭</Text>
          <Text className="entry__address">{household.address}</Text>
          <Text className="muted">
            {household.communityName} · {household.gridName}
          </Text>
          <MemberList members={household.members} />
        </View>
        <AppButton onClick={updateReport}>更新报备</AppButton>
        {scanButton}
      </View>
    );
  }

  return (
    <View className="page">
      <View className="card entry__empty">
        <Text className="hero">请扫描社区或楼栋二维码</Text>
        <Text className="muted">二维码张贴在小区门口、楼栋单元门或社区公告栏。扫码后即可为全家报备。</Text>
      </View>
      {scanButton}
      {state.lastCode && (
        <AppButton kind="plain" onClick={() => resumeLastCode(state.lastCode ?? '')}>
          继续上次扫码的报备
        </AppButton>
      )}
    </View>
  );
}
