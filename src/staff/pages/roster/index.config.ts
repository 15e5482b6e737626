export default definePageConfig({ navigationBarTitleText: '隔离人员打卡', enablePullDownRefresh: true });
