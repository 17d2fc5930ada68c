import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { EmploymentReport, StatsFilter } from '@/api/types'
import { i18n } from '@/locales'
import { APP_INFO, installBackend, type Handler } from '@/test/backend'
import { chartOf, clickItem, resetCharts } from '@/test/echartsFake'
import { fakePdf, pdfCalls, resetPdfFake } from '@/test/pdfjsFake'
import { FAIR, SMALL_FAIR } from '@/test/fixtures/fairs'
import { behindRows, COMPLIANCE, emptyReport, PARTNERS, REPORT } from '@/test/fixtures/stats'
import { allByTestId, byTestId, mountWithApp, settle, waitFor } from '@/test/mount'
import { choose } from '../fairs/specHelpers'
import { baseFilter } from './chartData'
import StatisticsView from './StatisticsView.vue'

vi.mock('./echarts', () => import('@/test/echartsFake'))
// jsdom cannot run pdf.js: the preview's module boundary is faked (test/pdfjsFake.ts).
vi.mock('@/components/documents/pdfjs', () => import('@/test/pdfjsFake'))

const text = (testId: string) => byTestId(testId)?.textContent?.replace(/\s+/g, ' ').trim()

/** The report of a cohort (and program) as the backend would give it for the demo's figures. */
function reportFor({ cohort, programId }: Record<string, any>): EmploymentReport {
  if (cohort !== 2024) return { ...emptyReport(cohort, 10) }
  if (programId) {
    const p = REPORT.by_program.find((x) => x.program_id === programId)!
    return { ...REPORT, graduates: p.graduates, counts: p.counts, rates: p.rates, by_program: [p] }
  }
  return REPORT
}

/** graduates_behind: as many graduates as the figure counts, for the filters the specs use. */
function behind({ filter }: Record<string, any>) {
  const f = filter as StatsFilter
  if (f.program_id === 'p1' && f.employed) return behindRows(240)
  if (f.program_id === 'p2' && f.employed) return behindRows(145, '数控加工')
  if (f.employed && !f.program_id) return behindRows(385)
  return behindRows(3)
}

function backend(overrides: Record<string, Handler> = {}) {
  return installBackend({
    app_info: () => APP_INFO,
    graduate_facets: () => ({ cohorts: [2025, 2024], classes: [] }),
    employment_report: reportFor,
    graduates_behind: behind,
    partner_outcomes: () => PARTNERS,
    fairs_list: () => [FAIR, SMALL_FAIR],
    applications_list: () => ({ total: 1200, items: [] }),
    compliance_report: () => {
      throw new Error('the compliance tab is not open')
    },
    ...overrides,
  })
}

/** Opens a chart's data table by its button under the chart. */
async function openTable(chart: string): Promise<void> {
  byTestId(`stats-chart-${chart}-table-toggle`)!.click()
  await settle()
  expect(byTestId(`stats-chart-${chart}-table`), chart).not.toBeNull()
}

/** Presses Enter (or another key) on the data-table row of `chart` named `label`, as a keyboard does. */
async function pressRow(chart: string, label: string, key = 'Enter'): Promise<void> {
  const button = allByTestId<HTMLButtonElement>(`stats-chart-${chart}-row-open`).find((b) => b.textContent!.trim() === label)
  if (!button) throw new Error(`no row ${label} in the table of ${chart}`)
  button.focus()
  expect(document.activeElement).toBe(button)
  button.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
  await settle()
}

/** The rows of a chart's data table: category, then figures. */
function tableRows(chart: string): string[][] {
  return allByTestId(`stats-chart-${chart}-row`).map((row) =>
    Array.from(row.querySelectorAll('th, td'), (cell) => cell.textContent!.trim()),
  )
}

async function open2024() {
  const mounted = await mountWithApp(StatisticsView, {}, '/statistics')
  await choose('stats-cohort', '2024 届')
  await waitFor(() => text('stats-kpi-graduates-value') === '520 人')
  return mounted
}

describe('StatisticsView', { timeout: 30000 }, () => {
  beforeEach(() => {
    resetCharts()
  })

  it('opens on the latest cohort, then shows the chosen cohort\'s figures, each rate with its count', async () => {
    const calls = backend()
    await mountWithApp(StatisticsView, {}, '/statistics')

    expect(calls.argsOf('employment_report')).toEqual([{ cohort: 2025, programId: null }])
    expect(text('stats-cohort')).toContain('2025 届')
    expect(text('stats-kpi-graduates-value')).toBe('10 人')
    expect(text('stats-kpi-employment-value')).toBe('0.0%（0 / 10）')

    await choose('stats-cohort', '2024 届')
    expect(calls.argsOf('employment_report').at(-1)).toEqual({ cohort: 2024, programId: null })
    expect(text('stats-kpi-graduates-value')).toBe('520 人')
    expect(text('stats-kpi-employment-value')).toBe('74.0%（385 / 520）')
    expect(text('stats-kpi-headline-value')).toBe('79.0%（411 / 520）')
    expect(text('stats-kpi-in_field-value')).toBe('39.7%（153 / 385）')
    expect(text('stats-kpi-salary_mean-value')).toBe('¥5,921')
    expect(text('stats-kpi-salary_median-value')).toBe('¥6,000')
    expect(text('stats-kpi-salary_mean')).toContain('379 人')
    // The college's city (东莞) is where local employment is counted.
    expect(text('stats-kpi-local-value')).toBe('41.0%（158 / 385）')
    expect(text('stats-kpi-certificates-value')).toBe('89.4%（465 / 520）')
    expect(text('stats-code-list')).toBe('去向代码表 2021 版')

    // The table by program, with the same figures.
    const rows = allByTestId('stats-program-row')
    expect(rows.map((r) => r.querySelector('[data-testid="stats-program-name"]')!.textContent!.trim())).toEqual([
      '工业机器人应用与维护',
      '数控加工',
    ])
    expect(rows[1].querySelector('[data-testid="stats-program-employment"]')!.textContent).toBe('65.9%（145 / 220）')
  })

  it('lists the graduates behind a program\'s employment rate, as many as the figure says', async () => {
    const calls = backend()
    await open2024()

    allByTestId('stats-program-name')[1].click()
    await settle()

    expect(calls.argsOf('graduates_behind')).toEqual([{ filter: { ...baseFilter(2024, 'p2'), employed: true } }])
    expect(document.querySelector('[data-testid="stats-behind"] .el-drawer__title')!.textContent).toBe('已就业（2024 届 · 数控加工）：145 人')
    expect(text('stats-behind-count')).toBe('共 145 人')
    expect(byTestId('stats-behind-mismatch')).toBeNull()
    // A page of 100, the rest on the next page.
    expect(allByTestId('stats-behind-row')).toHaveLength(100)
    expect(allByTestId('stats-behind-row')[0].textContent).toContain('东莞市松湖智能装备有限公司')
    expect(allByTestId('stats-behind-row')[0].textContent).toContain('¥6,500')
  })

  it('opens the graduates behind a KPI card', async () => {
    const calls = backend()
    await open2024()

    byTestId('stats-kpi-employment')!.click()
    await settle()
    expect(calls.argsOf('graduates_behind')).toEqual([{ filter: { ...baseFilter(2024, null), employed: true } }])
    expect(text('stats-behind-count')).toBe('共 385 人')
  })

  it('draws the charts of the cohort; a click on a bar opens the graduates behind it', async () => {
    const calls = backend()
    await open2024()

    byTestId('stats-tab-charts')!.click()
    await waitFor(() => chartOf('fairs') !== undefined)

    expect(text('stats-chart-by-program-title')).toBe('各专业就业率（2024 届）')
    expect(text('stats-chart-mix-title')).toBe('毕业去向构成（2024 届）')
    expect(text('stats-chart-partners-title')).toBe('合作单位接收毕业生（2024 届）')
    // One report per cohort for the chart across cohorts; partners of the cohort; the fairs' funnels.
    expect(calls.argsOf('employment_report')).toContainEqual({ cohort: 2025, programId: null })
    expect(calls.argsOf('partner_outcomes')).toEqual([{ cohort: 2024 }])
    // Interviews are counted for the fair with applications only.
    expect(calls.argsOf('applications_list')).toEqual([
      {
        query: {
          fair_id: FAIR.id,
          status: '已面试',
          employer_id: null,
          position_id: null,
          graduate_id: null,
          offset: 0,
          limit: 0,
        },
      },
    ])
    const funnel = chartOf('fairs')!.setOption.mock.calls.at(-1)![0] as { series: { data: number[] }[] }
    expect(funnel.series.map((s) => s.data)).toEqual([[16560], [1200 + 6316], [6316], [293]])

    clickItem('by-program', 0)
    await settle()
    expect(calls.argsOf('graduates_behind')).toEqual([{ filter: { ...baseFilter(2024, 'p1'), employed: true } }])
    expect(text('stats-behind-count')).toBe('共 240 人')
  })

  it('opens the graduates behind a region or industry bar from the chart\'s data table by keyboard, as a click on the bar does', async () => {
    const calls = backend()
    await open2024()
    byTestId('stats-tab-charts')!.click()
    await waitFor(() => chartOf('fairs') !== undefined)

    // The table lists what the chart draws: its categories, counts and shares.
    await openTable('region')
    const drawn = chartOf('region')!.setOption.mock.calls.at(-1)![0] as { yAxis: { data: string[] }; series: { data: number[] }[] }
    expect(tableRows('region')).toEqual([
      ['广州', '176', '45.7%'],
      ['东莞', '158', '41.0%'],
      ['未填写', '51', '13.2%'],
    ])
    expect(tableRows('region').map((r) => r[0])).toEqual(drawn.yAxis.data)
    expect(tableRows('region').map((r) => Number(r[1]))).toEqual(drawn.series[0].data)

    // Enter on 东莞 asks for the graduates a click on its bar asks for.
    clickItem('region', 1)
    await settle()
    const byMouse = calls.argsOf('graduates_behind').at(-1)
    expect(byMouse).toEqual({ filter: { ...baseFilter(2024, null), employed: true, region: '东莞' } })
    byTestId('stats-behind')!.querySelector<HTMLButtonElement>('.el-drawer__close-btn')!.click()
    await settle()
    await pressRow('region', '东莞')
    expect(calls.argsOf('graduates_behind')).toHaveLength(2)
    expect(calls.argsOf('graduates_behind').at(-1)).toEqual(byMouse)
    expect(document.querySelector('[data-testid="stats-behind"] .el-drawer__title')!.textContent).toBe('东莞（2024 届）：158 人')

    // Space on an industry's row, including the one with no industry recorded.
    await openTable('industry')
    expect(tableRows('industry')).toEqual([
      ['C 制造业', '300', '77.9%'],
      ['未填写', '85', '22.1%'],
    ])
    await pressRow('industry', 'C 制造业', ' ')
    expect(calls.argsOf('graduates_behind').at(-1)).toEqual({ filter: { ...baseFilter(2024, null), employed: true, industry: 'C' } })
    await pressRow('industry', '未填写')
    expect(calls.argsOf('graduates_behind').at(-1)).toEqual({ filter: { ...baseFilter(2024, null), employed: true, industry: '' } })
  })

  it('reaches every chart\'s drill-down from its data table: employer type, salary, destinations, cohorts, programs, partners and fairs', async () => {
    const calls = backend()
    const { router } = await open2024()
    byTestId('stats-tab-charts')!.click()
    await waitFor(() => chartOf('fairs') !== undefined)
    const base = baseFilter(2024, null)

    const cases: [chart: string, label: string, filter: StatsFilter][] = [
      ['employer-type', '科研机构', { ...base, employed: true, employer_type: 'institution' }],
      ['salary', '5,000–5,999', { ...base, employed: true, salary_min: 5000, salary_max: 6000 }],
      ['mix', '待就业', { ...base, group: 'awaiting' }],
      ['by-cohort', '2024 届', { ...base, employed: true }],
      ['by-program', '数控加工', { ...baseFilter(2024, 'p2'), employed: true }],
      ['partners', PARTNERS[0].employer, { ...base, employer_id: PARTNERS[0].employer_id }],
    ]
    for (const [chart, label, filter] of cases) {
      await openTable(chart)
      await pressRow(chart, label)
      expect(calls.argsOf('graduates_behind').at(-1), chart).toEqual({ filter })
    }
    expect(tableRows('salary').map((r) => r.join(' '))).toEqual([
      '3,000–3,999 20',
      '4,000–4,999 100',
      '5,000–5,999 150',
      '6,000–6,999 109',
    ])

    // A fair's row opens the fair's applications, as its bars do.
    await openTable('fairs')
    expect(tableRows('fairs')).toEqual([[FAIR.name, '16,560', '7,516', '6,316', '293']])
    await pressRow('fairs', FAIR.name)
    await waitFor(() => router.currentRoute.value.path === `/fairs/${FAIR.id}`)
    expect(router.currentRoute.value.query).toEqual({ tab: 'applications' })
  })

  it('shows an empty chart, never made-up bars, when a cohort has no figures', async () => {
    backend({ fairs_list: () => [SMALL_FAIR], partner_outcomes: () => [] })
    await mountWithApp(StatisticsView, {}, '/statistics')

    byTestId('stats-tab-charts')!.click()
    await waitFor(() => byTestId('stats-chart-fairs-empty') !== null)
    for (const id of ['by-program', 'salary', 'region', 'industry', 'employer-type', 'partners', 'fairs']) {
      expect(byTestId(`stats-chart-${id}-empty`), id).not.toBeNull()
      expect(chartOf(id), id).toBeUndefined()
    }
    expect(text('stats-chart-fairs-empty')).toContain('还没有双选会收到投递')
  })

  it('narrows every figure to one program when one is chosen', async () => {
    const calls = backend()
    await open2024()

    await choose('stats-program', '数控加工')
    expect(calls.argsOf('employment_report').at(-1)).toEqual({ cohort: 2024, programId: 'p2' })
    await waitFor(() => text('stats-kpi-graduates-value') === '220 人')
    expect(text('stats-kpi-employment-value')).toBe('65.9%（145 / 220）')

    byTestId('stats-kpi-in_field')!.click()
    await settle()
    expect(calls.argsOf('graduates_behind').at(-1)).toEqual({
      filter: { ...baseFilter(2024, 'p2'), employed: true, in_field: true },
    })
  })

  it('opens the check before reporting on the chosen cohort', async () => {
    const calls = backend({ compliance_report: () => COMPLIANCE })
    await open2024()

    byTestId('stats-tab-compliance')!.click()
    await waitFor(() => byTestId('stats-compliance-total') !== null)
    expect(calls.argsOf('compliance_report')).toEqual([{ cohort: 2024 }])
    expect(text('stats-compliance-total')).toBe('共 5 条提示')
    expect(text('stats-compliance-kind-compliance-no_destination')).toBe('未登记去向 2')
  })

  it('opens the annual report of the chosen cohort as a PDF to save or print', async () => {
    resetPdfFake()
    const file = { path: '/home/teacher/下载/东莞市技师学院2024届毕业生就业质量年度报告.pdf', name: '东莞市技师学院2024届毕业生就业质量年度报告.pdf', rows: 0 }
    const print = vi.fn(() => undefined)
    vi.stubGlobal('print', print)
    const calls = backend({
      report_pdf_preview: ({ cohort }) => ({ pdf_base64: fakePdf(20, `report ${cohort}`), pages: 20, file_name: file.name, fingerprint: '', missing: [] }),
      report_pdf_save: () => file,
    })
    await open2024()
    expect(text('stats-report-pdf')).toBe('年度报告 PDF')
    byTestId('stats-report-pdf')!.click()
    await waitFor(() => allByTestId('pdf-page').length === 20 && pdfCalls.rendered.length === 20)

    expect(calls.argsOf('report_pdf_preview')).toEqual([{ cohort: 2024 }])
    expect(byTestId('report-pdf-dialog')!.querySelector('.el-dialog__title')!.textContent).toBe('2024 届毕业生就业质量年度报告')
    expect(text('pdf-page-count')).toBe('共 20 页')
    // A report has no fingerprint.
    expect(byTestId('pdf-fingerprint')).toBeNull()

    byTestId('pdf-save')!.click()
    await settle()
    byTestId('pdf-save-as')!.click()
    await settle()
    expect(calls.argsOf('report_pdf_save')).toEqual([
      { cohort: 2024, choose: false },
      { cohort: 2024, choose: true },
    ])
    byTestId('pdf-print')!.click()
    await waitFor(() => print.mock.calls.length === 1)
    expect(allByTestId('print-page')).toHaveLength(20)
    vi.unstubAllGlobals()
  })

  it('says what to do when there are no graduates yet', async () => {
    backend({ graduate_facets: () => ({ cohorts: [], classes: [] }) })
    await mountWithApp(StatisticsView, {}, '/statistics')

    expect(text('stats-empty')).toContain('还没有毕业生')
    expect(byTestId('stats-kpi-graduates')).toBeNull()
  })

  it('speaks English when English is chosen', async () => {
    i18n.global.locale.value = 'en-US'
    backend()
    await mountWithApp(StatisticsView, {}, '/statistics')
    await choose('stats-cohort', 'Class of 2024')
    await waitFor(() => text('stats-kpi-employment-value') === '74.0% (385 / 520)')

    expect(text('stats-code-list')).toBe('Destination code list, 2021 edition')
    const labels = Array.from(document.querySelectorAll('.kpi-label, .kpi-detail, .group-label, th'))
      .map((el) => el.textContent ?? '')
      .join(' ')
    expect(labels).toContain('Employment rate')
    // The college's city is data; every word of the app's own is English.
    expect(labels.replace('东莞', '')).not.toMatch(/[\u4e00-\u9fff]/)
  })
})
