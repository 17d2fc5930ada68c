import { beforeEach, describe, expect, it, vi } from 'vitest'
import { charts, PNG_URL, resetCharts } from '@/test/echartsFake'
import { i18n } from '@/locales'
import { appError, installBackend } from '@/test/backend'
import { REPORT } from '@/test/fixtures/stats'
import { byTestId, mountWithApp, settle } from '@/test/mount'
import { byProgramChart, type ChartModel, type Translate } from './chartData'
import StatChart from './StatChart.vue'

vi.mock('./echarts', () => import('@/test/echartsFake'))
// The title band is drawn on a canvas, which jsdom lacks: the picture goes out as ECharts made it.
vi.mock('./chartImage', () => ({ withTitle: vi.fn(async (url: string) => url) }))

const t: Translate = (key, params) => i18n.global.t(key, params ?? {})
const TITLE = '各专业就业率（2024 届）'
const SAVED = { path: '/home/me/Downloads/校企通-各专业就业率（2024 届）.png', name: '校企通-各专业就业率（2024 届）.png', rows: 0 }

async function mountChart(model: ChartModel | null) {
  return mountWithApp(StatChart, { props: { id: 'by-program', title: TITLE, model } })
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

  it('shows an empty state and no chart when there is nothing to draw', async () => {
    installBackend()
    await mountChart({ ...byProgramChart(REPORT, t), empty: true })

    expect(byTestId('stats-chart-by-program-empty')!.textContent).toContain('暂无数据')
    expect(charts).toHaveLength(0)
    expect(byTestId<HTMLButtonElement>('stats-chart-by-program-export')!.disabled).toBe(true)
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
