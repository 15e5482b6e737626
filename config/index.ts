import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

const isH5 = process.env.TARO_ENV === 'h5';

const DESIGN_WIDTH = 750;
const DEVICE_RATIO = { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 };

/**
 * H5: the root font size, 1rem = ROOT_VALUE design px (pxtransform writes 34px as 0.85rem). Taro's
 * own script scales it with the window's narrower side, clamped to 20–40 px: right on a phone (390
 * wide: 20.8 px, body text 17.7 px), but a desk's 1440×900 window got 40 px — 34 px text and
 * 1,392 px cards. From DESK_MIN_WIDTH up the root is DESK_ROOT_PX (body text 15.3 px) and <html>
 * gets the class `desk`, on which app.css centres the page in a column; narrower windows keep
 * Taro's formula to the pixel. Replaces Taro's script (htmlPluginOption.script, which
 * src/index.html prints).
 */
const ROOT_VALUE = (20 / DEVICE_RATIO[DESIGN_WIDTH]) * 2;
/** Taro's clamp of the phone formula (its pxtransform defaults minRootSize / maxRootSize) */
const PHONE_ROOT_PX = { min: 20, max: 40 };
const DESK_MIN_WIDTH = 768;
const DESK_ROOT_PX = 18;
// ES5, run in <head> before anything renders, and again on resize (a window dragged wider)
const ROOT_FONT_SCRIPT = [
  '!function(n){var e=n.document.documentElement;',
  'function f(){',
  'var r=e.getBoundingClientRect(),w=Math.min.apply(Math,[r.width,r.height].filter(function(v){return Boolean(v)}));',
  `var x=${ROOT_VALUE}*w/${DESIGN_WIDTH},desk=r.width>=${DESK_MIN_WIDTH};`,
  `e.style.fontSize=desk?"${DESK_ROOT_PX}px":x>=${PHONE_ROOT_PX.max}?"${PHONE_ROOT_PX.max}px":x<=${PHONE_ROOT_PX.min}?"${PHONE_ROOT_PX.min}px":x+"px";`,
  'e.className=e.className.replace(/(^|\\s)desk(?=\\s|$)/g,"")+(desk?" desk":"")}',
  'n.addEventListener("resize",function(){f();setTimeout(f,500)});f()}(window);',
].join('');

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'gridlink',
    date: '2026-11-01',
    designWidth: DESIGN_WIDTH,
    deviceRatio: DEVICE_RATIO,
    sourceRoot: 'src',
    outputRoot: isH5 ? 'dist-h5' : 'dist',
    plugins: [],
    defineConstants: {
      // the H5 build's API base: '' = the local cloud on its own origin; GRIDLINK_API_URL = a
      // deployment's CloudBase HTTP access domain (https://<env-id>.service.tcloudbase.com or a custom
      // domain), whose paths mirror the local cloud's (cloudfunctions/common/httpPaths.ts)
      LOCAL_CLOUD_URL: JSON.stringify(process.env.GRIDLINK_API_URL ?? process.env.LOCAL_CLOUD_URL ?? ''),
      CLOUD_ENV_ID: JSON.stringify(process.env.CLOUD_ENV_ID ?? ''),
      // WeChat subscribe-message template ids ('' = don't ask the resident to subscribe)
      REQUEST_TEMPLATE_ID: JSON.stringify(process.env.REQUEST_TEMPLATE_ID ?? ''),
      CHECKIN_TEMPLATE_ID: JSON.stringify(process.env.CHECKIN_TEMPLATE_ID ?? ''),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[hash].css', chunkFilename: 'css/[name].[chunkhash].css' },
      router: { mode: 'hash' },
      htmlPluginOption: { script: ROOT_FONT_SCRIPT },
      webpackChain(chain) {
        // Taro splits only initial chunks, so every lazily loaded page carried its own copy of the
        // components and the domain module; sharing them across pages makes the build ~3× smaller
        chain.optimization.merge({ splitChunks: { chunks: 'all' } });
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  };
  return merge({}, baseConfig, process.env.NODE_ENV === 'development' ? devConfig : prodConfig);
});
