import Taro from '@tarojs/taro'
import type { StateStorage } from 'zustand/middleware'

/** zustand's storage interface over Taro's synchronous storage (wx.*StorageSync on weapp, localStorage on H5). */
export const taroStorage: StateStorage = {
  getItem: (name) => {
    const value: unknown = Taro.getStorageSync(name)
    // Taro returns '' for a missing key.
    return typeof value === 'string' && value !== '' ? value : null
  },
  setItem: (name, value) => Taro.setStorageSync(name, value),
  removeItem: (name) => Taro.removeStorageSync(name),
}
