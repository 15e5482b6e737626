export default definePageConfig({ navigationBarTitleText: '居家隔离管理' });
