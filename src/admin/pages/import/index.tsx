import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { AppButton } from '../../../components/AppButton';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { IMPORT_COLUMNS, PLACE_LEVEL_LABELS, planSummary, type ImportPlan, type PlaceLevel } from '../../../domain';
import { useImport } from './useImport';
import '../../shared/admin.css';

function Counts({ plan }: { plan: ImportPlan }) {
  const levels = (Object.keys(PLACE_LEVEL_LABELS) as PlaceLevel[]).filter((l) => plan.create[l]);
  return (
    <View className="adm-counts">
      {levels.map((l) => (
        <View key={l} className="adm-count">
          <Text className="adm-count__value">{plan.create[l]}</Text>
          <Text className="muted">新建{PLACE_LEVEL_LABELS[l]}</Text>
        </View>
      ))}
      <View className="adm-count">
        <Text className="adm-count__value">{plan.updateUnits}</Text>
        <Text className="muted">更新单元的楼栋</Text>
      </View>
      <View className="adm-count">
        <Text className="adm-count__value">{plan.unchanged}</Text>
        <Text className="muted">已有且不变的楼栋</Text>
      </View>
    </View>
  );
}

export default function ImportPage() {
  const imp = useImport();
  const { state } = imp;
  return (
    <View className="page page--wide">
      <ErrorBanner lines={imp.banner} />
      <View className="card">
        <Text className="card__title">一行一栋楼</Text>
        <Text className="muted">
          列：{IMPORT_COLUMNS.join('、')}。没有片区或小区时留空。已有的地点按名称匹配，同一表格导入两次不会重复创建。支持 xlsx 和 csv（Excel
          另存的 GBK 或 UTF-8 均可）。
        </Text>
        <View className="adm-buttons">
          <AppButton kind="plain" disabled={imp.templateBusy} onClick={() => imp.template('xlsx')}>
            下载模板（xlsx）
          </AppButton>
          <AppButton kind="plain" disabled={imp.templateBusy} onClick={() => imp.template('csv')}>
            下载模板（csv）
          </AppButton>
        </View>
      </View>

      {(state.kind === 'idle' || state.kind === 'uploading') && (
        <AppButton disabled={state.kind === 'uploading'} onClick={imp.pick}>
          {state.kind === 'uploading' ? '正在上传并检查…' : '选择表格文件'}
        </AppButton>
      )}

      {(state.kind === 'previewed' || state.kind === 'applying') && (
        <View className="card">
          <Text className="card__title">预览：{state.fileName}</Text>
          <Text className="adm-summary">
            导入到 {state.preview.root.name}：{planSummary(state.preview)}
          </Text>
          <Counts plan={state.preview} />
          {state.preview.errorCount > 0 ? (
            <View>
              <Text className="field__error">有 {state.preview.errorCount} 处错误，请修改表格后重新选择（未写入任何内容）：</Text>
              {state.preview.errors.map((e, i) => (
                <View key={i} className="adm-error">
                  <Text className="adm-error__row">第 {e.row} 行</Text>
                  <Text>
                    {e.column ? `${e.column}：` : ''}
                    {e.message}
                  </Text>
                </View>
              ))}
              {state.preview.errorCount > state.preview.errors.length && (
                <Text className="muted">只列出前 {state.preview.errors.length} 处</Text>
              )}
            </View>
          ) : (
            <Text className="muted">没有错误，可以导入。</Text>
          )}
          <View className="adm-buttons">
            <AppButton kind="plain" disabled={state.kind === 'applying'} onClick={imp.pick}>
              重新选择
            </AppButton>
            <AppButton disabled={state.kind === 'applying' || state.preview.errorCount > 0} onClick={imp.apply}>
              {state.kind === 'applying' ? '正在导入…' : '确认导入'}
            </AppButton>
          </View>
        </View>
      )}

      {state.kind === 'applied' && (
        <View className="card">
          <View className="adm-ok">
            <Text>
              已导入到 {state.result.root.name}：{planSummary(state.result)}
            </Text>
          </View>
          <Counts plan={state.result} />
          <View className="adm-buttons">
            <AppButton kind="plain" onClick={imp.again}>
              再导入一个表格
            </AppButton>
            <AppButton onClick={() => void Taro.navigateBack()}>查看地点</AppButton>
          </View>
        </View>
      )}
    </View>
  );
}
