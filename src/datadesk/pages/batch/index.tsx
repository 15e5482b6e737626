import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { AppButton } from '../../../components/AppButton';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Field } from '../../../components/Field';
import { DateField, SelectField } from '../../../components/Pickers';
import { TextInput } from '../../../components/TextInput';
import { KeyValue } from '../../../components/KeyValue';
import { addDays, BATCH_FIELD_LABELS, BATCH_FIELDS, BATCH_ROW_STATE_LABELS, BATCH_ROW_STATES, formatShanghai, LIMITS, Pages } from '../../../domain';
import { todayString } from '../../../services/checkins';
import { useBatchImport } from './useBatchImport';
import '../../../staff/shared/staff.css';
import './index.css';

/** 核查批次: an upper-level list imported, its columns confirmed, its rows checked and dispatched. */
export default function BatchImportPage() {
  const page = useBatchImport();
  const { step } = page;
  return (
    <View className="page page--wide batch">
      <ErrorBanner lines={page.banner} />
      {(step.kind === 'form' || step.kind === 'uploading') && (
        <View className="card">
          <Text className="card__title">导入上级核查名单</Text>
          <Field label="下发单位" required>
            <TextInput value={page.source} maxlength={LIMITS.batchName} placeholder="如：区疫情防控指挥部" onInput={(e) => page.setSource(e.detail.value)} />
          </Field>
          <Field label="核查专题" required>
            <TextInput value={page.subject} maxlength={LIMITS.batchName} placeholder="如：机场专项" onInput={(e) => page.setSubject(e.detail.value)} />
          </Field>
          <Field label="反馈时限" hint="当天 18:00 前">
            <DateField title="反馈时限" value={page.deadlineDate} placeholder="选择日期" start={todayString()} end={addDays(todayString(), 30)} onChange={page.setDeadlineDate} />
          </Field>
          <AppButton disabled={step.kind === 'uploading'} onClick={page.pick}>
            {step.kind === 'uploading' ? '正在读取…' : '选择 Excel / CSV 文件'}
          </AppButton>
          <Text className="muted">支持 xlsx 和 csv（UTF-8 或 GBK）；同一下发单位的表头只需确认一次。</Text>
        </View>
      )}

      {step.kind === 'mapping' && (
        <View className="card">
          <Text className="card__title">{`确认表头：${step.fileName}（${step.view.rowCount} 行）`}</Text>
          <Text className="muted">已按表头猜测对应关系，请核对；未对应的列会原样保留在反馈表中。</Text>
          <View className="desk-grid batch__mapping">
            {BATCH_FIELDS.map((field) => (
              <Field key={field} label={BATCH_FIELD_LABELS[field]} required={field === 'name'}>
                <SelectField
                  title={BATCH_FIELD_LABELS[field]}
                  choices={[{ value: -1, label: '（不导入）' }, ...step.view.headers.map((h, i) => ({ value: i, label: h }))]}
                  value={page.mapping[field] ?? -1}
                  placeholder="（不导入）"
                  onChange={(v) => page.setColumn(field, v < 0 ? null : v)}
                />
              </Field>
            ))}
          </View>
          <View className="batch__table">
            <View className="batch__tr batch__th">
              {step.view.headers.map((h, i) => (
                <Text key={`${i}-${h}`} className="batch__td">
                  {h}
                </Text>
              ))}
            </View>
            {step.view.samples.map((r, n) => (
              <View key={n} className="batch__tr">
                {r.map((c, i) => (
                  <Text key={i} className="batch__td">
                    {c}
                  </Text>
                ))}
              </View>
            ))}
          </View>
          <AppButton disabled={page.busy} onClick={page.confirm}>
            确认并导入
          </AppButton>
        </View>
      )}

      {step.kind === 'running' && (
        <View className="card">
          <Text className="card__title">{`正在导入 ${step.fileName}`}</Text>
          <View className="batch__bar">
            <View className="batch__bar-fill" style={{ width: `${Math.round((100 * step.view.processed) / Math.max(1, step.view.rowCount))}%` }} />
          </View>
          <Text className="muted">{`${step.view.processed} / ${step.view.rowCount} 行：校验、去重、按地址分拨`}</Text>
        </View>
      )}

      {step.kind === 'ready' && (
        <View>
          <View className="card">
            <Text className="card__title">{`${step.batch.subject} · ${step.batch.source}`}</Text>
            {step.duplicateFile && <Text className="muted">该文件已导入过，未重复添加任何一行。</Text>}
            {step.dispatched !== undefined && <Text className="batch__ok">{`已派发 ${step.dispatched} 条到各网格员的工作台`}</Text>}
            <KeyValue label="反馈时限" value={formatShanghai(step.batch.deadline)} />
            <KeyValue label="人数" value={String(step.batch.total)} />
            <View className="batch__counts">
              {BATCH_ROW_STATES.map((s) => (
                <View key={s} className="batch__count">
                  <Text className="batch__count-n">{step.batch.counts[s]}</Text>
                  <Text className="muted">{BATCH_ROW_STATE_LABELS[s]}</Text>
                </View>
              ))}
            </View>
            <View className="batch__actions">
              <AppButton disabled={page.busy || step.batch.counts.placed === 0} onClick={() => page.send(false)}>
                {`派发 ${step.batch.counts.placed} 条`}
              </AppButton>
              {step.batch.counts.invalid > 0 && (
                <AppButton kind="plain" disabled={page.busy} onClick={() => page.send(true)}>
                  连同有误的行一并派发（标记）
                </AppButton>
              )}
              {step.batch.counts.unplaced > 0 && (
                <AppButton kind="plain" onClick={() => void Taro.navigateTo({ url: Pages.unplaced })}>
                  {`处理待分拨 ${step.batch.counts.unplaced} 条`}
                </AppButton>
              )}
              {step.batch.dispatched && (
                <AppButton kind="plain" disabled={page.busy} onClick={() => page.download('return')}>
                  下载反馈表
                </AppButton>
              )}
              <AppButton kind="plain" onClick={page.again}>
                导入下一份名单
              </AppButton>
            </View>
          </View>
          {step.errors.length > 0 && (
            <View className="card">
              <Text className="card__title">{`有误的行（${step.batch.counts.invalid}）`}</Text>
              {step.errors.map((r) => (
                <View key={r.rowId} className="batch__error">
                  <Text className="batch__error-row">{`第${r.rowNumber}行 ${r.name || '（无姓名）'}`}</Text>
                  <Text className="batch__error-text">{r.errors.map((e) => e.message).join('；')}</Text>
                </View>
              ))}
              <AppButton kind="plain" disabled={page.busy} onClick={() => page.download('errors')}>
                下载错误表（改正后重新导入）
              </AppButton>
            </View>
          )}
        </View>
      )}
    </View>
  );
}
