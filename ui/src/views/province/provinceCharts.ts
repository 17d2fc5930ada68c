// The province dashboard's figures as pure functions: the province's figures in, card texts,
// chart options and tables out (no ECharts here, its types only), so that every number on the
// page is checked in one place. Rates and colours are written as on the college's statistics page.
import type { AgreementCount, ProvinceCollege, ProvinceFigures } from '@/api/types'
import { formatNumber } from '@/locales'
import { KINDS } from '@/views/agreements/lifecycle'
import {
  EMPLOYED_COLOR,
  GROUP_COLORS,
  GROUPS,
  escapeHtml,
  money,
  percent,
  percentValue,
  rateWithCount,
  type ChartModel,
} from '@/views/statistics/chartData'

/** vue-i18n's `t`, with the count that picks a plural form. */
export type Translate = (key: string, params?: Record<string, unknown>, plural?: number) => string

/** How many colleges each ranking chart shows (the full list is in the table under them). */
export const RANKED = 10

const GRID = { left: 12, right: 48, top: 16, bottom: 16, containLabel: true }
/** A category axis's labels: long names cut short (the tooltip and the table show them whole). */
const CATEGORY_LABEL = { width: 200, overflow: 'truncate' as const }
const COLLEGES_COLOR = '#5470c6'
const GRADUATES_COLOR = '#91cc75'
const IN_FORCE_COLOR = '#67c23a'
const TOTAL_COLOR = '#a0cfff'
const FAIR_COLORS = ['#5470c6', '#73a0fa', '#a0cfff', '#79bbff', '#409eff', '#67c23a']
const RESEARCH_COLOR = '#8e6fd8'

/** The data index ECharts passes to a formatter (one item, or the first of an axis's items). */
function indexOf(params: unknown): number {
  const one = Array.isArray(params) ? params[0] : params
  return (one as { dataIndex?: number } | undefined)?.dataIndex ?? -1
}

/** Bars of a horizontal bar chart get this much room each. */
function barsHeight(bars: number, min = 260): number {
  return Math.max(min, 48 + bars * 30)
}

/** "2025 届", or "全部届别". */
export function scopeOf(cohort: number | null | undefined, t: Translate): string {
  return cohort === null || cohort === undefined ? t('stats.allCohorts') : t('stats.cohort', { year: cohort })
}

// ---- cards --------------------------------------------------------------------------------------

export interface ProvinceKpi {
  key: string
  label: string
  value: string
  /** A second line: what is counted. */
  detail: string
}

export function provinceKpis(f: ProvinceFigures, t: Translate): ProvinceKpi[] {
  const c = f.counts
  const r = f.rates
  const n = f.graduates
  return [
    {
      key: 'colleges',
      label: t('province.kpi.colleges'),
      value: t('province.collegesCount', { n: formatNumber(f.colleges) }, f.colleges),
      detail: t('province.kpi.collegesDetail'),
    },
    {
      key: 'graduates',
      label: t('province.kpi.graduates'),
      value: t('stats.people', { n: formatNumber(n) }),
      detail: t('province.kpi.graduatesDetail', { scope: scopeOf(f.cohort, t) }),
    },
    {
      key: 'employment',
      label: t('stats.kpi.employment'),
      value: rateWithCount(t, r.employment, c.employed, n),
      detail: t('stats.kpi.employmentDetail'),
    },
    {
      key: 'headline',
      label: t('stats.kpi.headline'),
      value: rateWithCount(t, r.headline_2024, c.employed + c.further_study, n),
      detail: t('stats.kpi.headlineDetail'),
    },
    {
      key: 'in_field',
      label: t('stats.kpi.inField'),
      value: rateWithCount(t, r.in_field, c.in_field, c.employed),
      detail: t('stats.kpi.inFieldDetail'),
    },
    {
      key: 'salary_mean',
      label: t('stats.kpi.salaryMean'),
      value: f.salary_count > 0 ? money(f.mean_salary) : t('stats.kpi.noSalary'),
      detail: t('stats.kpi.salaryDetail', { n: formatNumber(f.salary_count) }),
    },
    {
      key: 'certificates',
      label: t('stats.kpi.certificates'),
      value: rateWithCount(t, r.certificates, c.certificates, n),
      detail: t('stats.kpi.certificatesDetail'),
    },
    {
      key: 'research',
      label: t('province.kpi.research'),
      value: t('stats.people', { n: formatNumber(f.research.graduates) }),
      detail: t('province.kpi.researchDetail', { n: formatNumber(f.research.colleges) }),
    },
  ]
}

// ---- the colleges -------------------------------------------------------------------------------

/** One college as the table under the rankings shows it; the numbers sort, the texts show. */
export interface CollegeRow {
  code: string
  name: string
  city: string
  graduates: number
  employment: number
  employmentText: string
  headline: number
  headlineText: string
  inField: number
  inFieldText: string
  research: number
}

/** A rate for sorting: none sorts below 0%. */
const sortable = (rate: number | null | undefined) => rate ?? -1

export function collegeRows(f: ProvinceFigures, t: Translate): CollegeRow[] {
  return f.by_college.map((c) => ({
    code: c.code,
    name: c.name,
    city: c.city ?? '',
    graduates: c.graduates,
    employment: sortable(c.rates.employment),
    employmentText: rateWithCount(t, c.rates.employment, c.counts.employed, c.graduates),
    headline: sortable(c.rates.headline_2024),
    headlineText: rateWithCount(t, c.rates.headline_2024, c.counts.employed + c.counts.further_study, c.graduates),
    inField: sortable(c.rates.in_field),
    inFieldText: rateWithCount(t, c.rates.in_field, c.counts.in_field, c.counts.employed),
    research: c.research,
  }))
}

/** Colleges with graduates, highest employment rate first (ties: more graduates, then by code). */
export function rankColleges(f: ProvinceFigures): ProvinceCollege[] {
  return f.by_college
    .filter((c) => c.graduates > 0 && c.rates.employment !== null && c.rates.employment !== undefined)
    .sort(
      (a, b) =>
        (b.rates.employment ?? 0) - (a.rates.employment ?? 0) || b.graduates - a.graduates || a.code.localeCompare(b.code),
    )
}

/**
 * 就业率最高 / 最低的学校: the first or the last `RANKED` of the ranking, each bar the college's
 * employment rate with its count (the lowest chart lists the lowest first).
 */
export function rankingChart(f: ProvinceFigures, which: 'top' | 'bottom', t: Translate): ChartModel {
  const ranked = rankColleges(f)
  const rows = which === 'top' ? ranked.slice(0, RANKED) : ranked.slice(-RANKED).reverse()
  const categories = rows.map((c) => c.name)
  const label = (i: number) => {
    const c = rows[i]
    return c ? rateWithCount(t, c.rates.employment, c.counts.employed, c.graduates) : ''
  }
  return {
    empty: rows.length === 0,
    height: barsHeight(rows.length),
    table: {
      columns: [t('province.column.college'), t('stats.kpi.employment')],
      rows: categories.map((name, i) => ({ label: name, figures: [label(i)] })),
    },
    option: {
      grid: { ...GRID, right: 150 },
      tooltip: {
        trigger: 'item',
        formatter: (params: unknown) => {
          const i = indexOf(params)
          return rows[i] ? `${escapeHtml(categories[i])}<br/>${escapeHtml(t('stats.kpi.employment'))} ${escapeHtml(label(i))}` : ''
        },
      },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', inverse: true, data: categories, axisLabel: CATEGORY_LABEL },
      series: [
        {
          type: 'bar',
          name: t('stats.kpi.employment'),
          data: rows.map((c) => percentValue(c.rates.employment)),
          itemStyle: { color: EMPLOYED_COLOR },
          barMaxWidth: 20,
          label: { show: true, position: 'right', formatter: (params: unknown) => label(indexOf(params)) },
        },
      ],
    },
  }
}

/** 科研机构就业的毕业生（按学校）: colleges with such graduates, most first. */
export function researchChart(f: ProvinceFigures, t: Translate): ChartModel {
  const rows = f.by_college
    .filter((c) => c.research > 0)
    .sort((a, b) => b.research - a.research || a.code.localeCompare(b.code))
  const categories = rows.map((c) => c.name)
  return {
    empty: rows.length === 0,
    height: barsHeight(rows.length),
    table: {
      columns: [t('province.column.college'), t('province.column.research')],
      rows: rows.map((c, i) => ({ label: categories[i], figures: [t('stats.people', { n: formatNumber(c.research) })] })),
    },
    option: {
      grid: GRID,
      tooltip: {
        trigger: 'item',
        formatter: (params: unknown) => {
          const i = indexOf(params)
          const c = rows[i]
          return c ? `${escapeHtml(c.name)}<br/>${escapeHtml(t('stats.people', { n: formatNumber(c.research) }))}` : ''
        },
      },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: categories, axisLabel: CATEGORY_LABEL },
      series: [
        {
          type: 'bar',
          name: t('province.column.research'),
          data: rows.map((c) => c.research),
          itemStyle: { color: RESEARCH_COLOR },
          barMaxWidth: 20,
          label: { show: true, position: 'right' },
        },
      ],
    },
  }
}

// ---- the province as a whole --------------------------------------------------------------------

/** 各届毕业生人数: one bar per cohort, oldest first (every cohort, whichever is chosen). */
export function cohortsChart(f: ProvinceFigures, t: Translate): ChartModel {
  const rows = [...f.by_cohort].sort((a, b) => a.cohort - b.cohort)
  const categories = rows.map((c) => t('stats.cohort', { year: c.cohort }))
  return {
    empty: rows.length === 0,
    height: 300,
    table: {
      columns: [t('stats.chart.column.cohort'), t('province.column.graduates')],
      rows: rows.map((c, i) => ({ label: categories[i], figures: [t('stats.people', { n: formatNumber(c.graduates) })] })),
    },
    option: {
      grid: { ...GRID, top: 32 },
      tooltip: {
        trigger: 'item',
        formatter: (params: unknown) => {
          const i = indexOf(params)
          return rows[i] ? `${escapeHtml(categories[i])}<br/>${escapeHtml(t('stats.people', { n: formatNumber(rows[i].graduates) }))}` : ''
        },
      },
      xAxis: { type: 'category', data: categories },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('province.column.graduates'),
          data: rows.map((c) => c.graduates),
          itemStyle: { color: EMPLOYED_COLOR },
          barMaxWidth: 56,
          label: { show: true, position: 'top', formatter: (params: unknown) => formatNumber(rows[indexOf(params)]?.graduates ?? 0) },
        },
      ],
    },
  }
}

/** 毕业去向构成: the six destination groups of the province, in their usual colours. */
export function provinceMixChart(f: ProvinceFigures, t: Translate): ChartModel {
  const slices = GROUPS.filter((g) => f.counts[g] > 0)
  const names = slices.map((g) => t(`stats.group.${g}`))
  const tip = (i: number) => {
    const g = slices[i]
    return g ? `${names[i]} ${rateWithCount(t, f.rates[g], f.counts[g], f.graduates)}` : ''
  }
  return {
    empty: f.graduates === 0 || slices.length === 0,
    height: 320,
    table: {
      columns: [t('stats.chart.mixSeries'), t('stats.chart.column.people'), t('stats.chart.column.shareOfGraduates')],
      rows: slices.map((g, i) => ({ label: names[i], figures: [formatNumber(f.counts[g]), percent(f.rates[g])] })),
    },
    option: {
      tooltip: { trigger: 'item', formatter: (params: unknown) => escapeHtml(tip(indexOf(params))) },
      series: [
        {
          type: 'pie',
          name: t('stats.chart.mixSeries'),
          radius: ['36%', '60%'],
          center: ['50%', '50%'],
          data: slices.map((g, i) => ({ name: names[i], value: f.counts[g], itemStyle: { color: GROUP_COLORS[g] } })),
          label: {
            formatter: (params: unknown) => {
              const i = indexOf(params)
              return slices[i] ? `${names[i]} ${percent(f.rates[slices[i]])}` : ''
            },
            width: 110,
            overflow: 'break',
          },
        },
      ],
    },
  }
}

export const FIELDS = ['robotics', 'ai'] as const

/**
 * 工业机器人和人工智能专业: per field, the colleges running it (left axis) and the graduate
 * records of its programs (right axis).
 */
export function fieldsChart(f: ProvinceFigures, t: Translate): ChartModel {
  const categories = FIELDS.map((field) => t(`province.field.${field}`))
  const figures = FIELDS.map((field) => f[field])
  return {
    empty: figures.every((x) => x.colleges === 0),
    height: 300,
    table: {
      columns: [t('province.column.field'), t('province.column.colleges'), t('province.column.programs'), t('province.column.fieldGraduates')],
      rows: figures.map((x, i) => ({
        label: categories[i],
        figures: [
          t('province.collegesCount', { n: formatNumber(x.colleges) }, x.colleges),
          formatNumber(x.programs),
          t('stats.people', { n: formatNumber(x.graduates) }),
        ],
      })),
    },
    option: {
      grid: { ...GRID, top: 48, right: 24 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: categories },
      yAxis: [
        { type: 'value', name: t('province.column.colleges'), minInterval: 1 },
        { type: 'value', name: t('province.column.fieldGraduates'), minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        {
          type: 'bar',
          name: t('province.column.colleges'),
          data: figures.map((x) => x.colleges),
          itemStyle: { color: COLLEGES_COLOR },
          barMaxWidth: 40,
          label: { show: true, position: 'top' },
        },
        {
          type: 'bar',
          name: t('province.column.fieldGraduates'),
          yAxisIndex: 1,
          data: figures.map((x) => x.graduates),
          itemStyle: { color: GRADUATES_COLOR },
          barMaxWidth: 40,
          label: { show: true, position: 'top' },
        },
      ],
    },
  }
}

export const FAIR_STEPS = ['employers', 'positions', 'headcount', 'resumes', 'intentions', 'signings'] as const

/** 双选会汇总: the job fairs' totals, employers to signings (not tied to a cohort). */
export function fairChart(f: ProvinceFigures, t: Translate): ChartModel {
  const totals = f.fair_totals
  const categories = FAIR_STEPS.map((step) => t(`province.fair.${step}`))
  const values = FAIR_STEPS.map((step) => totals[step])
  return {
    empty: f.fairs === 0,
    height: 300,
    table: {
      columns: [t('province.column.item'), t('province.column.total')],
      rows: categories.map((label, i) => ({ label, figures: [formatNumber(values[i])] })),
    },
    option: {
      grid: { ...GRID, top: 32 },
      tooltip: {
        trigger: 'item',
        formatter: (params: unknown) => {
          const i = indexOf(params)
          return categories[i] ? `${escapeHtml(categories[i])}<br/>${escapeHtml(formatNumber(values[i]))}` : ''
        },
      },
      xAxis: { type: 'category', data: categories, axisLabel: { interval: 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('province.chart.fairs'),
          data: values.map((value, i) => ({ value, itemStyle: { color: FAIR_COLORS[i] } })),
          barMaxWidth: 48,
          label: { show: true, position: 'top', formatter: (params: unknown) => formatNumber(values[indexOf(params)] ?? 0) },
        },
      ],
    },
  }
}

/** An agreement kind in the person's language (an unknown kind as the server wrote it). */
export function kindLabel(kind: string, t: Translate): string {
  const known = KINDS.find((k) => k.value === kind)
  return known ? t(known.label) : kind
}

/** 各类合作协议: per kind, the agreements in force beside all live ones. */
export function agreementsChart(agreements: AgreementCount[], t: Translate): ChartModel {
  const rows = agreements
  const categories = rows.map((a) => kindLabel(a.kind, t))
  return {
    empty: rows.every((a) => a.total === 0),
    height: barsHeight(rows.length * 2, 280),
    table: {
      columns: [t('province.column.kind'), t('province.column.inForce'), t('province.column.allAgreements')],
      rows: rows.map((a, i) => ({ label: categories[i], figures: [formatNumber(a.in_force), formatNumber(a.total)] })),
    },
    option: {
      grid: { ...GRID, top: 40 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: categories, axisLabel: CATEGORY_LABEL },
      series: [
        {
          type: 'bar',
          name: t('province.column.inForce'),
          data: rows.map((a) => a.in_force),
          itemStyle: { color: IN_FORCE_COLOR },
          barMaxWidth: 18,
          label: { show: true, position: 'right' },
        },
        {
          type: 'bar',
          name: t('province.column.allAgreements'),
          data: rows.map((a) => a.total),
          itemStyle: { color: TOTAL_COLOR },
          barMaxWidth: 18,
          label: { show: true, position: 'right' },
        },
      ],
    },
  }
}
