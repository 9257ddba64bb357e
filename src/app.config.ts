export default defineAppConfig({
  // Main package: only the tab pages. Every feature page lives in a subpackage.
  pages: ['pages/home/index', 'pages/meetings/index', 'pages/lessons/index', 'pages/me/index'],
  subPackages: [
    { root: 'packages/auth', pages: ['pages/login/index'] },
    { root: 'packages/orgs', pages: ['pages/search/index'] },
    { root: 'packages/meetings', pages: ['pages/detail/index', 'pages/code/index', 'pages/checkin/index', 'pages/create/index'] },
    {
      root: 'packages/identity',
      pages: [
        'pages/declare/index',
        'pages/declarations/index',
        'pages/review/index',
        'pages/card/index',
        'pages/verify/index',
        'pages/wall/index',
        'pages/posts/index',
      ],
    },
    { root: 'packages/lessons', pages: ['pages/detail/index', 'pages/manage/index', 'pages/edit/index'] },
    {
      root: 'packages/transfers',
      pages: ['pages/apply/index', 'pages/list/index', 'pages/detail/index', 'pages/review/index', 'pages/followup/index', 'pages/card/index'],
    },
    { root: 'packages/compliance', pages: ['pages/committee/index', 'pages/branch/index'] },
    {
      root: 'packages/park',
      pages: ['pages/tree/index', 'pages/org/index', 'pages/ledger/index', 'pages/enterprise/index', 'pages/appoint/index', 'pages/accept/index', 'pages/meetings/index', 'pages/import/index', 'pages/records/index'],
    },
  ],
  // Fetch a tab's subpackages while the user reads the tab.
  preloadRule: {
    'pages/meetings/index': { network: 'all', packages: ['packages/meetings'] },
    'pages/me/index': { network: 'all', packages: ['packages/transfers'] },
    'pages/lessons/index': { network: 'all', packages: ['packages/lessons'] },
    'pages/home/index': { network: 'all', packages: ['packages/auth', 'packages/orgs', 'packages/identity'] },
  },
  lazyCodeLoading: 'requiredComponents',
  // Location APIs fail unless declared here (since 2022-07-14); each also needs 「接口设置」 in the
  // admin console. getLocation: geofenced sign-in; chooseLocation: the meeting form's map pick.
  requiredPrivateInfos: ['getLocation', 'chooseLocation'],
  permission: {
    'scope.userLocation': { desc: '签到时确认你在会场附近；发布组织生活时选择会场位置' },
  },
  window: {
    // WeChat draws this bar itself; on H5 it makes Taro draw its own title bar with 返回 and 首页
    // (without it H5 pages had no title and no way back).
    navigationStyle: 'default',
    backgroundTextStyle: 'light',
    backgroundColor: '#f6f6f6',
    navigationBarBackgroundColor: '#c8161d',
    navigationBarTitleText: '红色引擎',
    navigationBarTextStyle: 'white',
  },
  tabBar: {
    color: '#666666',
    selectedColor: '#c8161d',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/home/index', text: '首页' },
      { pagePath: 'pages/meetings/index', text: '组织生活' },
      { pagePath: 'pages/lessons/index', text: '微党课' },
      { pagePath: 'pages/me/index', text: '我的' },
    ],
  },
})
