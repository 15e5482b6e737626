import { Text, View } from '@tarojs/components';
import { AppButton } from '../../components/AppButton';
import { WorkerContact } from '../../components/WorkerContact';
import { useRequestHelp } from './useRequestHelp';
import './index.css';

export default function RequestPage() {
  const { state, retry, callEmergency } = useRequestHelp();
  return (
    <View className="page">
      <AppButton kind="danger" className="request__emergency" onClick={callEmergency}>
        紧急情况拨打120
      </AppButton>
      <View className="card">
        <Text className="card__title">求助</Text>
        <Text className="request__para">生活物资代购、代为取药、就医转运等线上求助功能将在下一个版本上线。</Text>
        <Text className="request__para">在此之前，如有需要，请直接联系负责您所在网格的网格员。</Text>
      </View>
      <View className="card">
        <Text className="card__title">我的网格员</Text>
        {state.kind === 'loading' && <Text className="muted">正在加载…</Text>}
        {state.kind === 'error' && (
          <View>
            <Text className="field__error">{state.message}</Text>
            <Text className="link" onClick={retry}>
              重试
            </Text>
          </View>
        )}
        {state.kind === 'ready' && state.filed && <WorkerContact worker={state.worker} />}
        {state.kind === 'ready' && !state.filed && <Text className="muted">报备后即可在这里看到负责您家的网格员及其电话。</Text>}
      </View>
    </View>
  );
}
