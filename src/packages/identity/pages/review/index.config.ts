export default definePageConfig({ navigationBarTitleText: '审核亮身份申报' })
