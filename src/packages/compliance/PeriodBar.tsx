import { Text, View } from '@tarojs/components'
import { UNITS, usePeriod } from './usePeriod'

/** 月 / 季度 / 年, and ‹ › through the periods. */
export default function PeriodBar({ period }: { period: ReturnType<typeof usePeriod> }) {
  return (
    <View className='compliance-period'>
      <View className='compliance-period__units'>
        {UNITS.map((u) => (
          <Text key={u.unit} className={`compliance-period__unit${period.unit === u.unit ? ' compliance-period__unit--on' : ''}`} onClick={() => period.setUnit(u.unit)}>
            {u.label}
          </Text>
        ))}
      </View>
      <View className='compliance-period__step'>
        <Text className='compliance-period__arrow compliance-prev' onClick={period.prev}>
          ‹ 上一期
        </Text>
        <Text className='compliance-period__label'>{period.label}</Text>
        <Text className={`compliance-period__arrow compliance-next${period.isCurrent ? ' compliance-period__arrow--off' : ''}`} onClick={period.next}>
          下一期 ›
        </Text>
      </View>
    </View>
  )
}
