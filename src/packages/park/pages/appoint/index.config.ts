export default definePageConfig({ navigationBarTitleText: '任命管理', enablePullDownRefresh: true })
