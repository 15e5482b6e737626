export default definePageConfig({ navigationBarTitleText: '导出模板' });
