export default definePageConfig({ navigationBarTitleText: '亮身份墙' })
