import { beforeEach, describe, expect, it, vi } from 'vitest'
import { charts, PNG_URL, resetCharts } from '@/test/echartsFake'
import { i18n } from '@/locales'
import { appError, installBackend } from '@/test/backend'
import { REPORT } from '@/test/fixtures/stats'
import { allByTestId, byTestId, mountWithApp, settle } from '@/test/mount'
import { byProgramChart, distributionChart, fairFunnelChart, type ChartModel, type Translate } from './chartData'
import StatChart from './StatChart.vue'

vi.mock('./echarts', () => import('@/test/echartsFake'))
// The title band is drawn on a canvas, which jsdom lacks: the picture goes out as ECharts made it.
vi.mock('./chartImage', () => ({ withTitle: vi.fn(async (url: string) => url) }))

const t: Translate = (key, params) => i18n.global.t(key, params ?? {})
const TITLE = '各专业就业率（2024 届）'
const SAVED = { path: '/home/me/Downloads/校企通-各专业就业率（2024 届）.png', name: '校企通-各专业就业率（2024 届）.png', rows: 0 }

async function mountChart(model: ChartModel | null, id = 'by-program', title = TITLE) {
  return mountWithApp(StatChart, { props: { id, title, model } })
}

/** Presses a key on an element as a keyboard does; false when the page took the key (preventDefault). */
function press(el: Element, key: string, repeat = false): boolean {
  return el.dispatchEvent(new KeyboardEvent('keydown', { key, repeat, bubbles: true, cancelable: true }))
}

/** Each row of a chart's data table as its cells' texts. */
function tableRows(id: string): string[][] {
  return allByTestId(`stats-chart-${id}-row`).map((row) =>
    Array.from(row.querySelectorAll('th, td'), (cell) => cell.textContent!.trim()),
  )
}

describe('StatChart', { timeout: 20000 }, () => {
  beforeEach(() => {
    resetCharts()
  })

  it('draws the chart it is given, under its title, and reports the data index clicked', async () => {
    installBackend()
    const model = byProgramChart(REPORT, t)
    const { wrapper } = await mountChart(model)

    expect(byTestId('stats-chart-by-program-title')!.textContent).toBe(TITLE)
    expect(charts).toHaveLength(1)
    expect(charts[0].setOption).toHaveBeenCalledWith(model.option, { notMerge: true })
    expect(byTestId('stats-chart-by-program-empty')).toBeNull()

    charts[0].handlers.click!({ dataIndex: 1 })
    expect(wrapper.emitted('select')).toEqual([[1]])
    expect(charts[0].dispatchAction).toHaveBeenCalledWith({ type: 'hideTip' })
    wrapper.unmount()
    expect(charts[0].dispose).toHaveBeenCalled()
  })

  it('opens the chart\'s figures as a table from a button under it, collapsed at first', async () => {
    installBackend()
    const model = distributionChart(REPORT, 'region', null, t)
    await mountChart(model, 'region', '就业地区分布（2024 届）')

    const toggle = byTestId<HTMLButtonElement>('stats-chart-region-table-toggle')!
    expect(toggle.tagName).toBe('BUTTON')
    expect(toggle.textContent!.trim()).toBe('数据表')
    expect(toggle.getAttribute('aria-label')).toBe('“就业地区分布（2024 届）”的数据表')
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    expect(toggle.getAttribute('aria-controls')).toBe('stats-chart-region-table')
    expect(byTestId('stats-chart-region-table')).toBeNull()
    // The canvas says what it is and where its figures are.
    expect(byTestId('stats-chart-region-canvas')!.getAttribute('role')).toBe('img')
    expect(byTestId('stats-chart-region-canvas')!.getAttribute('aria-label')).toContain('数据表')

    toggle.click()
    await settle()
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    const table = byTestId('stats-chart-region-table')!
    expect(table.id).toBe('stats-chart-region-table')
    expect(table.querySelector('caption')!.textContent!.trim()).toBe('就业地区分布（2024 届）')
    expect(Array.from(table.querySelectorAll('thead th'), (th) => th.textContent!.trim())).toEqual(['地区', '就业人数', '占比'])
    expect(tableRows('region')).toEqual([
      ['广州', '176', '45.7%'],
      ['东莞', '158', '41.0%'],
      ['未填写', '51', '13.2%'],
    ])
    // The same categories and counts as the bars drawn.
    const drawn = charts[0].setOption.mock.calls.at(-1)![0] as { yAxis: { data: string[] }; series: { data: number[] }[] }
    expect(tableRows('region').map((r) => r[0])).toEqual(drawn.yAxis.data)
    expect(tableRows('region').map((r) => Number(r[1]))).toEqual(drawn.series[0].data)

    toggle.click()
    await settle()
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    expect(byTestId('stats-chart-region-table')).toBeNull()
  })

  it('selects a row\'s bar from the table by Enter, Space or a click, as a click on the bar does', async () => {
    installBackend()
    const { wrapper } = await mountChart(distributionChart(REPORT, 'region', null, t), 'region', '就业地区分布（2024 届）')
    byTestId('stats-chart-region-table-toggle')!.click()
    await settle()

    const buttons = allByTestId<HTMLButtonElement>('stats-chart-region-row-open')
    expect(buttons.map((b) => b.tagName)).toEqual(['BUTTON', 'BUTTON', 'BUTTON'])
    expect(buttons[1].getAttribute('aria-label')).toBe('东莞：就业人数 158，占比 41.0%。查看对应的毕业生')

    // The bar clicked, then the same bar and its neighbours from the keyboard: the same events.
    charts[0].handlers.click!({ dataIndex: 1 })
    expect(press(buttons[1], 'Enter')).toBe(false) // taken: no second, native click
    expect(press(buttons[2], ' ')).toBe(false)
    press(buttons[2], ' ', true) // a key held down opens once
    press(buttons[0], 'Tab')
    buttons[0].click()
    expect(wrapper.emitted('select')).toEqual([[1], [1], [2], [0]])

    // The row in focus shows its bar as the pointer would.
    buttons[2].dispatchEvent(new FocusEvent('focus'))
    expect(charts[0].dispatchAction).toHaveBeenCalledWith({ type: 'highlight', seriesIndex: [0], dataIndex: 2 })
    expect(charts[0].dispatchAction).toHaveBeenCalledWith({ type: 'showTip', seriesIndex: 0, dataIndex: 2 })
    buttons[2].dispatchEvent(new FocusEvent('blur'))
    expect(charts[0].dispatchAction).toHaveBeenCalledWith({ type: 'downplay', seriesIndex: [0], dataIndex: 2 })
  })

  it('says what a row opens: the graduates behind it, a page, or nothing', async () => {
    installBackend()
    const fairs = fairFunnelChart(
      [{ id: 'f1', name: '春季双选会', start_date: '2025-03-01', applied: 1446, interviewed: 180, intention: 102, signed: 23 }],
      t,
    )
    const { wrapper } = await mountChart(fairs, 'fairs', '双选会投递转化')
    byTestId('stats-chart-fairs-table-toggle')!.click()
    await settle()
    expect(tableRows('fairs')).toEqual([['春季双选会', '1,446', '180', '102', '23']])
    const open = byTestId('stats-chart-fairs-row-open')!
    expect(open.getAttribute('aria-label')).toBe('春季双选会：投递 1,446，面试 180，意向 102，签约 23。打开对应页面')
    press(open, 'Enter')
    expect(wrapper.emitted('select')).toEqual([[0]])
    wrapper.unmount()

    // A figure with nothing behind it is text, not a button that does nothing.
    await mountChart({ ...byProgramChart(REPORT, t), drill: undefined })
    byTestId('stats-chart-by-program-table-toggle')!.click()
    await settle()
    expect(tableRows('by-program').map((r) => r[0])).toEqual(['工业机器人应用与维护', '数控加工'])
    expect(byTestId('stats-chart-by-program-row-open')).toBeNull()
  })

  it('speaks English in the data table when English is chosen', async () => {
    i18n.global.locale.value = 'en-US'
    installBackend()
    await mountChart(distributionChart(REPORT, 'region', null, t), 'region', 'Employment by city (Class of 2024)')
    const toggle = byTestId('stats-chart-region-table-toggle')!
    expect(toggle.textContent!.trim()).toBe('Data table')
    expect(toggle.getAttribute('aria-label')).toBe('Data table: Employment by city (Class of 2024)')
    toggle.click()
    await settle()
    expect(Array.from(document.querySelectorAll('[data-testid="stats-chart-region-table"] thead th'), (th) => th.textContent!.trim())).toEqual([
      'City',
      'Employed',
      'Share',
    ])
    expect(allByTestId('stats-chart-region-row-open')[2].getAttribute('aria-label')).toBe(
      'Not recorded: Employed 51, Share 13.2%. See the graduates behind it',
    )
  })

  it('shows an empty state and no chart when there is nothing to draw', async () => {
    installBackend()
    await mountChart({ ...byProgramChart(REPORT, t), empty: true })

    expect(byTestId('stats-chart-by-program-empty')!.textContent).toContain('暂无数据')
    expect(charts).toHaveLength(0)
    expect(byTestId<HTMLButtonElement>('stats-chart-by-program-export')!.disabled).toBe(true)
    // Nothing to list either.
    expect(byTestId('stats-chart-by-program-table-toggle')).toBeNull()
  })

  it('exports a PNG (white background, twice the resolution) to Downloads and offers to open its folder', async () => {
    const backend = installBackend({ chart_png_save: () => SAVED, reveal_file: () => null })
    await mountChart(byProgramChart(REPORT, t))

    byTestId('stats-chart-by-program-export')!.click()
    await settle()

    expect(charts[0].getDataURL).toHaveBeenCalledWith({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' })
    expect(backend.argsOf('chart_png_save')).toEqual([{ title: TITLE, pngBase64: PNG_URL }])
    const notice = document.querySelector('.saved-file-notice')!
    expect(notice.textContent).toContain('图表图片已保存')
    expect(byTestId('saved-file-name')!.textContent).toBe(SAVED.name)

    byTestId('saved-file-reveal')!.click()
    await settle()
    expect(backend.argsOf('reveal_file')).toEqual([{ path: SAVED.path }])
  })

  it('says why when the image cannot be saved', async () => {
    installBackend({
      chart_png_save: () => {
        throw appError([], 'error.disk_full')
      },
    })
    await mountChart(byProgramChart(REPORT, t))

    byTestId('stats-chart-by-program-export')!.click()
    await settle()
    expect(document.querySelector('.el-message--error')?.textContent).toContain('导出图片失败')
  })
})
