export default definePageConfig({ navigationBarTitleText: '下级亮身份与接转', enablePullDownRefresh: true })
