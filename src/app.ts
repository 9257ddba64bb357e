import type { PropsWithChildren } from 'react'
import { LINKS } from './domain/links'
import { setChineseMessages } from './domain/validation'
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
  }
}

// Pages load their own data (useDidShow); the app shell only hosts them.
function App({ children }: PropsWithChildren) {
  return children
}

export default App
