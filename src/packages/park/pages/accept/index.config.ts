export default definePageConfig({ navigationBarTitleText: '接受任命' })
