import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Field } from '../../../components/Field';
import { SelectField } from '../../../components/Pickers';
import { PageStatus, StateView } from '../../../components/StateView';
import { Tap } from '../../../components/Tap';
import { TextInput } from '../../../components/TextInput';
import {
  BLANK_FIELD,
  LEDGER_LAYOUTS,
  LEDGER_LAYOUT_LABELS,
  LEDGER_LIMITS,
  fieldOf,
  fieldsOfLayout,
  type LedgerColumnField,
  type LedgerLayout,
} from '../../../domain/ledger';
import { NOT_ADMIN, useProfiles } from './useProfiles';
import '../../shared/staff.css';
import './index.css';

const fieldChoices = (layout: LedgerLayout) => [
  ...fieldsOfLayout(layout).map((k) => ({ value: k as LedgerColumnField, label: fieldOf(k).label })),
  { value: BLANK_FIELD as LedgerColumnField, label: '空列（系统无此数据）' },
];

export default function ProfilesPage() {
  const page = useProfiles();
  const { state, draft } = page;
  if (state.kind === 'error' && state.code === NOT_ADMIN)
    return (
      <View className="page">
        <StateView text={state.message} />
      </View>
    );
  if (state.kind !== 'ready') return <PageStatus state={state} onRetry={page.retry} />;

  return (
    <View className="page page--wide xprof">
      {page.notice && (
        <View className="staff-ok">
          <Text className="staff-ok__line">{page.notice}</Text>
        </View>
      )}
      <ErrorBanner lines={page.errors} />

      {draft ? (
        <View className="card">
          <Text className="card__title">
            {draft.profileId ? '编辑模板' : '新模板'} · {LEDGER_LAYOUT_LABELS[draft.layout]}
          </Text>
          <Field label="模板名称" required>
            <TextInput className="input" placeholder="如：区指挥部日报" value={draft.name} maxlength={LEDGER_LIMITS.profileName} onInput={(e) => page.setName(e.detail.value)} />
          </Field>
          <Text className="muted small">按顺序导出这些列；表头可以改成上级系统要求的写法</Text>
          {draft.columns.map((c, i) => (
            <View key={`${i}-${c.field}`} className="xprof__col">
              <Text className="xprof__no">{i + 1}</Text>
              <View className="xprof__header">
                <TextInput className="input" placeholder="表头" value={c.header} maxlength={LEDGER_LIMITS.header} onInput={(e) => page.rename(i, e.detail.value)} />
              </View>
              <View className="xprof__field">
                <SelectField title="对应字段" choices={fieldChoices(draft.layout)} value={c.field} placeholder="选择字段" onChange={(f) => page.setField(i, f)} />
              </View>
              <View className="xprof__ops">
                <Tap className="xprof__op" disabled={i === 0} onTap={() => page.move(i, -1)}>
                  <Text>上移</Text>
                </Tap>
                <Tap className="xprof__op" disabled={i === draft.columns.length - 1} onTap={() => page.move(i, 1)}>
                  <Text>下移</Text>
                </Tap>
                <Tap className="xprof__op xprof__op--drop" onTap={() => page.drop(i)}>
                  <Text>删除</Text>
                </Tap>
              </View>
              {c.field !== BLANK_FIELD && fieldOf(c.field).note && <Text className="muted small xprof__note">{fieldOf(c.field).note}</Text>}
            </View>
          ))}
          <Field label="添加一列">
            <SelectField title="添加字段" choices={fieldChoices(draft.layout)} value={null} placeholder="选择要添加的字段" onChange={page.add} />
          </Field>
          <View className="staff-buttons">
            <AppButton kind="plain" onClick={page.cancel}>
              取消
            </AppButton>
            <AppButton disabled={page.busy} onClick={page.save}>
              {page.busy ? '正在保存…' : '保存模板'}
            </AppButton>
          </View>
        </View>
      ) : (
        <View className="card">
          <Text className="card__title">新建导出模板</Text>
          {LEDGER_LAYOUTS.map((layout) => (
            <View key={layout} className="xprof__new">
              <Text className="xprof__new-label">{LEDGER_LAYOUT_LABELS[layout]}</Text>
              <AppButton kind="plain" small onClick={() => page.create(layout)}>
                选择字段
              </AppButton>
              <AppButton kind="plain" small disabled={page.busy} onClick={() => page.importTemplate(layout)}>
                {page.busy ? '正在读取…' : '从上级模板导入（xlsx / csv 表头）'}
              </AppButton>
            </View>
          ))}
        </View>
      )}

      <View className="card">
        <Text className="card__title">模板</Text>
        {state.profiles.map((p) => (
          <View key={p.id} className="xprof__item">
            <View className="row">
              <Text className="xprof__name">{p.name}</Text>
              <Text className="staff-status">{LEDGER_LAYOUT_LABELS[p.layout]}</Text>
            </View>
            <Text className="muted small xprof__headers">{p.columns.map((c) => c.header).join(' | ')}</Text>
            <View className="xprof__item-ops">
              <AppButton kind="plain" small onClick={() => page.open(p)}>
                {p.builtin ? '另存为新模板' : '编辑'}
              </AppButton>
              {!p.builtin && (
                <AppButton kind="danger" small disabled={page.busy} onClick={() => page.remove(p)}>
                  删除
                </AppButton>
              )}
            </View>
          </View>
        ))}
      </View>
    </View>
  );
}
