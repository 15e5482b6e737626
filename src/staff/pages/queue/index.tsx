import { useEffect } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { StateView } from '../../../components/StateView';
import { TabPages } from '../../../domain';

/** The queue's former address (links and entries made before 工作台 was a tab): forwards to the tab. */
export default function QueueForward() {
  useEffect(() => {
    void Taro.switchTab({ url: TabPages.workbench });
  }, []);
  return (
    <View className="page">
      <StateView text="正在打开工作台…" />
    </View>
  );
}
