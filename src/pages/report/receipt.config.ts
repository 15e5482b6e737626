export default definePageConfig({ navigationBarTitleText: '报备回执' });
