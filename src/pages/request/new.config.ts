export default definePageConfig({ navigationBarTitleText: '发起求助' });
