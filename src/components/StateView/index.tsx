import { Button, Text, View } from '@tarojs/components'
import './index.scss'

/**
 * The three states a page shows instead of its content: loading, nothing there, failed.
 * Every page uses it so an error is never a blank screen.
 */
export type StateViewProps =
  | { kind: 'loading'; text?: string }
  | { kind: 'empty'; message: string }
  | { kind: 'error'; message: string; onRetry?: () => void }

export default function StateView(props: StateViewProps) {
  if (props.kind === 'loading') {
    return (
      <View className='state-view state-view--loading'>
        <View className='state-view__spinner' />
        <Text className='state-view__text'>{props.text ?? '加载中…'}</Text>
      </View>
    )
  }
  if (props.kind === 'empty') {
    return (
      <View className='state-view state-view--empty'>
        <Text className='state-view__text'>{props.message}</Text>
      </View>
    )
  }
  return (
    <View className='state-view state-view--error'>
      <Text className='state-view__text error-text'>{props.message}</Text>
      {props.onRetry && (
        <Button className='btn-plain state-view__retry' size='mini' onClick={props.onRetry}>
          重试
        </Button>
      )}
    </View>
  )
}
