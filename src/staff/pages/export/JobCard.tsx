import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { formatShanghai, type ExportJobView } from '../../../domain';
import { LEDGER_LAYOUT_LABELS } from '../../../domain/ledger';
import { progressOf } from '../../../services/ledger';

/** One export: its progress bar while it runs, its file when done. */
export function JobCard({ job, active, opening, onDownload, onResume }: { job: ExportJobView; active: boolean; opening: boolean; onDownload: () => void; onResume?: () => void }) {
  const pct = progressOf(job);
  const { counts } = job;
  return (
    <View className={active ? 'card xjob xjob--active' : 'card xjob'}>
      <View className="row">
        <Text className="xjob__title">
          {LEDGER_LAYOUT_LABELS[job.layout]} · {job.profileName}
        </Text>
        <Text className={`staff-status xjob__status--${job.status}`}>{job.status === 'done' ? '已完成' : job.status === 'failed' ? '未完成' : '导出中'}</Text>
      </View>
      <Text className="muted small">
        {formatShanghai(job.createdAt)}
        {job.onlyChanges ? ' · 仅新增和变更' : ''}
        {job.full ? ' · 含完整证件号和电话' : ' · 已脱敏'}
      </Text>
      {job.status === 'running' && (
        <View className="xjob__progress" aria-label={`导出进度 ${pct}%`}>
          <View className="xjob__bar" style={{ width: `${pct}%` }} />
        </View>
      )}
      <Text className="xjob__line">
        {job.status === 'running' ? `已读取 ${job.scanned} / ${job.total} 条 · ` : ''}共 {job.rows} 行：新增 {counts.new}，变更 {counts.changed}，未变 {counts.unchanged}
      </Text>
      {job.status === 'done' && job.file && (
        <View className="xjob__file">
          <Text className="xjob__name">{job.file.name}</Text>
          <AppButton kind={active ? 'primary' : 'plain'} small={!active} disabled={opening} onClick={onDownload}>
            {opening ? '正在打开…' : '下载文件'}
          </AppButton>
          <Text className="muted small">下载链接有效期 10 分钟，过期后再点一次即可重新获取</Text>
        </View>
      )}
      {job.status === 'running' && onResume && (
        <AppButton kind="plain" onClick={onResume}>
          继续导出
        </AppButton>
      )}
    </View>
  );
}
