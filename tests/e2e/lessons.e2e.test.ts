import type { Page } from 'playwright-core'
import { BASE, loginAs, phone, sharedBrowser } from './support/browser'

const browserOf = sharedBrowser()

/** Moves the server's clock forward (the e2e server runs with DEV_CLOCK). */
async function advanceServerClock(sec: number) {
  const res = await fetch(`${BASE()}/api/v1/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSec: sec }) })
  expect(res.status).toBe(200)
}

const nextBeat = (page: Page) =>
  page.waitForResponse((r) => r.url().includes('/progress') && r.request().method() === 'POST' && r.status() === 200, { timeout: 20_000 })

/**
 * Heartbeats answered so far. Opening an article sends two — where the reader starts, and the end
 * coming into view — and both must have landed before the test moves the server's clock, or the
 * later one is credited with the time the test adds.
 */
function beatsAnswered(page: Page) {
  let answered = 0
  let waiting: { n: number; resolve: () => void }[] = []
  page.on('requestfinished', (r) => {
    if (!r.url().includes('/progress') || r.method() !== 'POST') return
    answered++
    for (const w of waiting) if (answered >= w.n) w.resolve()
    waiting = waiting.filter((w) => answered < w.n)
  })
  return {
    count: () => answered,
    /** Resolves once `n` beats in all have been answered. */
    until: (n: number) => (answered >= n ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ n, resolve }))),
  }
}

/** The page's own 返回课程列表 (Taro H5 leaves a tab page blank after the browser's back button). */
async function back(page: Page) {
  await page.locator('.lesson__back').click()
}

async function openLessonsTab(page: Page) {
  await page.locator('.weui-tabbar__label').getByText('微党课').click()
  await page.locator('.lesson-item').first().waitFor()
}

test('微党课: an article read to the end with time passing is 已完成 on 我的; a video resumes where I left', async () => {
  const { page, errors, context } = await phone(browserOf())
  await loginAs(page, '张明')
  const beats = beatsAnswered(page)
  await openLessonsTab(page)
  const title = '党史上的今天：党员的模范作用'
  const item = page.locator('.lesson-item').filter({ hasText: title })
  await expect(item.locator('.lesson-item__progress').innerText()).resolves.toBe('未学')

  // First visit: the page starts the server's clock and reports the end once it is in view.
  const atEnd = page.waitForResponse((r) => r.url().includes('/progress') && /"positionSec":6\d/.test(r.request().postData() ?? ''), { timeout: 20_000 })
  let opened = beats.count()
  await item.click()
  await page.getByText('— 全文完 —').waitFor()
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
  await atEnd
  await beats.until(opened + 2)
  await advanceServerClock(30)
  let beat = nextBeat(page)
  beat = nextBeat(page)
  await back(page) // leaving sends a last heartbeat
  await beat
  await openLessonsTab(page)

  // Second visit, another 30 s: 60 s of reading for a 1-minute article at its end.
  opened = beats.count()
  await item.click()
  await page.getByText('— 全文完 —').waitFor()
  await beats.until(opened + 2)
  await advanceServerClock(30)
  beat = nextBeat(page)
  await back(page)
  expect((await (await beat).json()).completed).toBe(true)

  await page.locator('.weui-tabbar__label').getByText('我的').click()
  const recent = page.locator('.study__recent').filter({ hasText: title })
  await recent.getByText('已完成').waitFor()
  await page.locator('.study__completed').getByText('1 课').waitFor()
  expect(await page.locator('.study__bar').count()).toBe(8)

  // The video: seek to 0:12, leave, and the list says 学到 0:12.
  await openLessonsTab(page)
  await page.locator('.lesson-item').filter({ hasText: '党员的义务（视频）' }).click()
  const video = page.locator('video')
  await video.waitFor({ state: 'attached' })
  await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 1, undefined, { timeout: 20_000 })
  await page.evaluate(() => {
    document.querySelector('video')!.currentTime = 12
  })
  // The player's own clock says 00:12 once Taro has passed the (throttled) time update on to the page;
  // the video element reaching 12 s alone is not enough: leaving before then reports nothing.
  await page.waitForFunction(() => document.querySelector('.taro-video-current-time')?.textContent === '00:12')
  beat = nextBeat(page)
  await back(page)
  await beat
  await openLessonsTab(page)
  await page.locator('.lesson-item').filter({ hasText: '党员的义务（视频）' }).getByText('学到 0:12').waitFor()

  expect(errors).toEqual([])
  await context.close()
})
