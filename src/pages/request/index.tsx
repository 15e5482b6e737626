import { Text, View } from '@tarojs/components';
import { AppButton } from '../../components/AppButton';
import { StateView } from '../../components/StateView';
import { WorkerContact } from '../../components/WorkerContact';
import { ErrorCodes } from '../../domain';
import { KindTiles } from './KindTiles';
import { RequestCard } from './RequestCard';
import { useRequestHome } from './useRequestHome';
import './index.css';

export default function RequestPage() {
  const home = useRequestHome();
  const { state } = home;
  return (
    <View className="page">
      {/* first and always there, even while loading or offline */}
      <AppButton kind="danger" className="request__emergency" onClick={home.callEmergency}>
        紧急情况拨打120
      </AppButton>

      {state.kind === 'loading' && <StateView text="正在加载…" />}
      {state.kind === 'error' && <StateView text={state.message} actionText="重试" onAction={home.retry} />}

      {state.kind === 'ready' && (
        <View>
          {!state.household && (
            <View className="notice">
              <Text className="request__para">{ErrorCodes.HOUSEHOLD_REQUIRED}</Text>
              <AppButton onClick={home.goReport}>去报备</AppButton>
            </View>
          )}
          <Text className="request__section">我要求助</Text>
          <KindTiles onPick={home.startRequest} />

          <View className="card">
            <Text className="card__title">我的求助</Text>
            {state.requests.length === 0 && <Text className="muted">还没有求助记录。需要帮助时，点上方对应的类型提交即可。</Text>}
            {state.requests.map((r) => (
              <RequestCard key={r.requestId} request={r} onOpen={() => home.openRequest(r.requestId)} />
            ))}
            {home.moreError && <Text className="field__error">{home.moreError}</Text>}
            {state.nextCursor !== null && (
              <AppButton kind="plain" className="request__more" disabled={home.loadingMore} onClick={() => void home.loadMore()}>
                {home.loadingMore ? '正在加载…' : '加载更多'}
              </AppButton>
            )}
          </View>

          <View className="card">
            <Text className="card__title">我的网格员</Text>
            {state.household ? (
              <WorkerContact worker={state.household.gridWorker} />
            ) : (
              <Text className="muted">报备后即可在这里看到负责您家的网格员及其电话。</Text>
            )}
          </View>
        </View>
      )}
    </View>
  );
}
