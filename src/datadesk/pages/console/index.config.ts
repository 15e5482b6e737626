export default definePageConfig({ navigationBarTitleText: '核查批次工作台' });
