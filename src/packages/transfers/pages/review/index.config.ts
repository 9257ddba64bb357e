export default definePageConfig({ navigationBarTitleText: '组织关系接转审核', enablePullDownRefresh: true })
