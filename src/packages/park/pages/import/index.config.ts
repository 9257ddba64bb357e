export default definePageConfig({ navigationBarTitleText: '导入台账' })
