export default definePageConfig({ navigationBarTitleText: '每日健康打卡' });
