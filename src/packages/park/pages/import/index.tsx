import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { IMPORT_MAX_BYTES, IMPORT_MAX_PROBLEMS } from '@/domain/park'
import ErrorMessage from '@/components/ErrorMessage'
import PrivacyPopup from '@/components/PrivacyPopup'
import StateView from '@/components/StateView'
import { useImport } from './useImport'
import '../park.scss'

/** 导入台账: the committee's existing spreadsheet of enterprises and members, all or nothing. */
export default function ImportPage() {
  const p = useImport()
  if (!p.orgId) return <StateView kind='empty' message='没有指定党委，请从台账进入' />
  if (!p.signedIn) return <StateView kind='loading' />
  const o = p.outcome
  return (
    <View className='page'>
      <View className='card'>
        <Text className='card-title'>从表格导入台账</Text>
        <Text className='muted' style={{ display: 'block' }}>
          {`1. 下载模板，在电脑上按表头填写「企业」「党员」两张表（红色表头为必填）。\n2. 把表格发到微信「文件传输助手」，再在这里选择它（.xlsx，最大 ${IMPORT_MAX_BYTES / 1024 / 1024} MB）。\n3. 有任何一处问题都不会导入，下面会列出每一处的行号、列名和原因；改好后重新导入即可。同一文件重复导入不会重复登记。`}
        </Text>
        <View className='actions'>
          <Button type='primary' fill='outline' className='park-template' loading={p.busy === 'template'} onClick={() => void p.template()}>
            下载模板
          </Button>
          <Button type='primary' className='park-pick' loading={p.busy === 'import'} disabled={p.busy !== null} onClick={() => void p.pickAndImport()}>
            选择表格并导入
          </Button>
        </View>
        {p.file && <Text className='muted park-file' style={{ display: 'block' }}>{`文件：${p.file}`}</Text>}
      </View>
      <ErrorMessage message={p.error} />
      {o?.ok === true && (
        <View className='card park-import-done'>
          <Text className='card-title'>导入完成</Text>
          <Text style={{ display: 'block' }}>{`企业：新登记 ${o.result.enterprises.created} 家，更新 ${o.result.enterprises.updated} 家，未变 ${o.result.enterprises.unchanged} 家`}</Text>
          <Text style={{ display: 'block' }}>{`党员：新增待认领 ${o.result.members.created} 人，更新 ${o.result.members.updated} 人，未变 ${o.result.members.unchanged} 人`}</Text>
          <Text className='muted' style={{ display: 'block' }}>导入的党员为“待认领”：本人在小程序亮身份、支部书记审核通过后自动对应。</Text>
        </View>
      )}
      {o?.ok === false && (
        <View className='card park-import-problems'>
          <Text className='card-title park-warning'>{o.message}</Text>
          {o.problems.map((x, i) => (
            <View key={i} className='park-problem'>
              <Text className='park-tag'>{x.row > 0 ? `「${x.sheet}」第 ${x.row} 行` : x.sheet ? `「${x.sheet}」` : '文件'}</Text>
              <Text>{`${x.column ? `${x.column}：` : ''}${x.message}`}</Text>
            </View>
          ))}
          {o.problemCount > o.problems.length && <Text className='muted'>{`只列出前 ${IMPORT_MAX_PROBLEMS} 处，共 ${o.problemCount} 处。`}</Text>}
        </View>
      )}
      {/* 复制链接 / 选择聊天文件 are privacy APIs: the consent popup shows here when WeChat asks. */}
      <PrivacyPopup />
    </View>
  )
}
