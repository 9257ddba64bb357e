/**
 * `import { Button } from '@nutui/nutui-react-taro'` in a test: the same component modules the build
 * uses (babel-plugin-import rewrites to them there; jest uses swc), rendered through the
 * @tarojs/components stand-ins. Their stylesheets resolve to style.ts.
 */
export { Button } from '@nutui/nutui-react-taro/dist/es/packages/button/button'

/** NutUI draws a disabled button greyed (its class) and ignores taps; it does not set the native `disabled`. */
export function looksDisabled(text: HTMLElement): boolean {
  return text.closest('button')?.classList.contains('nut-button-disabled') ?? false
}
