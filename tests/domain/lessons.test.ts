import {
  LessonBodySchema,
  MAX_CREDIT_PER_BEAT_SEC,
  applyHeartbeat,
  articleSeconds,
  clock,
  progressLabel,
  type LessonKind,
  type ProgressState,
} from '../../src/domain/lessons'

const start: ProgressState = { positionSec: 0, creditedSec: 0, lastBeatAt: null, completed: false }
const media = (durationSec = 600): { kind: LessonKind; durationSec: number } => ({ kind: 'video', durationSec })

/** Feeds beats `[secondsSinceStart, position]` and returns the final state. */
function run(beats: [number, number][], lesson = media()) {
  let s = start
  for (const [at, pos] of beats) s = applyHeartbeat(s, { positionSec: pos, nowMs: at * 1000 }, lesson)
  return s
}

describe('applyHeartbeat', () => {
  test('the first beat only starts the clock', () => {
    expect(run([[0, 100]])).toMatchObject({ creditedSec: 0, positionSec: 100 })
  })
  test('1× playback is credited in full', () => {
    expect(run([[0, 0], [15, 15], [30, 30], [45, 45]]).creditedSec).toBe(45)
  })
  test('2× playback is credited the real time, not the content time', () => {
    expect(run([[0, 0], [15, 30], [30, 60]]).creditedSec).toBe(30)
  })
  test(`a long gap credits at most ${MAX_CREDIT_PER_BEAT_SEC} s`, () => {
    expect(run([[0, 0], [600, 50]]).creditedSec).toBe(MAX_CREDIT_PER_BEAT_SEC)
  })
  test('paused, seeking back, or jumping ahead credits nothing', () => {
    expect(run([[0, 10], [15, 10]]).creditedSec).toBe(0)
    expect(run([[0, 100], [15, 20]]).creditedSec).toBe(0)
    expect(run([[0, 0], [15, 300]]).creditedSec).toBe(0)
  })
  test('a clock that goes backwards credits nothing', () => {
    expect(run([[100, 0], [50, 10]]).creditedSec).toBe(0)
  })
  test('never more than the length', () => {
    const beats: [number, number][] = [[0, 0]]
    for (let i = 1; i <= 10; i++) beats.push([i * 15, Math.min(60, i * 15)])
    expect(run(beats, media(60)).creditedSec).toBe(60)
  })
  test('media completes at 90 % credited', () => {
    expect(run([[0, 0], [30, 30], [60, 60], [89, 89]], media(100)).completed).toBe(false)
    expect(run([[0, 0], [30, 30], [60, 60], [90, 90]], media(100)).completed).toBe(true)
  })
  test('an article needs the end and 60 % of its reading time', () => {
    const a = { kind: 'article' as const, durationSec: 100 }
    expect(run([[0, 0], [2, 100]], a).completed).toBe(false) // skimmed to the end
    expect(run([[0, 0], [30, 20], [59, 50]], a).completed).toBe(false) // long enough, not at the end
    expect(run([[0, 0], [30, 40], [60, 100]], a).completed).toBe(true)
  })
  test('completion is kept', () => {
    const done = run([[0, 0], [30, 30], [60, 60], [90, 90]], media(100))
    expect(applyHeartbeat(done, { positionSec: 0, nowMs: 200_000 }, media(100)).completed).toBe(true)
  })
})

describe('labels', () => {
  test('reading time from text length, at least a minute', () => {
    expect(articleSeconds(10)).toBe(60)
    expect(articleSeconds(900)).toBe(180)
  })
  test('progress words', () => {
    expect(progressLabel(null)).toBe('未学')
    expect(progressLabel({ positionSec: 0, completed: false, creditedSec: 0 })).toBe('未学')
    expect(progressLabel({ positionSec: 754, completed: false, creditedSec: 700 })).toBe('学到 12:34')
    expect(progressLabel({ positionSec: 754, completed: true, creditedSec: 754 })).toBe('已完成')
    // An article: the time read as the server counted it, never the position on screen.
    expect(progressLabel({ positionSec: 60, completed: false, creditedSec: 1 }, 'article')).toBe('已读 0:01')
    expect(progressLabel({ positionSec: 60, completed: false, creditedSec: 0 }, 'article')).toBe('未学')
    expect(progressLabel({ positionSec: 60, completed: false, creditedSec: 1 }, 'video')).toBe('学到 1:00')
    expect(clock(3754)).toBe('1:02:34')
  })
})

describe('media addresses', () => {
  const body = (mediaUrl: string) => ({ orgId: '0b6a7c1e-8f57-4c2a-9d1e-3f4a5b6c7d8e', title: '党课', category: '党史学习', kind: 'video', durationSec: 600, mediaUrl })
  test('https or this server’s /media/ files: what a phone can load', () => {
    expect(LessonBodySchema.safeParse(body('https://cdn.example.com/a.mp4')).success).toBe(true)
    expect(LessonBodySchema.safeParse(body('/media/a.mp4')).success).toBe(true)
  })
  test('plain http and bare hosts are refused with a Chinese reason', () => {
    for (const url of ['http://cdn.example.com/a.mp4', 'https://', 'ftp://x/a.mp4']) {
      const r = LessonBodySchema.safeParse(body(url))
      expect(r.success).toBe(false)
      expect(r.error?.issues[0].message).toContain('https://')
    }
  })
})
