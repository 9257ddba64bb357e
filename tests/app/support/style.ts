// Stylesheets mean nothing to jsdom: every `import './index.scss'` resolves here.
export default {}
