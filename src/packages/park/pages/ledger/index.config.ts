export default definePageConfig({ navigationBarTitleText: '两个覆盖台账', enablePullDownRefresh: true })
