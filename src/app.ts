import type { PropsWithChildren } from 'react'
import { LINKS } from './domain/links'
import { setChineseMessages } from './domain/validation'
import { listenForPrivacyRequests } from './stores/privacy'
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
}

// Pages load their own data (useDidShow); the app shell only hosts them.
function App({ children }: PropsWithChildren) {
  return children
}

export default App
