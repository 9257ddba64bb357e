import { weappBuildProblem } from '../../config/weapp-build'

/** A release weapp build must point at an https domain; only dev builds may use the local server. */
describe('weapp build guard', () => {
  const prod = (base?: string) => weappBuildProblem({ TARO_ENV: 'weapp', NODE_ENV: 'production', ...(base === undefined ? {} : { TARO_APP_API_BASE: base }) })

  test('an https domain passes', () => {
    expect(prod('https://dj.example.com')).toBeNull()
    expect(prod('https://dj.example.com/')).toBeNull()
    expect(prod('https://dj.example.com:8443')).toBeNull()
  })

  test('missing, http, localhost, IP addresses and paths stop the build with the reason', () => {
    expect(prod()).toContain('没有设置 TARO_APP_API_BASE')
    expect(prod('http://dj.example.com')).toContain('不是 https://')
    expect(prod('https://dj.example.com/api')).toContain('不带路径')
    expect(prod('https://127.0.0.1:3000')).toContain('IP 地址')
    expect(prod('https://localhost')).toContain('本机')
  })

  test('dev builds (npm start, --watch) and other platforms are not checked', () => {
    expect(weappBuildProblem({ TARO_ENV: 'weapp', WEAPP_DEV_BUILD: 'true', TARO_APP_API_BASE: 'http://127.0.0.1:3000' })).toBeNull()
    expect(weappBuildProblem({ TARO_ENV: 'weapp', NODE_ENV: 'development' })).toBeNull()
    expect(weappBuildProblem({ TARO_ENV: 'h5', NODE_ENV: 'production' })).toBeNull()
  })
})
