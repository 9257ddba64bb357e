export default definePageConfig({ navigationBarTitleText: '下级组织生活', enablePullDownRefresh: true })
