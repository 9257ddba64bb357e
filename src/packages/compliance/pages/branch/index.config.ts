export default definePageConfig({ navigationBarTitleText: '本支部三会一课', enablePullDownRefresh: true })
