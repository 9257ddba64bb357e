export default definePageConfig({ navigationBarTitleText: '微党课', enablePullDownRefresh: true, onReachBottomDistance: 120 })
