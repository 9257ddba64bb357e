export default definePageConfig({
  navigationBarTitleText: '红色引擎',
})
