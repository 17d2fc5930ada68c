import { beforeEach, describe, expect, it, vi } from 'vitest'
import { emit } from '@tauri-apps/api/event'
import { i18n } from '@/locales'
import { appError, installBackend, SYNC_STATUS, type Handler } from '@/test/backend'
import { chartOf, resetCharts } from '@/test/echartsFake'
import { FIGURES_ALL, figuresFor } from '@/test/fixtures/province'
import { allByTestId, byTestId, mountWithApp, settle, waitFor } from '@/test/mount'
import { useSyncStore } from '@/store/sync'
import { choose } from '../fairs/specHelpers'
import ProvinceView from './ProvinceView.vue'

vi.mock('@/views/statistics/echarts', () => import('@/test/echartsFake'))

const text = (testId: string) => byTestId(testId)?.textContent?.replace(/\s+/g, ' ').trim()

async function mountProvince(overrides: Record<string, Handler> = {}) {
  const backend = installBackend({ province_figures: figuresFor, ...overrides })
  const mounted = await mountWithApp(ProvinceView, {}, '/province')
  await settle()
  return { backend, ...mounted }
}

/** The rows of a chart's data table: category, then figures. */
async function tableOf(chart: string): Promise<string[][]> {
  byTestId(`stats-chart-${chart}-table-toggle`)!.click()
  await settle()
  return allByTestId(`stats-chart-${chart}-row`).map((row) =>
    Array.from(row.querySelectorAll('th, td'), (cell) => cell.textContent!.trim()),
  )
}

describe('ProvinceView', { timeout: 30000 }, () => {
  beforeEach(() => resetCharts())

  it("shows the latest cohort's figures of the province, read-only, with when they were read", async () => {
    await mountProvince()

    expect(text('province-cohort')).toContain('2025 届')
    expect(text('province-readonly')).toBe('省级只读')
    expect(text('province-kpi-colleges-value')).toBe('12 所')
    expect(text('province-kpi-graduates-value')).toBe('294 人')
    expect(text('province-kpi-employment-value')).toBe('83.0%（244 / 294）')
    expect(text('province-fetched-at')).toMatch(/^数据获取于 \d{4}-\d\d-\d\d \d\d:\d\d（\d{4}-\d\d-\d\d）$/)
    expect(text('province-server')).toBe('来源：https://sync.hrss.gd.example')
    expect(text('province-code-lists')).toBe('去向代码表 2021 版')
    expect(byTestId('province-problem')).toBeNull()

    // Every chart is drawn, titled in words.
    for (const id of ['top', 'bottom', 'mix', 'cohorts', 'fields', 'research', 'fairs', 'agreements']) {
      expect(chartOf(`province-${id}`), id).toBeDefined()
    }
    expect(text('stats-chart-province-top-title')).toBe('就业率最高的 10 所学校（2025 届）')
    expect((await tableOf('province-bottom'))[0]).toEqual(['东莞市高级技工学校', '50.0%（5 / 10）'])
    expect(await tableOf('province-fairs')).toContainEqual(['签约', '29'])
  })

  it('lists every college in a table that a search narrows, reached with Ctrl+K', async () => {
    await mountProvince()

    expect(allByTestId('province-college-row')).toHaveLength(12)
    expect(text('province-college-count')).toBe('12 / 12 所')

    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, bubbles: true }))
    // el-input puts the test id on the <input> itself.
    const search = byTestId<HTMLInputElement>('province-college-search')!
    expect(search.tagName).toBe('INPUT')
    expect(document.activeElement).toBe(search)
    search.value = '东莞'
    search.dispatchEvent(new Event('input'))
    await settle()

    const names = allByTestId('province-college-name').map((n) => n.textContent?.trim())
    expect(names).toEqual(['东莞市技师学院', '东莞市高级技工学校'])
    expect(allByTestId('province-college-employment').map((n) => n.textContent?.trim())).toEqual([
      '85.0%（51 / 60）',
      '50.0%（5 / 10）',
    ])
    expect(text('province-college-count')).toBe('2 / 12 所')
  })

  it('reads another cohort, every cohort, and again on refresh', async () => {
    const { backend } = await mountProvince()

    await choose('province-cohort', '全部届别')
    expect(backend.argsOf('province_figures').at(-1)).toEqual({ cohort: null })
    expect(text('province-kpi-graduates-value')).toBe(`${FIGURES_ALL.graduates} 人`)
    expect(text('stats-chart-province-top-title')).toBe('就业率最高的 10 所学校（全部届别）')

    const before = backend.argsOf('province_figures').length
    byTestId('province-refresh')!.click()
    await settle()
    expect(backend.argsOf('province_figures')).toHaveLength(before + 1)
    expect(backend.argsOf('province_figures').at(-1)).toEqual({ cohort: null })
  })

  it('keeps the figures read when the server goes out of reach, says so, and reads again once back', async () => {
    let reachable = true
    const { backend } = await mountProvince({
      province_figures: (args) => {
        if (!reachable) throw appError([], 'sync.unreachable')
        return figuresFor(args)
      },
    })
    const sync = useSyncStore()
    await sync.start()

    reachable = false
    byTestId('province-refresh')!.click()
    await settle()

    expect(byTestId('province-problem')!.getAttribute('data-kind')).toBe('offline')
    expect(text('province-problem')).toMatch(/^连不上服务器，下面是 \d{4}-\d\d-\d\d \d\d:\d\d 获取的数据/)
    expect(text('province-kpi-employment-value')).toBe('83.0%（244 / 294）')

    // The background sync reaches the server again: the figures are read by themselves.
    reachable = true
    const reads = backend.argsOf('province_figures').length
    await emit('sync-status', { ...SYNC_STATUS, activity: 'offline', role: 'province', has_token: true, server: 'x' })
    await settle()
    await emit('sync-status', { ...SYNC_STATUS, activity: 'idle', role: 'province', has_token: true, server: 'x' })
    await settle()
    expect(backend.argsOf('province_figures').length).toBe(reads + 1)
    expect(byTestId('province-problem')).toBeNull()
  })

  it('says what to do when nothing could be read: offline, or a token refused', async () => {
    await mountProvince({
      province_figures: () => {
        throw appError([], 'sync.unreachable')
      },
    })
    expect(text('province-problem')).toContain('连不上服务器，还没有获取到全省数据')
    expect(byTestId('province-empty')).not.toBeNull()
    expect(byTestId('province-kpi-employment')).toBeNull()
  })

  it('sends the person to the settings when the token is refused', async () => {
    const { router } = await mountProvince({
      province_figures: () => {
        throw appError([], 'sync.token_refused')
      },
    })
    expect(byTestId('province-problem')!.getAttribute('data-kind')).toBe('error')
    expect(text('province-problem')).toContain('无法获取全省数据：服务器拒绝了这个令牌')
    const push = vi.spyOn(router, 'push')
    byTestId('province-open-settings')!.click()
    expect(push).toHaveBeenCalledWith('/settings')
  })

  it('speaks English throughout', async () => {
    i18n.global.locale.value = 'en-US'
    await mountProvince()
    await waitFor(() => text('province-kpi-colleges-value') === '12 colleges')

    // No Chinese but the colleges' names (the toolbar, the cards, the charts' titles and notes).
    const chrome = [
      document.querySelector('.toolbar')!.textContent,
      document.querySelector('.meta')!.textContent,
      document.querySelector('.kpis')!.textContent,
      ...allByTestId('stats-chart-province-fields').map((c) => c.textContent),
      ...document.querySelectorAll('.chart-heading'),
    ]
      .map((x) => (typeof x === 'string' ? x : (x as Element | null)?.textContent ?? ''))
      .join(' ')
    expect(chrome).not.toMatch(/[\u4e00-\u9fff]/)
    expect(text('stats-chart-province-top-title')).toBe('The 10 colleges with the highest employment rate (Class of 2025)')
    expect(text('province-kpi-employment-value')).toBe('83.0% (244 / 294)')
  })
})
