export default definePageConfig({ navigationBarTitleText: '待跟进与失联党员', enablePullDownRefresh: true })
