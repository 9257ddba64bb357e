import type { PropsWithChildren } from 'react'
import './app.scss'

// Pages load their own data (useDidShow); the app shell only hosts them.
function App({ children }: PropsWithChildren) {
  return children
}

export default App
