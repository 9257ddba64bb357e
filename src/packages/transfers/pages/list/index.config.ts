export default definePageConfig({ navigationBarTitleText: '我的转接与流动登记', enablePullDownRefresh: true })
