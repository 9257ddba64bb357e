import type { PropsWithChildren } from 'react'
import { LINKS } from './domain/links'
import { setChineseMessages } from './domain/validation'
import { prefetchAuthOptions } from './services/auth'
import { useAuthStore } from './stores/auth'
import { listenForPrivacyRequests } from './stores/privacy'
import { ROUTES } from './utils/routes'
import './app.scss'

// Form checks that run the shared schemas say what the server says (src/domain/validation.ts).
setChineseMessages()
// WeChat holds privacy API calls until the user agrees: the pages' <PrivacyPopup/> asks.
listenForPrivacyRequests()

// H5: links printed while a page lived elsewhere (…/#/packages/meeting/…) open it where it is now.
if (process.env.TARO_ENV === 'h5') {
  const { hash } = window.location
  for (const { page, formerPages = [] } of Object.values(LINKS)) {
    const old = formerPages.find((p) => hash.startsWith(`#${p}?`) || hash === `#${p}`)
    if (old) window.location.replace(`#${page}${hash.slice(old.length + 1)}`)
  }
  // Signed out and opening any page but login and the public card check: straight to login, with
  // the page to come back to (goAfterLogin), before the router downloads a page only to leave it.
  // On a weak 4G that is one wave of downloads (about 0.6 s) less before the first screen.
  const target = window.location.hash.replace(/^#/, '')
  const path = target.split('?')[0]
  if (!useAuthStore.getState().isSignedIn() && path !== ROUTES.login && path !== ROUTES.verify) {
    const back = path && path !== '/' && path !== ROUTES.home ? `?back=${encodeURIComponent(target)}` : ''
    window.location.replace(`#${ROUTES.login}${back}`)
    prefetchAuthOptions()
  }
  // A page's code that cannot be downloaded (offline, a weak signal) made a tap do nothing: say so,
  // and try again on a tap once the phone is back online.
  window.addEventListener('unhandledrejection', (e) => {
    const message = String((e.reason as Error | undefined)?.message ?? e.reason)
    if (!/Loading (CSS )?chunk \S+ failed/.test(message)) return
    e.preventDefault()
    if (document.getElementById('network-retry')) return
    const bar = document.createElement('div')
    bar.id = 'network-retry'
    bar.setAttribute('role', 'alert')
    bar.textContent = '网络不给力，点此重试'
    bar.style.cssText =
      'position:fixed;left:16px;right:16px;bottom:72px;z-index:1000;min-height:48px;display:flex;align-items:center;justify-content:center;border-radius:8px;background:#c8161d;color:#fff;font-size:16px;box-shadow:0 2px 8px rgba(0,0,0,.2)'
    bar.onclick = () => {
      if (navigator.onLine) window.location.reload()
      else bar.textContent = '还没有网络，请检查网络后再点此重试'
    }
    document.body.appendChild(bar)
  })
  // Taro's H5 title bar draws 返回 and 首页 as bare icons: name them, so a screen reader can say them.
  // The router builds the bar once; watching the page stops as soon as both are named.
  const NAMES: [string, string][] = [
    ['.taro-navigation-bar-back', '返回'],
    ['.taro-navigation-bar-home', '首页'],
  ]
  const nameIcons = () => {
    const found = NAMES.map(([selector, name]) => {
      const el = document.querySelector(selector)
      if (el && !el.getAttribute('aria-label')) {
        el.setAttribute('aria-label', name)
        el.setAttribute('role', 'button')
      }
      return Boolean(el)
    })
    return found.every(Boolean)
  }
  if (!nameIcons()) {
    const watching = new MutationObserver(() => nameIcons() && watching.disconnect())
    watching.observe(document.body, { childList: true, subtree: true })
  }
}

// Pages load their own data (useDidShow); the app shell only hosts them.
function App({ children }: PropsWithChildren) {
  return children
}

export default App
