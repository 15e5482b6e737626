import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { CheckRow } from '../../../components/CheckRow';
import { Chips, choicesOf, type Choice } from '../../../components/Chips';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Field } from '../../../components/Field';
import { DateField, SelectField } from '../../../components/Pickers';
import { PageStatus, StateView } from '../../../components/StateView';
import { TextInput } from '../../../components/TextInput';
import { LIMITS, REPORT_CATEGORIES, REPORT_CATEGORY_LABELS } from '../../../domain';
import { todayString } from '../../../services/checkins';
import { LEDGER_LAYOUTS, LEDGER_LAYOUT_LABELS, PERSON_STATUSES, PERSON_STATUS_LABELS } from '../../../domain/ledger';
import { placeLabel } from '../../shared/labels';
import { JobCard } from './JobCard';
import { NOT_STAFF, useExport } from './useExport';
import '../../shared/staff.css';
import './index.css';

export default function ExportPage() {
  const page = useExport();
  const { load } = page;
  if (load.kind === 'error' && load.code === NOT_STAFF)
    return (
      <View className="page">
        <StateView text="仅限社区工作人员使用" />
      </View>
    );
  if (load.kind !== 'ready') return <PageStatus state={load} onRetry={page.retry} />;

  const isAdmin = load.me.role === 'admin';
  const placeChoices: Choice<string>[] = [{ value: '', label: '全部辖区' }, ...page.places.map((p) => ({ value: p.id, label: placeLabel(p) }))];
  const today = todayString();
  const others = page.jobs.filter((j) => j.jobId !== page.job?.jobId);
  return (
    <View className="page page--wide xport">
      <View className="xport__cols">
        <View className="xport__form">
          <View className="card">
            <Text className="card__title">导出台账</Text>
            <Chips big choices={choicesOf(LEDGER_LAYOUTS, LEDGER_LAYOUT_LABELS)} isOn={(l) => l === page.layout} onPick={page.chooseLayout} />
            <Text className="muted small">{page.layout === 'person' ? '每人一行' : '每户一行，列出家庭成员'}</Text>
            <Field label="导出模板" required>
              <SelectField
                title="选择导出模板"
                choices={page.profiles.map((p) => ({ value: p.id, label: p.name }))}
                value={page.profileId}
                placeholder="选择模板"
                onChange={page.setProfileId}
              />
            </Field>
            {isAdmin && (
              <Text className="link xport__manage" onClick={page.openProfiles}>
                管理导出模板（选择字段、排序、改表头、从上级模板导入） ›
              </Text>
            )}
          </View>

          <View className="card">
            <Text className="card__title">筛选</Text>
            <Field label="范围">
              <SelectField title="选择范围" choices={placeChoices} value={page.placeId ?? ''} placeholder="全部辖区" onChange={(v) => page.setPlaceId(v || null)} />
            </Field>
            <Field label="人员类别" hint="不选即全部">
              <Chips choices={choicesOf(REPORT_CATEGORIES, REPORT_CATEGORY_LABELS)} isOn={(c) => page.categories.includes(c)} onPick={page.toggleCategory} />
            </Field>
            <Field label="管控状态" hint={page.layout === 'household' ? '户内任一成员符合即导出' : '不选即全部'}>
              <Chips choices={choicesOf(PERSON_STATUSES, PERSON_STATUS_LABELS)} isOn={(s) => page.statuses.includes(s)} onPick={page.toggleStatus} />
            </Field>
            <View className="xport__dates">
              <Field label="填报日期 从">
                <DateField title="开始日期" value={page.from} placeholder="不限" end={today} onChange={page.setFrom} />
              </Field>
              <Field label="至">
                <DateField title="结束日期" value={page.to} placeholder="不限" end={today} onChange={page.setTo} />
              </Field>
            </View>
            <CheckRow checked={page.onlyChanges} label="只导出我上次用此模板和范围导出后新增、变更的记录" onToggle={page.toggleOnlyChanges} />
            <Text className="muted small">每行标明“新增 / 变更 / 未变”，与您上一次同模板、同范围的导出相比</Text>
          </View>

          <View className="card">
            <Text className="card__title">个人信息</Text>
            <Text className="muted small">身份证号和电话默认脱敏（如 110105********002X、138****5678）</Text>
            <CheckRow checked={page.full} label="导出完整身份证号和电话（记入审计）" onToggle={page.toggleFull} />
            {page.full && (
              <Field label="理由" required hint={`${LIMITS.revealReason.min}-${LIMITS.revealReason.max}字，连同筛选条件和行数记入审计`}>
                <TextInput className="input" placeholder="如：报送区疫情防控指挥部" value={page.reason} maxlength={LIMITS.revealReason.max} onInput={(e) => page.setReason(e.detail.value)} />
              </Field>
            )}
          </View>

          <ErrorBanner lines={page.errors} />
          <AppButton disabled={page.busy} onClick={page.start}>
            {page.busy ? '正在导出…' : '开始导出'}
          </AppButton>
        </View>

        <View className="xport__side">
          {page.job && <JobCard job={page.job} active opening={page.opening} onDownload={() => page.download(page.job!)} />}
          {others.length > 0 && <Text className="xport__recent">最近的导出</Text>}
          {others.map((j) => (
            <JobCard key={j.jobId} job={j} active={false} opening={page.opening} onDownload={() => page.download(j)} onResume={page.busy ? undefined : () => page.resume(j)} />
          ))}
          {!page.job && others.length === 0 && (
            <View className="card">
              <Text className="muted">导出的文件会出现在这里。大的台账分批导出，可以看到进度。</Text>
            </View>
          )}
        </View>
      </View>
    </View>
  );
}
