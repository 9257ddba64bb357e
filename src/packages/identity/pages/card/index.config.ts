export default definePageConfig({ navigationBarTitleText: '电子党员证' })
