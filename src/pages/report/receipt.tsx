import { Text, View } from '@tarojs/components';
import { AppButton } from '../../components/AppButton';
import { MemberList } from '../../components/MemberList';
import { StateView } from '../../components/StateView';
import { WorkerContact } from '../../components/WorkerContact';
import { formatShanghai, REPORT_CATEGORY_LABELS } from '../../domain';
import { useReceipt } from './useReceipt';
import './receipt.css';

export default function ReceiptPage() {
  const { state, retry, viewMine, goHome } = useReceipt();
  if (state.kind === 'loading')
    return (
      <View className="page">
        <StateView text="正在加载…" />
      </View>
    );
  if (state.kind === 'error')
    return (
      <View className="page">
        <StateView text={state.message} actionText="重试" onAction={retry} />
      </View>
    );

  const { report, gridWorker } = state;
  return (
    <View className="page">
      <View className="card receipt__head">
        <Text className="receipt__check">✓</Text>
        <Text className="hero">报备成功</Text>
        <Text className="muted">{formatShanghai(report.createdAt)}</Text>
      </View>
      <View className="card">
        <View className="kv">
          <Text className="kv__key">社区</Text>
          <Text className="kv__value">{report.communityName}</Text>
        </View>
        <View className="kv">
          <Text className="kv__key">地址</Text>
          <Text className="kv__value">{report.address}</Text>
        </View>
        <View className="kv">
          <Text className="kv__key">类别</Text>
          <Text className="kv__value">{REPORT_CATEGORY_LABELS[report.category]}</Text>
        </View>
      </View>
      <View className="card">
        <Text className="card__title">登记人员（{report.members.length}人）</Text>
        <MemberList members={report.members} />
      </View>
      <View className="card">
        <Text className="card__title">负责网格员</Text>
        <WorkerContact worker={gridWorker} />
      </View>
      <AppButton onClick={viewMine}>查看我的报备</AppButton>
      <AppButton kind="plain" onClick={goHome}>
        返回首页
      </AppButton>
    </View>
  );
}
