import { sql } from 'drizzle-orm'
import { rowsOf } from '../../server/src/db/client'
import { ManualClock, auth, demoOrgs, expectError, startTestApp, tokenBook, type TestApp } from './helpers'

const clock = new ManualClock(new Date('2026-11-23T02:00:00Z').getTime()) // Monday 10:00 in China
let t: TestApp
let xinghuo: string
let chuangye: string
let committee: string
const { tok, login } = tokenBook(() => t)

beforeAll(async () => {
  t = await startTestApp({ env: { SEED: 'demo', TOKEN_TTL_HOURS: '2160' }, clock })
  ;({ committee, xinghuo, chuangye } = await demoOrgs(t))
  await login('demo-secretary', 'demo-member', 'demo-member-2', 'demo-admin', 'demo-guest', 'chuangye-member')
  // A member of the other branch, to prove who sees a branch's own lessons.
  const [{ id }] = rowsOf<{ id: string }>(await t.database.db.execute(sql`SELECT id FROM users WHERE openid = 'chuangye-member'`))
  await t.database.db.execute(sql`INSERT INTO members (user_id, branch_id, real_name, member_type, joined_at) VALUES (${id}, ${chuangye}, '何云', 'full', '2012-07-01')`)
})
afterAll(() => t.close())

type Method = 'GET' | 'POST' | 'PUT'
const call = (who: string | null, method: Method, url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: who ? auth(tok[who]) : {} })
const list = async (who: string, query = '') => (await call(who, 'GET', `/api/v1/lessons${query}`)).json()
const beat = (who: string, id: string, positionSec: number) => call(who, 'POST', `/api/v1/lessons/${id}/progress`, { positionSec })
const lessonId = async (title: string) => (await list('demo-admin', `?q=${encodeURIComponent(title)}`)).items[0].id as string

describe('the list', () => {
  test('the demo holds at least 8 published lessons in at least 3 categories, newest first, with my progress', async () => {
    const res = await list('demo-member', '?limit=50')
    expect(res.items.length).toBeGreaterThanOrEqual(8)
    expect(new Set(res.items.map((i: { category: string }) => i.category)).size).toBeGreaterThanOrEqual(3)
    const kinds = new Set(res.items.map((i: { kind: string }) => i.kind))
    expect([...kinds].sort()).toEqual(['article', 'audio', 'video'])
    const times = res.items.map((i: { publishedAt: string }) => Date.parse(i.publishedAt))
    expect(times).toEqual([...times].sort((a, b) => b - a))
    expect(res.items[0]).toMatchObject({ myProgress: null, coverUrl: expect.stringMatching(/^\/media\/lessons\/cover-\d\.png$/) })
    const cats = (await call('demo-member', 'GET', '/api/v1/lessons/categories')).json()
    expect(cats.items.slice(0, 4).map((c: { name: string }) => c.name)).toEqual(['理论学习', '党史学习', '党章党规', '业务融合'])
  })

  test('cursor pages cover every lesson once', async () => {
    const all = (await list('demo-member', '?limit=50')).items.map((i: { id: string }) => i.id)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await list('demo-member', `?limit=4${cursor ? `&cursor=${cursor}` : ''}`)
      expect(page.items.length).toBeLessThanOrEqual(4)
      seen.push(...page.items.map((i) => i.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(all)
    expectError(await call('demo-member', 'GET', '/api/v1/lessons?cursor=garbage'), 400, 'VALIDATION_FAILED')
  })

  test('category and search by title or lecturer', async () => {
    const hist = await list('demo-member', `?category=${encodeURIComponent('党史学习')}`)
    expect(hist.items.length).toBeGreaterThan(0)
    expect(hist.items.every((i: { category: string }) => i.category === '党史学习')).toBe(true)
    expect((await list('demo-member', `?q=${encodeURIComponent('红船')}`)).items.map((i: { title: string }) => i.title)).toEqual(['从南湖红船说起'])
    const byLecturer = await list('demo-member', `?q=${encodeURIComponent('宣传委员')}`)
    expect(byLecturer.items.map((i: { kind: string }) => i.kind)).toEqual(['video'])
    expect((await list('demo-member', `?q=${encodeURIComponent('%')}`)).items).toEqual([]) // a literal %, not a wildcard
  })

  test('guests study the committee’s lessons too', async () => {
    expect((await list('demo-guest')).items.length).toBeGreaterThan(0)
  })
})

describe('heartbeats credit real time only', () => {
  let video: string
  beforeAll(async () => {
    video = await lessonId('党员的义务（视频）')
  })

  test('bad positions are refused and change nothing', async () => {
    const before = await t.count('lesson_progress')
    expectError(await beat('demo-member', video, -1), 400, 'VALIDATION_FAILED')
    expectError(await beat('demo-member', video, 1e9), 400, 'VALIDATION_FAILED')
    expectError(await beat('demo-member', video, 45), 400, 'VALIDATION_FAILED') // the video is 41 s long
    expectError(await call('demo-member', 'POST', `/api/v1/lessons/${video}/progress`, { positionSec: '10' }), 400, 'VALIDATION_FAILED')
    expectError(await beat('demo-member', '00000000-0000-4000-8000-000000000000', 1), 404, 'NOT_FOUND')
    expect(await t.count('lesson_progress')).toBe(before)
  })

  test('a script sending 100 heartbeats within one second is credited about one second', async () => {
    await login('scripter')
    await beat('scripter', video, 0)
    const results = []
    for (let i = 1; i <= 100; i++) {
      clock.advance(10) // 100 × 10 ms = 1 s of real time
      results.push((await beat('scripter', video, Math.min(40, i * 0.4))).json())
    }
    expect(results.at(-1).creditedSec).toBeLessThanOrEqual(1)
    // Fired all at once, the locked row applies them one by one: no more than the clock moved.
    const burst = await Promise.all(Array.from({ length: 100 }, (_, i) => beat('scripter', video, 40 - i * 0.01)))
    expect(burst.every((r) => r.statusCode === 200)).toBe(true)
    expect(Math.max(...burst.map((r) => r.json().creditedSec))).toBeLessThanOrEqual(1)
  })

  test('playing at 1×: each 15-second beat credits 15 s; a long gap credits at most 30 s', async () => {
    await login('player')
    await beat('player', video, 0)
    clock.advance(15_000)
    expect((await beat('player', video, 15)).json()).toMatchObject({ creditedSec: 15, completed: false, positionSec: 15 })
    clock.advance(10 * 60_000) // ten minutes away, then the player reports only 5 s further
    expect((await beat('player', video, 20)).json().creditedSec).toBe(20) // at most the distance moved
  })

  test('seeking backwards or jumping ahead credits nothing; the length caps the total; 90 % completes', async () => {
    await login('seeker')
    await beat('seeker', video, 0)
    clock.advance(15_000)
    expect((await beat('seeker', video, 15)).json().creditedSec).toBe(15)
    clock.advance(15_000)
    expect((await beat('seeker', video, 2)).json()).toMatchObject({ creditedSec: 15, positionSec: 2 }) // back to the start
    clock.advance(5_000)
    expect((await beat('seeker', video, 38)).json().creditedSec).toBe(15) // a jump of 36 s in 5 s
    clock.advance(3_000)
    expect((await beat('seeker', video, 41)).json()).toMatchObject({ creditedSec: 18, completed: false })
    // Watch again from the start until the credit passes 90 % of 41 s (36.9 s).
    await beat('seeker', video, 0)
    let last = { creditedSec: 0, completed: false }
    for (let pos = 15; pos <= 41 && !last.completed; pos += 15) {
      clock.advance(15_000)
      last = (await beat('seeker', video, Math.min(pos, 41))).json()
    }
    expect(last.completed).toBe(true)
    expect(last.creditedSec).toBeGreaterThanOrEqual(37)
    for (let i = 0; i < 5; i++) {
      clock.advance(30_000)
      last = (await beat('seeker', video, 41)).json()
    }
    expect(last.creditedSec).toBeLessThanOrEqual(41)
  })

  test('an article completes when read to the end and 60 % of its reading time is credited', async () => {
    await login('reader')
    const id = await lessonId('三会一课')
    const lesson = (await call('reader', 'GET', `/api/v1/lessons/${id}`)).json()
    const length = lesson.durationSec
    expect(length).toBeGreaterThanOrEqual(60)
    await beat('reader', id, 0)
    // Straight to the end: not read.
    clock.advance(2_000)
    expect((await beat('reader', id, length)).json()).toMatchObject({ completed: false })
    // Staying on the page (the position need not move while reading a paragraph).
    let r = { creditedSec: 0, completed: false }
    while (!r.completed) {
      clock.advance(15_000)
      r = (await beat('reader', id, length)).json()
      if (r.creditedSec > length) throw new Error('credited past the length')
    }
    expect(r.creditedSec).toBeGreaterThanOrEqual(Math.ceil(length * 0.6))
    expect(r.creditedSec).toBeLessThan(Math.ceil(length * 0.6) + 16)
    const again = (await call('reader', 'GET', `/api/v1/lessons/${id}`)).json()
    expect(again.myProgress).toMatchObject({ completed: true })
  })

  test('the list and the summary show it; the 8-week chart holds this week', async () => {
    // One person watches the video to the end, another stops at 20 s.
    await login('finisher', 'pauser')
    await beat('finisher', video, 0)
    for (let pos = 15, done = false; !done; pos += 15) {
      clock.advance(15_000)
      done = (await beat('finisher', video, Math.min(pos, 41))).json().completed
      if (pos > 60) throw new Error('the video never completed')
    }
    await beat('pauser', video, 0)
    clock.advance(15_000)
    await beat('pauser', video, 15)
    clock.advance(5_000)
    expect((await beat('pauser', video, 20)).json()).toMatchObject({ positionSec: 20, completed: false })

    const items = (await list('finisher', '?limit=50')).items
    expect(items.find((i: { id: string }) => i.id === video).myProgress).toMatchObject({ completed: true })
    const s = (await call('finisher', 'GET', '/api/v1/me/study')).json()
    expect(s.completedCount).toBe(1)
    expect(s.totalSec).toBeGreaterThanOrEqual(37)
    expect(s.thisMonthSec).toBe(s.totalSec)
    expect(s.weeks).toHaveLength(8)
    expect(s.weeks[7]).toEqual({ weekStart: '2026-11-23', sec: s.totalSec })
    expect(s.weeks[0].weekStart).toBe('2026-10-05')
    const p = (await call('pauser', 'GET', '/api/v1/me/study')).json()
    expect(p.continueLesson).toMatchObject({ id: video, positionSec: 20 })
    // 最近学习 carries the time credited, which is what an article's label shows (progressLabel).
    expect(p.recent[0]).toMatchObject({ id: video, positionSec: 20, creditedSec: 20, completed: false })
    expect((await call('demo-guest', 'GET', '/api/v1/me/study')).json()).toMatchObject({ totalSec: 0, completedCount: 0, continueLesson: null })
  })
})

describe('publishing', () => {
  const article = (patch: object = {}) => ({
    orgId: xinghuo,
    title: '车间里的党课',
    category: '业务融合',
    kind: 'article',
    lecturer: '王建国',
    bodyHtml: '<p>安全生产就是最好的党性锻炼。</p>'.repeat(40),
    ...patch,
  })

  test('a secretary drafts for their branch; members see it only once published, members of other branches never', async () => {
    const res = await call('demo-secretary', 'POST', '/api/v1/lessons', article())
    expect(res.statusCode).toBe(201)
    const { id } = res.json()
    expect(res.json().published).toBe(false)
    const ids = async (who: string) => (await list(who, '?limit=50')).items.map((i: { id: string }) => i.id)
    expect(await ids('demo-member')).not.toContain(id)
    expectError(await call('demo-member', 'GET', `/api/v1/lessons/${id}`), 404, 'NOT_FOUND')
    expectError(await beat('demo-member', id, 1), 404, 'NOT_FOUND') // progress for an unpublished lesson
    expect((await list('demo-secretary', '?scope=manage')).items.map((i: { id: string }) => i.id)).toContain(id)

    expect((await call('demo-secretary', 'POST', `/api/v1/lessons/${id}/publish`)).json()).toEqual({ id, published: true })
    expect(await ids('demo-member')).toContain(id)
    expect(await ids('chuangye-member')).not.toContain(id)
    expectError(await beat('chuangye-member', id, 1), 404, 'NOT_FOUND') // out of scope
    const l = (await call('demo-member', 'GET', `/api/v1/lessons/${id}`)).json()
    expect(l).toMatchObject({ kind: 'article', canEdit: false, durationSec: Math.ceil((14 * 40) / 300 * 60) })

    await call('demo-secretary', 'POST', `/api/v1/lessons/${id}/unpublish`)
    expect(await ids('demo-member')).not.toContain(id)
  })

  test('the manage list pages by creation time, drafts included', async () => {
    const drafts: string[] = []
    for (const n of [1, 2, 3]) {
      clock.advance(1000)
      const res = await call('demo-admin', 'POST', '/api/v1/lessons', article({ orgId: committee, title: `草稿 ${n}` }))
      expect(res.statusCode).toBe(201)
      drafts.push(res.json().id)
    }
    // Published later than created: the manage list still orders (and pages) by creation.
    clock.advance(60_000)
    await call('demo-admin', 'POST', `/api/v1/lessons/${drafts[1]}/publish`)
    const all = (await list('demo-admin', '?scope=manage&limit=50')).items.map((i: { id: string }) => i.id)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await list('demo-admin', `?scope=manage&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      seen.push(...page.items.map((i) => i.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(all)
    expect(all.length).toBeGreaterThanOrEqual(12)
  })

  test('outside one’s scope: 403 to create, 404 to edit; nothing written', async () => {
    const before = await t.count('lessons')
    expectError(await call('demo-secretary', 'POST', '/api/v1/lessons', article({ orgId: committee })), 403, 'FORBIDDEN')
    expectError(await call('demo-secretary', 'POST', '/api/v1/lessons', article({ orgId: chuangye })), 403, 'FORBIDDEN')
    expectError(await call('demo-member', 'POST', '/api/v1/lessons', article()), 403, 'FORBIDDEN')
    expectError(await call('demo-secretary', 'POST', '/api/v1/lessons', article({ kind: 'video' })), 400, 'VALIDATION_FAILED')
    expectError(await call('demo-secretary', 'POST', '/api/v1/lessons', article({ coverUrl: 'javascript:alert(1)' })), 400, 'VALIDATION_FAILED')
    expectError(await call('demo-secretary', 'POST', '/api/v1/lessons', article({ bodyHtml: '<script>alert(1)</script>' })), 400, 'VALIDATION_FAILED')
    expect(await t.count('lessons')).toBe(before)
    const committeeLesson = await lessonId('从南湖红船说起')
    expectError(await call('demo-secretary', 'PUT', `/api/v1/lessons/${committeeLesson}`, article({ orgId: committee })), 404, 'NOT_FOUND')
    expectError(await call('demo-secretary', 'POST', `/api/v1/lessons/${committeeLesson}/unpublish`), 404, 'NOT_FOUND')
    expect((await call('demo-member', 'GET', `/api/v1/lessons/${committeeLesson}`)).statusCode).toBe(200)
  })

  test('article HTML is stripped of scripts, event handlers and javascript: URLs', async () => {
    const attacks = [
      '<script>alert(document.cookie)</script>',
      '<img src=x onerror=alert(1)>',
      '<a href="javascript:alert(1)">点我</a>',
      '<a href="JaVaScRiPt:alert(1)">再点</a>',
      '<a href="&#106;avascript:alert(1)">编码</a>',
      '<svg onload=alert(1)><circle r=1 /></svg>',
      '<iframe src="https://evil.example/"></iframe>',
      '<p style="background:url(javascript:alert(1))" onclick="alert(1)">正文保留</p>',
      '<img src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
      '<form action="https://evil.example"><input name=x></form>',
      '<body onload=alert(1)>',
      '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    ]
    const res = await call('demo-admin', 'POST', '/api/v1/lessons', {
      orgId: committee,
      title: '清洗测试',
      category: '理论学习',
      kind: 'article',
      bodyHtml: `<h3>标题</h3>${attacks.join('')}<p><a href="https://www.12371.cn/">共产党员网</a></p>`,
      publish: true,
    })
    expect(res.statusCode).toBe(201)
    const l = (await call('demo-member', 'GET', `/api/v1/lessons/${res.json().id}`)).json()
    const html: string = l.bodyHtml
    for (const bad of [/<script/i, /onerror/i, /onload/i, /onclick/i, /javascript:/i, /<iframe/i, /<svg/i, /<form/i, /<input/i, /data:text/i, /style=/i, /alert/i]) {
      expect(html).not.toMatch(bad)
    }
    expect(html).toContain('<h3>标题</h3>')
    expect(html).toContain('正文保留')
    expect(html).toContain('<a href="https://www.12371.cn/">共产党员网</a>')
  })
})

test('lesson media is served with range requests', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/media/lessons/video-duties.mp4', headers: { range: 'bytes=0-99' } })
  expect(res.statusCode).toBe(206)
  expect(res.headers['content-type']).toBe('video/mp4')
  expect(res.rawPayload.length).toBe(100)
  expect((await t.app.inject({ method: 'GET', url: '/media/lessons/../../src/app.ts' })).statusCode).toBe(404)
})

test('the test-only clock route exists only with DEV_CLOCK, and only moves forward', async () => {
  expect((await t.app.inject({ method: 'POST', url: '/api/v1/dev/clock', payload: { advanceSec: 60 } })).statusCode).toBe(404)
  // A second app on this file's database: no new database to load or seed.
  const dev = await startTestApp({ database: t.database, env: { DEV_CLOCK: 'true' }, clock: new ManualClock(Date.parse('2026-11-23T02:00:00Z')) })
  try {
    const res = await dev.app.inject({ method: 'POST', url: '/api/v1/dev/clock', payload: { advanceSec: 60 } })
    expect(res.json()).toEqual({ now: '2026-11-23T02:01:00.000Z' })
    expectError(await dev.app.inject({ method: 'POST', url: '/api/v1/dev/clock', payload: { advanceSec: -60 } }), 400, 'VALIDATION_FAILED')
  } finally {
    await dev.close()
  }
})
