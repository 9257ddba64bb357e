import type { PropsWithChildren } from 'react'
import { z } from 'zod'
import zhCN from 'zod/v4/locales/zh-CN.js'
import { listenForPrivacyRequests } from './stores/privacy'
import './app.scss'

// Form checks that run the shared schemas speak Chinese, like the server's.
z.config(zhCN())
// WeChat holds privacy API calls until the user agrees: the pages' <PrivacyPopup/> asks.
listenForPrivacyRequests()

// Pages load their own data (useDidShow); the app shell only hosts them.
function App({ children }: PropsWithChildren) {
  return children
}

export default App
