export default definePageConfig({ navigationBarTitleText: '待分拨' });
