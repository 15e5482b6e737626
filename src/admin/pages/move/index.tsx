import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { AppButton } from '../../../components/AppButton';
import { CheckRow } from '../../../components/CheckRow';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Field } from '../../../components/Field';
import { PageStatus } from '../../../components/StateView';
import { Tap } from '../../../components/Tap';
import { TextInput } from '../../../components/TextInput';
import { PLACE_LEVEL_LABELS, type RegridJobView } from '../../../domain';
import { useMove } from './useMove';
import '../../shared/admin.css';

function JobCard({ job }: { job: RegridJobView }) {
  const done = job.status === 'done';
  return (
    <View className="card">
      <Text className="card__title">{done ? '迁移完成' : '正在迁移…'}</Text>
      <Text className="adm-summary">{job.title}</Text>
      <View className="adm-counts">
        <View className="adm-count">
          <Text className="adm-count__value">
            {job.households.before} → {job.households.after ?? '…'}
          </Text>
          <Text className="muted">住户（迁移前 → 新网格中）</Text>
        </View>
        <View className="adm-count">
          <Text className="adm-count__value">
            {job.openItems.before} → {job.openItems.after ?? '…'}
          </Text>
          <Text className="muted">待办事项（迁移前 → 新网格中）</Text>
        </View>
      </View>
      <Text className="muted small">
        已改写 {job.rewritten} 条记录，{job.steps} 批。
        {done ? '待办事项已进入新网格网格员的工作台。' : '中断后可再次打开继续，已完成的部分不会重复。'}
      </Text>
      {done && (
        <View className="adm-buttons">
          <AppButton onClick={() => void Taro.navigateBack()}>返回地点</AppButton>
        </View>
      )}
    </View>
  );
}

export default function MovePage() {
  const m = useMove();
  if (m.job) {
    return (
      <View className="page">
        <JobCard job={m.job} />
      </View>
    );
  }
  const { browse } = m;
  if (browse.kind !== 'ready') return <PageStatus state={browse} onRetry={m.retry} />;

  if (m.split) {
    return (
      <View className="page">
        <Text className="hero">拆分 {m.name}</Text>
        <ErrorBanner lines={m.banner} />
        <View className="card">
          <Field label="新网格名称" required>
            <TextInput
              className="input"
              value={m.gridName}
              placeholder="如：第四网格（北）"
              onInput={(e) => m.setGridName(e.detail.value)}
            />
          </Field>
          <Text className="card__title">迁入新网格的小区、楼栋</Text>
          {browse.items.map((p) => (
            <CheckRow
              key={p.id}
              label={`${p.name}（${PLACE_LEVEL_LABELS[p.level]}）`}
              checked={m.chosen.includes(p.id)}
              onToggle={() => m.toggle(p.id)}
            />
          ))}
          <AppButton disabled={m.busy || m.chosen.length === 0 || !m.gridName.trim()} onClick={m.start}>
            {m.busy ? '正在拆分…' : `拆分，迁入 ${m.chosen.length} 处`}
          </AppButton>
        </View>
      </View>
    );
  }

  return (
    <View className="page">
      <Text className="hero">迁移 {m.name}</Text>
      <Text className="muted">
        选择新的网格（或网格下的小区）。住户、人员、报备、待办事项、求助、隔离和打卡记录都会随之迁移，并记入审计日志。
      </Text>
      <ErrorBanner lines={m.banner} />
      <View className="adm-crumbs">
        <Tap className="adm-crumb" onTap={() => m.open(null)}>
          <Text>我的辖区</Text>
        </Tap>
        {[...browse.path.filter((p) => p.id !== browse.parent?.id), ...(browse.parent ? [browse.parent] : [])].map((p) => (
          <View key={p.id} className="row">
            <Text className="adm-crumb-sep">/</Text>
            <Tap className="adm-crumb" onTap={() => m.open(p)}>
              <Text>{p.name}</Text>
            </Tap>
          </View>
        ))}
      </View>
      <View className="card">
        {browse.items.length === 0 && <Text className="muted">这里没有可迁入的地点</Text>}
        {browse.items.map((p) => (
          <View key={p.id} className="adm-row">
            <View className="adm-row__head">
              {p.level === 'compound' ? (
                <Text className="adm-row__name">{p.name}</Text>
              ) : (
                <Tap className="adm-row__name adm-row__open" onTap={() => m.open(p)}>
                  <Text>{p.name} ›</Text>
                </Tap>
              )}
              <Text className="adm-tag">{PLACE_LEVEL_LABELS[p.level]}</Text>
            </View>
            {(p.level === 'grid' || p.level === 'compound') && (
              <View className="adm-row__actions">
                <AppButton kind={m.target?.id === p.id ? 'primary' : 'plain'} small onClick={() => m.choose(p)}>
                  {m.target?.id === p.id ? '已选择' : '迁到这里'}
                </AppButton>
              </View>
            )}
          </View>
        ))}
      </View>
      {m.target && (
        <AppButton disabled={m.busy} onClick={m.start}>
          {m.busy ? '正在迁移…' : `确认把 ${m.name} 迁到 ${m.target.name}`}
        </AppButton>
      )}
    </View>
  );
}
