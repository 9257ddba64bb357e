export default definePageConfig({ navigationBarTitleText: '发布与管理微党课', enablePullDownRefresh: true })
