// The statistics screens' figures as pure functions: a report in, chart options, card texts and
// drill-down filters out. No ECharts here (its types only), so that all of it can be unit-tested
// and the mapping from a clicked bar to the graduates behind it is checked in one place.
import type { ComposeOption } from 'echarts/core'
import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts'
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components'
import type {
  ComplianceItem,
  EmploymentReport,
  PartnerOutcome,
  ProgramStats,
  Share,
  StatsFilter,
  StatsGroup,
} from '@/api/types'
import type { FairFunnel } from '@/api/stats'
import { formatNumber, i18n } from '@/locales'

export type ChartOption = ComposeOption<
  BarSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>

/** vue-i18n's `t`, as the functions here use it. */
export type Translate = (key: string, params?: Record<string, unknown>) => string

/** A drill-down filter with every field present (what `graduates_behind` receives). */
export type Filter = Required<StatsFilter>

/** What clicking a figure opens: the graduates behind it, with how many the figure says there are. */
export interface Drill {
  filter: Filter
  /** What the figure counts, for the drawer's title ("已就业"); the filter's cohort and program say of whom. */
  title: string
  /** The figure itself: the drawer should list exactly this many graduates. */
  count: number
}

/**
 * A chart's figures as a table, for keyboards and screen readers (a canvas is neither): row `i`
 * is the chart's data item `i`, so it opens what a click on that bar or slice opens. Made by the
 * chart's own function from the same categories and figures as the bars, never recounted.
 */
export interface ChartTable {
  /** Column headings: the category's first, then one per figure. */
  columns: string[]
  rows: ChartTableRow[]
}

export interface ChartTableRow {
  /** The category, as the chart's axis or legend names it. */
  label: string
  /** Its figures, one per column after the first, as the chart's labels and tooltip write them. */
  figures: string[]
}

export interface ChartModel {
  option: ChartOption
  /** True when there is nothing to draw: the chart shows an empty state, never made-up bars. */
  empty: boolean
  /** Height in px that fits the bars (long category lists grow). */
  height: number
  /** The data items as a table, in the chart's order. */
  table: ChartTable
  /** The graduates behind the data item at `index` (null: that item has none to list). */
  drill?: (index: number) => Drill | null
  /** The page the data item at `index` opens instead (a fair, an employer). */
  link?: (index: number) => string | null
}

// ---- colours: one per destination group, the same in every chart --------------------------------

export const GROUPS: StatsGroup[] = ['contract', 'flexible', 'entrepreneurship', 'further_study', 'awaiting', 'not_seeking']

export const GROUP_COLORS: Record<StatsGroup, string> = {
  contract: '#1f6fd1',
  flexible: '#36b3a8',
  entrepreneurship: '#8e6fd8',
  further_study: '#e6a23c',
  awaiting: '#f56c6c',
  not_seeking: '#a8abb2',
}
/** Employed (the three employed groups together). */
export const EMPLOYED_COLOR = '#409eff'
const NEUTRAL_COLOR = '#5470c6'
const FUNNEL_COLORS = ['#a0cfff', '#79bbff', '#409eff', '#67c23a']

// ---- numbers ------------------------------------------------------------------------------------

/** Shown for a rate whose denominator is zero. */
export const NO_RATE = '—'

/** A fraction as a percentage with one decimal ("74.0%"); "—" when there is none. */
export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return NO_RATE
  return `${(rate * 100).toFixed(1)}%`
}

/** A fraction as a percentage number with one decimal (74.0), for a bar's length; null when there is none. */
export function percentValue(rate: number | null | undefined): number | null {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return null
  return Math.round(rate * 1000) / 10
}

/** A rate with its count beside it: "74.0%（385 / 520）". */
export function rateWithCount(t: Translate, rate: number | null | undefined, count: number, total: number): string {
  return t('stats.rateWithCount', { rate: percent(rate), count: formatNumber(count), total: formatNumber(total) })
}

/** Monthly pay in CNY without decimals ("¥5,921"); "—" when there is none. */
export function money(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_RATE
  return new Intl.NumberFormat(i18n.global.locale.value, {
    style: 'currency',
    currency: 'CNY',
    maximumFractionDigits: 0,
  }).format(value)
}

/** A city as the statistics compare it: no spaces, no leading province, no trailing 市 (as the backend does). */
export function cityKey(city: string | null | undefined): string {
  let c = (city ?? '').replace(/\s+/g, '')
  const province = c.indexOf('省')
  if (province > 0) c = c.slice(province + 1)
  return c.endsWith('市') ? c.slice(0, -1) : c
}

/** Text for an HTML tooltip: the records' names are never markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** The data index ECharts passes to a formatter (one item, or the first of an axis's items). */
function indexOf(params: unknown): number {
  const one = Array.isArray(params) ? params[0] : params
  return (one as { dataIndex?: number } | undefined)?.dataIndex ?? -1
}

// ---- filters ------------------------------------------------------------------------------------

/** The filter for every graduate of a cohort (and program); drill-downs add to it. */
export function baseFilter(cohort: number | null, programId: string | null): Filter {
  return {
    cohort,
    program_id: programId,
    group: null,
    employed: false,
    in_field: null,
    region: null,
    industry: null,
    employer_type: null,
    employer_id: null,
    salary_min: null,
    salary_max: null,
  }
}

/** Bars of a horizontal bar chart get this much room each. */
function barsHeight(bars: number, min = 260): number {
  return Math.max(min, 48 + bars * 34)
}

// ---- the overview -------------------------------------------------------------------------------

export interface Kpi {
  key: string
  label: string
  value: string
  /** A second line: how it is counted, or how many it rests on. */
  detail: string
  drill: Drill | null
}

/**
 * The overview's cards. `programId` is the program chosen (null: all); `city` the college's
 * city, without which local employment cannot be counted.
 */
export function kpis(report: EmploymentReport, programId: string | null, city: string | null, t: Translate): Kpi[] {
  const c = report.counts
  const r = report.rates
  const base = baseFilter(report.cohort ?? null, programId)
  const n = report.graduates
  const local = cityKey(city)
  return [
    {
      key: 'graduates',
      label: t('stats.kpi.graduates'),
      value: t('stats.people', { n: formatNumber(n) }),
      detail: t('stats.kpi.graduatesDetail'),
      drill: { filter: base, title: t('stats.kpi.graduates'), count: n },
    },
    {
      key: 'employment',
      label: t('stats.kpi.employment'),
      value: rateWithCount(t, r.employment, c.employed, n),
      detail: t('stats.kpi.employmentDetail'),
      drill: { filter: { ...base, employed: true }, title: t('stats.drill.employed'), count: c.employed },
    },
    {
      key: 'headline',
      label: t('stats.kpi.headline'),
      value: rateWithCount(t, r.headline_2024, c.employed + c.further_study, n),
      detail: t('stats.kpi.headlineDetail'),
      drill: null,
    },
    {
      key: 'in_field',
      label: t('stats.kpi.inField'),
      value: rateWithCount(t, r.in_field, c.in_field, c.employed),
      detail: t('stats.kpi.inFieldDetail'),
      drill: { filter: { ...base, employed: true, in_field: true }, title: t('stats.drill.inField'), count: c.in_field },
    },
    {
      key: 'salary_mean',
      label: t('stats.kpi.salaryMean'),
      value: report.salary.count > 0 ? money(report.salary.mean) : t('stats.kpi.noSalary'),
      detail: t('stats.kpi.salaryDetail', { n: formatNumber(report.salary.count) }),
      drill: null,
    },
    {
      key: 'salary_median',
      label: t('stats.kpi.salaryMedian'),
      value: report.salary.count > 0 ? money(report.salary.median) : t('stats.kpi.noSalary'),
      detail: t('stats.kpi.salaryDetail', { n: formatNumber(report.salary.count) }),
      drill: null,
    },
    {
      key: 'local',
      label: t('stats.kpi.local'),
      value: local ? rateWithCount(t, r.local, c.local, c.employed) : t('stats.kpi.noCity'),
      detail: local ? t('stats.kpi.localDetail', { city: local }) : t('stats.kpi.noCityDetail'),
      drill: local
        ? { filter: { ...base, employed: true, region: local }, title: t('stats.drill.local', { city: local }), count: c.local }
        : null,
    },
    {
      key: 'certificates',
      label: t('stats.kpi.certificates'),
      value: rateWithCount(t, r.certificates, c.certificates, n),
      detail: t('stats.kpi.certificatesDetail'),
      drill: null,
    },
  ]
}

export interface GroupFigure {
  group: StatsGroup
  label: string
  value: string
  color: string
  drill: Drill
}

/** The six destination groups with their rates over all graduates (they add up to 100%). */
export function groupFigures(report: EmploymentReport, programId: string | null, t: Translate): GroupFigure[] {
  const base = baseFilter(report.cohort ?? null, programId)
  return GROUPS.map((group) => ({
    group,
    label: t(`stats.group.${group}`),
    value: rateWithCount(t, report.rates[group], report.counts[group], report.graduates),
    color: GROUP_COLORS[group],
    drill: { filter: { ...base, group }, title: t(`stats.group.${group}`), count: report.counts[group] },
  }))
}

/** One program as the overview's table shows it; the numbers sort, the texts show. */
export interface ProgramRow {
  program_id: string
  program: string
  graduates: number
  employment: number
  employmentText: string
  headline: number
  headlineText: string
  inField: number
  inFieldText: string
  meanSalary: number
  meanSalaryText: string
  medianSalary: number
  medianSalaryText: string
  local: number
  localText: string
  certificates: number
  certificatesText: string
  drill: Drill
}

/** A rate for sorting: none sorts below 0%. */
const sortable = (rate: number | null | undefined) => rate ?? -1

export function programRows(report: EmploymentReport, t: Translate): ProgramRow[] {
  return report.by_program.map((p: ProgramStats) => {
    const c = p.counts
    const r = p.rates
    return {
      program_id: p.program_id,
      program: p.program,
      graduates: p.graduates,
      employment: sortable(r.employment),
      employmentText: rateWithCount(t, r.employment, c.employed, p.graduates),
      headline: sortable(r.headline_2024),
      headlineText: rateWithCount(t, r.headline_2024, c.employed + c.further_study, p.graduates),
      inField: sortable(r.in_field),
      inFieldText: rateWithCount(t, r.in_field, c.in_field, c.employed),
      meanSalary: p.salary.mean ?? -1,
      meanSalaryText: money(p.salary.mean),
      medianSalary: p.salary.median ?? -1,
      medianSalaryText: money(p.salary.median),
      local: sortable(r.local),
      localText: rateWithCount(t, r.local, c.local, c.employed),
      certificates: sortable(r.certificates),
      certificatesText: rateWithCount(t, r.certificates, c.certificates, p.graduates),
      drill: {
        filter: { ...baseFilter(report.cohort ?? null, p.program_id), employed: true },
        title: t('stats.drill.employed'),
        count: c.employed,
      },
    }
  })
}

// ---- charts -------------------------------------------------------------------------------------

const GRID = { left: 12, right: 48, top: 16, bottom: 16, containLabel: true }
/** A category axis's labels: long names cut short (the tooltip shows them whole). */
const CATEGORY_LABEL = { width: 160, overflow: 'truncate' as const }

/** 各专业就业率: one bar per program; a bar opens that program's employed graduates. */
export function byProgramChart(report: EmploymentReport, t: Translate): ChartModel {
  const rows = report.by_program.filter((p) => p.graduates > 0)
  const categories = rows.map((p) => p.program)
  const label = (i: number) => {
    const p = rows[i]
    return p ? rateWithCount(t, p.rates.employment, p.counts.employed, p.graduates) : ''
  }
  return {
    empty: rows.length === 0,
    height: barsHeight(rows.length),
    table: {
      columns: [t('stats.chart.column.program'), t('stats.kpi.employment')],
      rows: categories.map((c, i) => ({ label: c, figures: [label(i)] })),
    },
    option: {
      grid: { ...GRID, right: 140 },
      tooltip: {
        trigger: 'item',
        formatter: (params: unknown) => {
          const p = rows[indexOf(params)]
          return p ? `${escapeHtml(p.program)}<br/>${escapeHtml(t('stats.kpi.employment'))} ${escapeHtml(label(indexOf(params)))}` : ''
        },
      },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', inverse: true, data: categories, axisLabel: CATEGORY_LABEL },
      series: [
        {
          type: 'bar',
          name: t('stats.kpi.employment'),
          data: rows.map((p) => percentValue(p.rates.employment)),
          itemStyle: { color: EMPLOYED_COLOR },
          barMaxWidth: 24,
          label: { show: true, position: 'right', formatter: (params: unknown) => label(indexOf(params)) },
        },
      ],
    },
    drill: (i) => rows[i]
      ? {
          filter: { ...baseFilter(report.cohort ?? null, rows[i].program_id), employed: true },
          title: t('stats.drill.employed'),
          count: rows[i].counts.employed,
        }
      : null,
  }
}

/** One cohort's report, for the chart across cohorts. */
export interface CohortPoint {
  cohort: number
  report: EmploymentReport
}

/** 历届就业率: one bar per cohort, oldest first; a bar opens that cohort's employed graduates. */
export function byCohortChart(points: CohortPoint[], programId: string | null, t: Translate): ChartModel {
  const rows = [...points].filter((p) => p.report.graduates > 0).sort((a, b) => a.cohort - b.cohort)
  const categories = rows.map((p) => t('stats.cohort', { year: p.cohort }))
  const label = (i: number) => {
    const p = rows[i]
    return p ? rateWithCount(t, p.report.rates.employment, p.report.counts.employed, p.report.graduates) : ''
  }
  return {
    empty: rows.length === 0,
    height: 340,
    table: {
      columns: [t('stats.chart.column.cohort'), t('stats.kpi.employment')],
      rows: categories.map((c, i) => ({ label: c, figures: [label(i)] })),
    },
    option: {
      grid: { ...GRID, top: 32 },
      tooltip: {
        trigger: 'item',
        formatter: (params: unknown) => {
          const p = rows[indexOf(params)]
          const i = indexOf(params)
          return rows[i] ? `${escapeHtml(categories[i])}<br/>${escapeHtml(label(i))}` : ''
        },
      },
      xAxis: { type: 'category', data: categories },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          type: 'bar',
          name: t('stats.kpi.employment'),
          data: rows.map((p) => percentValue(p.report.rates.employment)),
          itemStyle: { color: EMPLOYED_COLOR },
          barMaxWidth: 48,
          label: { show: true, position: 'top', formatter: (params: unknown) => label(indexOf(params)) },
        },
      ],
    },
    drill: (i) => rows[i]
      ? {
          filter: { ...baseFilter(rows[i].cohort, programId), employed: true },
          title: t('stats.drill.employed'),
          count: rows[i].report.counts.employed,
        }
      : null,
  }
}

/** 毕业去向构成: a donut of the six groups (those with graduates); a slice opens its graduates. */
export function destinationMixChart(report: EmploymentReport, programId: string | null, t: Translate): ChartModel {
  const slices = GROUPS.filter((g) => report.counts[g] > 0)
  const names = slices.map((g) => t(`stats.group.${g}`))
  const label = (i: number) => {
    const g = slices[i]
    return g ? `${names[i]} ${percent(report.rates[g])}` : ''
  }
  const tip = (i: number) => {
    const g = slices[i]
    return g ? `${names[i]} ${rateWithCount(t, report.rates[g], report.counts[g], report.graduates)}` : ''
  }
  return {
    empty: report.graduates === 0 || slices.length === 0,
    height: 340,
    table: {
      columns: [t('stats.chart.mixSeries'), t('stats.chart.column.people'), t('stats.chart.column.shareOfGraduates')],
      rows: slices.map((g, i) => ({ label: names[i], figures: [formatNumber(report.counts[g]), percent(report.rates[g])] })),
    },
    option: {
      tooltip: { trigger: 'item', formatter: (params: unknown) => escapeHtml(tip(indexOf(params))) },
      series: [
        {
          type: 'pie',
          name: t('stats.chart.mixSeries'),
          radius: ['36%', '60%'],
          center: ['50%', '50%'],
          data: slices.map((g, i) => ({
            name: names[i],
            value: report.counts[g],
            itemStyle: { color: GROUP_COLORS[g] },
          })),
          label: { formatter: (params: unknown) => label(indexOf(params)), width: 110, overflow: 'break' },
        },
      ],
    },
    drill: (i) => {
      const g = slices[i]
      if (!g) return null
      return {
        filter: { ...baseFilter(report.cohort ?? null, programId), group: g },
        title: t(`stats.group.${g}`),
        count: report.counts[g],
      }
    },
  }
}

/** "5,000–5,999": a salary band's label (its upper bound is exclusive). */
export function bandLabel(min: number, max: number): string {
  return `${formatNumber(min)}–${formatNumber(max - 1)}`
}

/** 起薪分布: employed graduates by salary band of 1,000 CNY; a bar opens that band's graduates. */
export function salaryChart(report: EmploymentReport, programId: string | null, t: Translate): ChartModel {
  const bands = report.salary.bands
  const categories = bands.map((b) => bandLabel(b.min, b.max))
  return {
    empty: bands.length === 0 || report.salary.count === 0,
    height: 300,
    table: {
      columns: [t('stats.chart.column.salaryBand'), t('stats.chart.salarySeries')],
      rows: bands.map((b, i) => ({ label: categories[i], figures: [formatNumber(b.count)] })),
    },
    option: {
      grid: { ...GRID, top: 32, bottom: 24 },
      tooltip: {
        trigger: 'item',
        formatter: (params: unknown) => {
          const i = indexOf(params)
          const b = bands[i]
          return b ? escapeHtml(t('stats.chart.salaryTip', { band: categories[i], n: formatNumber(b.count) })) : ''
        },
      },
      xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, rotate: bands.length > 5 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('stats.chart.salarySeries'),
          data: bands.map((b) => b.count),
          itemStyle: { color: EMPLOYED_COLOR },
          barMaxWidth: 40,
          label: { show: true, position: 'top' },
        },
      ],
    },
    drill: (i) => {
      const b = bands[i]
      if (!b) return null
      return {
        filter: { ...baseFilter(report.cohort ?? null, programId), employed: true, salary_min: b.min, salary_max: b.max },
        title: t('stats.drill.salary', { band: categories[i] }),
        count: b.count,
      }
    },
  }
}

export type Dimension = 'region' | 'industry' | 'employer_type'

/** A distribution key's label: "not recorded" and research institutions in the person's language. */
export function shareLabel(share: Share, dimension: Dimension, t: Translate): string {
  if (share.key === '') return t('stats.notRecorded')
  if (dimension === 'employer_type' && share.key === 'institution') return t('stats.institution')
  return share.label || share.key
}

/** 地区 / 行业 / 单位性质: employed graduates by one dimension; a bar opens those graduates. */
export function distributionChart(
  report: EmploymentReport,
  dimension: Dimension,
  programId: string | null,
  t: Translate,
): ChartModel {
  const shares = report.distributions[dimension]
  const categories = shares.map((s) => shareLabel(s, dimension, t))
  const label = (i: number) => {
    const s = shares[i]
    return s ? t('stats.chart.shareLabel', { n: formatNumber(s.count), share: percent(s.share) }) : ''
  }
  return {
    empty: shares.length === 0,
    height: barsHeight(shares.length),
    table: {
      columns: [t(`stats.chart.column.${dimension}`), t(`stats.chart.${dimension}Series`), t('stats.chart.column.share')],
      rows: shares.map((s, i) => ({ label: categories[i], figures: [formatNumber(s.count), percent(s.share)] })),
    },
    option: {
      grid: { ...GRID, right: 110 },
      tooltip: {
        trigger: 'item',
        formatter: (params: unknown) => {
          const i = indexOf(params)
          return shares[i] ? `${escapeHtml(categories[i])}<br/>${escapeHtml(label(i))}` : ''
        },
      },
      xAxis: { type: 'value', minInterval: 1, splitNumber: 4 },
      yAxis: { type: 'category', inverse: true, data: categories, axisLabel: CATEGORY_LABEL },
      series: [
        {
          type: 'bar',
          name: t(`stats.chart.${dimension}Series`),
          data: shares.map((s) => s.count),
          itemStyle: { color: EMPLOYED_COLOR },
          barMaxWidth: 24,
          label: { show: true, position: 'right', formatter: (params: unknown) => label(indexOf(params)) },
        },
      ],
    },
    drill: (i) => {
      const s = shares[i]
      if (!s) return null
      return {
        filter: { ...baseFilter(report.cohort ?? null, programId), employed: true, [dimension]: s.key },
        title: categories[i],
        count: s.count,
      }
    },
  }
}

/** How many partners the chart shows (the busiest first). */
export const PARTNERS_SHOWN = 15

/** 合作单位成效: graduates placed at each partner, agreements in the tooltip; a bar lists them. */
export function partnerChart(outcomes: PartnerOutcome[], cohort: number | null, t: Translate): ChartModel {
  const rows = outcomes.slice(0, PARTNERS_SHOWN)
  const categories = rows.map((o) => o.employer)
  return {
    empty: rows.length === 0,
    height: barsHeight(rows.length),
    table: {
      columns: [
        t('stats.chart.column.employer'),
        t('stats.chart.partnerSeries'),
        t('stats.chart.column.agreements'),
        t('stats.chart.column.inField'),
        t('stats.chart.column.meanSalary'),
      ],
      rows: rows.map((o, i) => ({
        label: categories[i],
        figures: [formatNumber(o.placed), formatNumber(o.agreements), formatNumber(o.in_field), money(o.mean_salary)],
      })),
    },
    option: {
      grid: { ...GRID, right: 64 },
      tooltip: {
        trigger: 'item',
        formatter: (params: unknown) => {
          const o = rows[indexOf(params)]
          if (!o) return ''
          const lines = [
            o.employer,
            t('stats.chart.partnerPlaced', { n: formatNumber(o.placed) }),
            t('stats.chart.partnerAgreements', { n: formatNumber(o.agreements) }),
            t('stats.chart.partnerInField', { n: formatNumber(o.in_field) }),
            t('stats.chart.partnerSalary', { salary: money(o.mean_salary) }),
          ]
          return lines.map(escapeHtml).join('<br/>')
        },
      },
      xAxis: { type: 'value', minInterval: 1, splitNumber: 4 },
      yAxis: { type: 'category', inverse: true, data: categories, axisLabel: { ...CATEGORY_LABEL, width: 240 } },
      series: [
        {
          type: 'bar',
          name: t('stats.chart.partnerSeries'),
          data: rows.map((o) => o.placed),
          itemStyle: { color: NEUTRAL_COLOR },
          barMaxWidth: 24,
          label: { show: true, position: 'right' },
        },
      ],
    },
    drill: (i) =>
      rows[i]
        ? {
            filter: { ...baseFilter(cohort, null), employer_id: rows[i].employer_id },
            title: t('stats.drill.placedAt', { employer: rows[i].employer }),
            count: rows[i].placed,
          }
        : null,
  }
}

export const FUNNEL_STAGES = ['applied', 'interviewed', 'intention', 'signed'] as const

/** 双选会转化: per fair, applications → interviews → intentions → signings; a fair opens its applicants. */
export function fairFunnelChart(fairs: FairFunnel[], t: Translate): ChartModel {
  const categories = fairs.map((f) => f.name)
  return {
    empty: fairs.length === 0,
    height: 340,
    table: {
      columns: [t('stats.chart.column.fair'), ...FUNNEL_STAGES.map((stage) => t(`stats.funnel.${stage}`))],
      rows: fairs.map((f, i) => ({ label: categories[i], figures: FUNNEL_STAGES.map((stage) => formatNumber(f[stage])) })),
    },
    option: {
      grid: { ...GRID, top: 40, bottom: 24 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: {
        type: 'category',
        data: categories,
        axisLabel: { interval: 0, width: 200, overflow: 'truncate' },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: FUNNEL_STAGES.map((stage, i) => ({
        type: 'bar' as const,
        name: t(`stats.funnel.${stage}`),
        data: fairs.map((f) => f[stage]),
        itemStyle: { color: FUNNEL_COLORS[i] },
        barMaxWidth: 28,
        label: { show: true, position: 'top' as const },
      })),
    },
    link: (i) => (fairs[i] ? `/fairs/${fairs[i].id}?tab=applications` : null),
  }
}

// ---- the compliance check -----------------------------------------------------------------------

/** The warning codes the backend sends, in the order the check lists them. */
export const WARNING_CODES = [
  'compliance.no_destination',
  'compliance.no_evidence',
  'placement.internship_only',
  'placement.wage_missing',
  'placement.wage_below_minimum',
  'compliance.unverified',
] as const

/** A code as a test id part ("compliance.no_destination" → "compliance-no_destination"). */
export function codeId(code: string): string {
  return code.replace(/\./g, '-')
}

export interface WarningKind {
  code: string
  label: string
  count: number
}

/**
 * Every kind of warning with how many of `items` have it: the known kinds always (0 is good
 * news), then any kind the app does not know yet.
 */
export function warningKinds(items: ComplianceItem[], t: Translate): WarningKind[] {
  const counts = new Map<string, number>()
  for (const item of items) counts.set(item.code, (counts.get(item.code) ?? 0) + 1)
  const codes: string[] = [...WARNING_CODES]
  for (const code of counts.keys()) if (!codes.includes(code)) codes.push(code)
  return codes.map((code) => ({ code, label: warningKindLabel(code, t), count: counts.get(code) ?? 0 }))
}

/** Graduates with at least one of `items`. */
export function graduatesWarned(items: ComplianceItem[]): number {
  return new Set(items.map((i) => i.graduate_id)).size
}

/** The short name of a kind of warning ("未登记去向"); an unknown code is shown as it is. */
export function warningKindLabel(code: string, t: Translate): string {
  const key = `stats.warningKind.${code}`
  return i18n.global.te(key) || i18n.global.te(key, 'zh-CN') ? t(key) : code
}

/**
 * A warning's message in the person's language: the backend's Chinese message names the
 * specifics (the destination, the pay, the minimum wage), so it is kept in Chinese; other
 * languages get the kind's explanation.
 */
export function warningMessage(item: ComplianceItem, t: Translate): string {
  if (i18n.global.locale.value === 'zh-CN') return item.message
  const key = `stats.warningText.${item.code}`
  return i18n.global.te(key) ? t(key) : item.message
}

/** The warnings of one kind (all when `code` is null), of one program (all when null). */
export function filterWarnings(items: ComplianceItem[], code: string | null, program: string | null): ComplianceItem[] {
  return items.filter((i) => (code === null || i.code === code) && (program === null || i.program === program))
}
