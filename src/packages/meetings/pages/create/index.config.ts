export default definePageConfig({ navigationBarTitleText: '发布组织生活' })
