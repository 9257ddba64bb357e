export default definePageConfig({ navigationBarTitleText: '三会一课落实情况', enablePullDownRefresh: true })
