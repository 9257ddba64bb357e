/**
 * `import { Button } from '@nutui/nutui-react-taro'` in a test: the same component modules the build
 * uses (babel-plugin-import rewrites to them there; jest uses swc), rendered through the
 * @tarojs/components stand-ins. Their stylesheets resolve to style.ts.
 */
export { Button } from '@nutui/nutui-react-taro/dist/es/packages/button/button'
export { default as Radio } from '@nutui/nutui-react-taro/dist/es/packages/radio/index'
export { Input } from '@nutui/nutui-react-taro/dist/es/packages/input/input'
export { TextArea } from '@nutui/nutui-react-taro/dist/es/packages/textarea/textarea'

/** NutUI draws a disabled button greyed (its class) and ignores taps; it does not set the native `disabled`. */
export function looksDisabled(text: HTMLElement): boolean {
  return text.closest('button')?.classList.contains('nut-button-disabled') ?? false
}

/** The text box a field's class names: the input itself, or (NutUI's Input puts the class on its wrapper) the one inside. */
export function fieldInput(selector: string): HTMLInputElement {
  const el = document.querySelector(selector)
  if (!el) throw new Error(`no field ${selector}`)
  return (el.matches('input, textarea') ? el : el.querySelector('input, textarea')) as HTMLInputElement
}
