import { createElement, Fragment, type ComponentType, type PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
import { landStaff } from './services/landing';
import './app.css';

// Taro.cloud exists only in the WeChat build; the H5 build talks to the local cloud over HTTP.
if (process.env.TARO_ENV === 'weapp') {
  Taro.cloud.init({ env: CLOUD_ENV_ID || undefined, traceUser: true });
}

// WeChat draws src/custom-tab-bar on the tab pages itself; Taro's H5 router draws no custom tab
// bar, so on H5 the app renders the same component over the pages (the weapp build drops this)
const H5TabBar: ComponentType | null =
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  process.env.TARO_ENV === 'h5' ? (require('./custom-tab-bar').default as ComponentType) : null;

function App({ children }: PropsWithChildren) {
  // a staff member opening the app plainly starts on 工作台
  useLaunch((options) => void landStaff(options.path ?? '', options.query as Record<string, unknown> | undefined));
  // the pages render themselves; the app component only wraps them
  return H5TabBar ? createElement(Fragment, null, children, createElement(H5TabBar)) : children;
}

export default App;
