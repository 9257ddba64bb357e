import { Text, View } from '@tarojs/components'

/** An inline error box above a form or list: the server's own words, shown as they came. */
export default function ErrorMessage({ message }: { message: string | null | undefined }) {
  if (!message) return null
  return (
    <View className='error-message'>
      <Text>{message}</Text>
    </View>
  )
}
