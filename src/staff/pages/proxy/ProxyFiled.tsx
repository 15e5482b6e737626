import { Text, View } from '@tarojs/components';
import { KeyValue } from '../../../components/KeyValue';
import { AppButton } from '../../../components/AppButton';
import { MemberList } from '../../../components/MemberList';
import { formatShanghai, REPORT_CATEGORY_LABELS, type ReportReceipt } from '../../../domain';

interface ProxyFiledProps {
  receipt: ReportReceipt;
  onAnother: () => void;
  onBack: () => void;
}

/** What was filed for the resident (masked), with the way to the next household. */
export function ProxyFiled({ receipt, onAnother, onBack }: ProxyFiledProps) {
  return (
    <View className="page">
      <View className="card done-head">
        <Text className="done-head__mark">✓</Text>
        <Text className="hero">{receipt.replayed ? '该户已代报过' : '代报成功'}</Text>
        <Text className="muted">{formatShanghai(receipt.createdAt)} · 已记录您为代报人</Text>
      </View>
      <View className="card">
        <KeyValue label="地址" value={receipt.address} />
        <KeyValue label="类别" value={REPORT_CATEGORY_LABELS[receipt.category]} />
      </View>
      <View className="card">
        <Text className="card__title">登记人员（{receipt.members.length}人）</Text>
        <MemberList members={receipt.members} />
      </View>
      {receipt.filedByWorker && (
        <View className="card">
          <Text className="card__title">联系人</Text>
          <Text className="muted">居民没有手机时，社区通过代报的网格员联系：</Text>
          <KeyValue label="网格员" value={receipt.filedByWorker.name} />
          {receipt.filedByWorker.workPhone && <KeyValue label="工作电话" value={receipt.filedByWorker.workPhone} />}
        </View>
      )}
      <AppButton onClick={onAnother}>再代报一户</AppButton>
      <AppButton kind="plain" onClick={onBack}>
        返回工作台
      </AppButton>
    </View>
  );
}
