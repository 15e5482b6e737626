import { Text, View } from '@tarojs/components';
import {
  formatShanghai,
  REPORT_CATEGORY_LABELS,
  VERIFY_METHOD_LABELS,
  VERIFY_OUTCOME_LABELS,
  type QueueItemDetailOf,
} from '../../../domain';
import { KeyValue, KeyValues } from '../../../components/KeyValue';
import { travelLines } from './itemText';

type ReportDetail = QueueItemDetailOf<'verify_report'>['report'];

/** The household report being verified: where, what, travel, and the verification once recorded. */
export function ReportSection({ report }: { report: ReportDetail }) {
  const v = report.verification;
  return (
    <View>
      <View className="card">
        <View className="row item__head">
          <Text className="hero">{report.address}</Text>
          <Text className={`staff-status staff-status--${report.status}`}>
            {report.status === 'verified' ? '已核实' : report.status === 'superseded' ? '已更新' : '待核实'}
          </Text>
        </View>
        <KeyValue label="所属" value={[report.communityName, report.gridName].filter(Boolean).join(' · ')} />
        <KeyValue label="类别" value={REPORT_CATEGORY_LABELS[report.category]} />
        <KeyValue label="报备时间" value={formatShanghai(report.createdAt)} />
        <KeyValue label="人数" value={`${report.members.length}人`} />
        {report.note && <KeyValue label="备注" value={report.note} />}
      </View>
      {report.travel && (
        <View className="card">
          <Text className="card__title">行程信息</Text>
          <KeyValues lines={travelLines(report.travel)} />
        </View>
      )}
      {v && (
        <View className="card">
          <Text className="card__title">核实结果</Text>
          <KeyValue label="结果" value={VERIFY_OUTCOME_LABELS[v.outcome]} />
          <KeyValue label="方式" value={v.methods.map((m) => VERIFY_METHOD_LABELS[m]).join('、')} />
          {v.note && <KeyValue label="说明" value={v.note} />}
          <KeyValue label="核实人" value={`${v.staffName} · ${formatShanghai(v.at)}`} />
        </View>
      )}
    </View>
  );
}
