export default definePageConfig({ navigationBarTitleText: '家庭报备' });
