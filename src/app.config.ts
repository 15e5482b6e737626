export default defineAppConfig({
  pages: [
    'pages/report/index',
    'pages/request/index',
    'pages/me/index',
    'pages/report/form',
    'pages/report/receipt',
    'pages/request/new',
    'pages/request/detail',
    'pages/privacy/index',
    'pages/login/index',
    'pages/checkin/index',
    'pages/family/index',
    // 工作台, the staff tab: a small page of the queue; everything it opens is in the staff subpackage
    'pages/workbench/index',
  ],
  // the staff side (工作台) is a subpackage: residents never download it
  subPackages: [
    {
      root: 'staff',
      pages: [
        'pages/queue/index',
        'pages/item/index',
        'pages/join/index',
        'pages/invite/index',
        'pages/members/index',
        'pages/roster/index',
        'pages/isolation/index',
        'pages/proxy/index',
        'pages/desk-login/index',
        'pages/export/index',
        'pages/profiles/index',
        // the rows each per-pass batch number of the dashboard counts
        'pages/batch-rows/index',
      ],
    },
    // the desk console's sign-in (H5 at a PC): shows the QR code the phone scans
    {
      root: 'desk',
      pages: ['pages/signin/index'],
    },
    // the community admin's desk: places, import, settings, re-gridding, codes and posters (residents and workers never download it)
    {
      root: 'admin',
      pages: ['pages/places/index', 'pages/import/index', 'pages/settings/index', 'pages/move/index', 'pages/posters/index'],
    },
    // 数据看板: staff only, opened from 工作台 and from 我的 (admins)
    { root: 'dashboard', pages: ['pages/index/index'] },
    // the data desk (核查批次): import, dispatch and 待分拨 at a desk; residents and workers never download it
    {
      root: 'datadesk',
      pages: ['pages/batch/index', 'pages/unplaced/index', 'pages/console/index'],
    },
  ],
  // a worker on 工作台 will open an item next: fetch the staff subpackage meanwhile
  preloadRule: {
    'pages/workbench/index': { network: 'all', packages: ['staff'] },
  },
  // inject only the components a page renders (WeChat's 按需注入), not every declared one at start-up
  lazyCodeLoading: 'requiredComponents',
  window: {
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '网格通',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f8',
    backgroundTextStyle: 'light',
    // WeChat always draws its navigation bar; Taro's H5 router draws one (title, back, home) only when asked
    navigationStyle: 'default',
  },
  tabBar: {
    // drawn by src/custom-tab-bar (WeChat) and by the app itself (H5): 工作台 is shown to staff only
    custom: true,
    color: '#8c8c8c',
    selectedColor: '#1677ff',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/report/index', text: '报备', iconPath: 'assets/tab/report.png', selectedIconPath: 'assets/tab/report-active.png' },
      {
        pagePath: 'pages/request/index',
        text: '求助',
        iconPath: 'assets/tab/request.png',
        selectedIconPath: 'assets/tab/request-active.png',
      },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tab/me.png', selectedIconPath: 'assets/tab/me-active.png' },
      {
        pagePath: 'pages/workbench/index',
        text: '工作台',
        iconPath: 'assets/tab/workbench.png',
        selectedIconPath: 'assets/tab/workbench-active.png',
      },
    ],
  },
});
