import { type PropsWithChildren } from 'react';
import Taro from '@tarojs/taro';
import './app.css';

// Taro.cloud exists only in the WeChat build; the H5 build talks to the local cloud over HTTP.
if (process.env.TARO_ENV === 'weapp') {
  Taro.cloud.init({ env: CLOUD_ENV_ID || undefined, traceUser: true });
}

function App({ children }: PropsWithChildren) {
  // the pages render themselves; the app component only wraps them
  return children;
}

export default App;
