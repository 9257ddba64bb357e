import { useCallback, useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import type { Org } from '@/domain/orgs'
import { BRANCH_KIND_LABELS, ORG_TYPE_LABELS } from '@/domain/enums'
import StateView from '@/components/StateView'
import ErrorMessage from '@/components/ErrorMessage'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { searchOrgs } from '@/services/orgs'
import { errorText } from '@/services/request'
import './index.scss'

const DEBOUNCE_MS = 300
const PAGE_SIZE = 20

interface Results {
  q: string
  items: Org[]
  nextCursor: string | null
}

function messageOf(err: unknown): string {
  return errorText(err, '查询失败，请稍后再试')
}

export default function OrgSearchPage() {
  const signedIn = useRequireLogin()
  const [input, setInput] = useState('')
  const [query, setQuery] = useState('')
  const [results, setResults] = useState<Results | null>(null)
  const [loading, setLoading] = useState(false)
  const [loadingMore, setLoadingMore] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [moreError, setMoreError] = useState<string | null>(null)
  // Answers can come back out of order while typing: only the latest search may write.
  const seq = useRef(0)

  // Debounce: search once the user pauses typing.
  useEffect(() => {
    const t = setTimeout(() => setQuery(input.trim()), DEBOUNCE_MS)
    return () => clearTimeout(t)
  }, [input])

  const search = useCallback((q: string) => {
    const id = ++seq.current
    setLoading(true)
    setError(null)
    setMoreError(null)
    searchOrgs({ q, limit: PAGE_SIZE }).then(
      (page) => {
        if (id !== seq.current) return
        setResults({ q, items: page.items, nextCursor: page.nextCursor })
        setLoading(false)
      },
      (err: unknown) => {
        if (id !== seq.current) return
        setError(messageOf(err))
        setLoading(false)
      },
    )
  }, [])

  useEffect(() => {
    if (signedIn) search(query)
  }, [signedIn, query, search])

  function loadMore() {
    if (!results?.nextCursor || loadingMore) return
    const id = seq.current
    setLoadingMore(true)
    setMoreError(null)
    searchOrgs({ q: results.q, limit: PAGE_SIZE, cursor: results.nextCursor }).then(
      (page) => {
        setLoadingMore(false)
        if (id !== seq.current) return
        setResults((prev) => prev && { ...prev, items: [...prev.items, ...page.items], nextCursor: page.nextCursor })
      },
      (err: unknown) => {
        setLoadingMore(false)
        if (id === seq.current) setMoreError(messageOf(err))
      },
    )
  }

  let body
  if (!signedIn) body = <StateView kind='loading' text='正在前往登录…' />
  else if (error) body = <StateView kind='error' message={error} onRetry={() => search(query)} />
  else if (!results || (loading && results.q !== query)) body = <StateView kind='loading' />
  else if (results.items.length === 0) {
    body = <StateView kind='empty' message={results.q ? `没有找到名称包含“${results.q}”的组织` : '你的查询范围内还没有组织'} />
  } else {
    body = (
      <View className='org-search__list'>
        {results.items.map((org) => (
          <View key={org.id} className='card org-search__item'>
            <Text className='org-search__name'>{org.name}</Text>
            <View className='org-search__meta'>
              <Text className='badge'>{org.branchKind ? BRANCH_KIND_LABELS[org.branchKind] : ORG_TYPE_LABELS[org.type]}</Text>
              {org.parentName && <Text className='muted org-search__parent'>{`上级：${org.parentName}`}</Text>}
            </View>
          </View>
        ))}
        <ErrorMessage message={moreError} />
        {results.nextCursor ? (
          <Button type='primary' fill='outline' block size='large' className='org-search__more' loading={loadingMore} disabled={loadingMore} onClick={loadMore}>
            {loadingMore ? '加载中…' : '加载更多'}
          </Button>
        ) : (
          <Text className='muted org-search__end'>{`共 ${results.items.length} 个组织`}</Text>
        )}
      </View>
    )
  }

  return (
    <View className='page org-search'>
      <View className='org-search__bar'>
        <Input
          className='org-search__input'
          value={input}
          placeholder='输入组织名称查找'
          maxLength={50}
          confirmType='search'
          onChange={(v) => setInput(v)}
          onConfirm={() => {
            // Enter searches right away instead of waiting for the debounce.
            const q = input.trim()
            if (q === query) search(q)
            else setQuery(q)
          }}
        />
      </View>
      {body}
    </View>
  )
}
