import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

const isH5 = process.env.TARO_ENV === 'h5';

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'gridlink',
    date: '2026-11-01',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: isH5 ? 'dist-h5' : 'dist',
    plugins: [],
    defineConstants: {
      // '' means the H5 build calls the local cloud on its own origin
      LOCAL_CLOUD_URL: JSON.stringify(process.env.LOCAL_CLOUD_URL ?? ''),
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
