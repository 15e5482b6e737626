import { Text, View } from '@tarojs/components';
import { KeyValue } from '../../components/KeyValue';
import { AppButton } from '../../components/AppButton';
import { MemberList } from '../../components/MemberList';
import { PageStatus } from '../../components/StateView';
import { WorkerContact } from '../../components/WorkerContact';
import { formatShanghai, REPORT_CATEGORY_LABELS } from '../../domain';
import { useReceipt } from './useReceipt';

export default function ReceiptPage() {
  const { state, retry, viewMine, goHome } = useReceipt();
  if (state.kind === 'loading' || state.kind === 'error') return <PageStatus state={state} onRetry={retry} />;

  const { report, gridWorker } = state;
  return (
    <View className="page">
      <View className="card done-head">
        <Text className="done-head__mark">✓</Text>
        <Text className="hero">报备成功</Text>
        <Text className="muted">{formatShanghai(report.createdAt)}</Text>
      </View>
      <View className="card">
        <KeyValue label="社区" value={report.communityName} />
        <KeyValue label="地址" value={report.address} />
        <KeyValue label="类别" value={REPORT_CATEGORY_LABELS[report.category]} />
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
