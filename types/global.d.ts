/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.css';

declare namespace NodeJS {
  interface ProcessEnv {
    /** set by Taro at build time: 'weapp' | 'h5' */
    TARO_ENV: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd' | 'rn';
  }
}

/** Base URL of the local cloud's HTTP API for non-WeChat builds; '' means same origin. */
declare const LOCAL_CLOUD_URL: string;
/** WeChat cloud environment id for the weapp build. */
declare const CLOUD_ENV_ID: string;
