// A stand-in for views/statistics/echarts.ts in specs (jsdom has no canvas): it records what the
// chart component asks of ECharts, and lets a spec "click" a bar.
//
//   vi.mock('@/views/statistics/echarts', () => import('@/test/echartsFake'))
import { vi } from 'vitest'

type Handler = (params: { dataIndex?: number }) => void

export interface FakeChart {
  /** The element ECharts draws in (its test id names the chart). */
  dom: HTMLElement
  handlers: Record<string, Handler>
  setOption: ReturnType<typeof vi.fn>
  resize: ReturnType<typeof vi.fn>
  dispose: ReturnType<typeof vi.fn>
  getDataURL: ReturnType<typeof vi.fn>
  convertToPixel: ReturnType<typeof vi.fn>
  dispatchAction: ReturnType<typeof vi.fn>
  on: (event: string, handler: Handler) => void
}

/** Every chart made since the last `resetCharts()`, in order. */
export const charts: FakeChart[] = []

export function resetCharts(): void {
  charts.length = 0
}

/** The chart drawn for `stats-chart-<id>`. */
export function chartOf(id: string): FakeChart | undefined {
  return charts.find((c) => c.dom.getAttribute('data-testid') === `stats-chart-${id}-canvas`)
}

/** What a click on the data item at `dataIndex` does. */
export function clickItem(id: string, dataIndex: number): void {
  const chart = chartOf(id)
  if (!chart) throw new Error(`no chart stats-chart-${id}`)
  chart.handlers.click?.({ dataIndex })
}

export const PNG_URL = 'data:image/png;base64,iVBORw0KGgo='

export const init = vi.fn((dom: HTMLElement) => {
  const chart: FakeChart = {
    dom,
    handlers: {},
    setOption: vi.fn(),
    resize: vi.fn(),
    dispose: vi.fn(),
    getDataURL: vi.fn(() => PNG_URL),
    convertToPixel: vi.fn(() => [10, 20]),
    dispatchAction: vi.fn(),
    on(event, handler) {
      chart.handlers[event] = handler
    },
  }
  charts.push(chart)
  return chart
})
