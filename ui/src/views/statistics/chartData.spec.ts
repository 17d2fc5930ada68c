import { describe, expect, it } from 'vitest'
import { i18n } from '@/locales'
import { COMPLIANCE_ITEMS, emptyReport, PARTNERS, REPORT } from '@/test/fixtures/stats'
import {
  baseFilter,
  bandLabel,
  byCohortChart,
  byProgramChart,
  cityKey,
  codeId,
  destinationMixChart,
  distributionChart,
  fairFunnelChart,
  filterWarnings,
  GROUP_COLORS,
  graduatesWarned,
  groupFigures,
  kpis,
  money,
  partnerChart,
  percent,
  percentValue,
  programRows,
  rateWithCount,
  salaryChart,
  warningKinds,
  warningMessage,
  type ChartModel,
  type Translate,
} from './chartData'

const t: Translate = (key, params) => i18n.global.t(key, params ?? {})

/** The first series' data and its category axis, as ECharts receives them. */
function seriesOf(model: ChartModel) {
  const option = model.option as { series: { data: unknown[]; label?: { formatter?: unknown } }[] }
  return option.series[0]
}
function axisData(model: ChartModel, axis: 'xAxis' | 'yAxis'): unknown[] {
  return (model.option as Record<string, { data?: unknown[] }>)[axis].data ?? []
}
/** What a series' label formatter writes for the item at `dataIndex`. */
function labelAt(model: ChartModel, dataIndex: number, series = 0): string {
  const option = model.option as { series: { label: { formatter: (p: unknown) => string } }[] }
  return option.series[series].label.formatter({ dataIndex })
}
function tooltipAt(model: ChartModel, dataIndex: number): string {
  const option = model.option as { tooltip: { formatter: (p: unknown) => string } }
  return option.tooltip.formatter({ dataIndex })
}

describe('numbers', () => {
  it('writes rates as percentages with one decimal, and a dash when there is no denominator', () => {
    expect(percent(385 / 520)).toBe('74.0%')
    expect(percent(153 / 385)).toBe('39.7%')
    expect(percent(1)).toBe('100.0%')
    expect(percent(0)).toBe('0.0%')
    expect(percent(null)).toBe('—')
    expect(percent(Number.NaN)).toBe('—')
    expect(percentValue(385 / 520)).toBe(74)
    expect(percentValue(145 / 220)).toBe(65.9)
    expect(percentValue(null)).toBeNull()
  })

  it('puts the count beside every rate, with thousands separators, in the person\'s language', () => {
    expect(rateWithCount(t, 385 / 520, 385, 520)).toBe('74.0%（385 / 520）')
    expect(rateWithCount(t, 1204 / 1393, 1204, 1393)).toBe('86.4%（1,204 / 1,393）')
    expect(rateWithCount(t, null, 0, 0)).toBe('—（0 / 0）')
    i18n.global.locale.value = 'en-US'
    expect(rateWithCount(t, 385 / 520, 385, 520)).toBe('74.0% (385 / 520)')
  })

  it('writes money in CNY without decimals, and compares cities as the backend does', () => {
    expect(money(5921.11)).toBe('¥5,921')
    expect(money(null)).toBe('—')
    expect(cityKey('广东省东莞市')).toBe('东莞')
    expect(cityKey(' 东莞市 ')).toBe('东莞')
    expect(cityKey('深圳')).toBe('深圳')
    expect(cityKey(null)).toBe('')
    expect(bandLabel(5000, 6000)).toBe('5,000–5,999')
  })
})

describe('overview', () => {
  it('shows every figure with its count, as the report gives them', () => {
    const cards = kpis(REPORT, null, '东莞市', t)
    const text = Object.fromEntries(cards.map((c) => [c.key, `${c.label}: ${c.value}`]))
    expect(text).toEqual({
      graduates: '毕业生: 520 人',
      employment: '就业率: 74.0%（385 / 520）',
      headline: '2024 口径落实率: 79.0%（411 / 520）',
      in_field: '对口就业率: 39.7%（153 / 385）',
      salary_mean: '平均起薪: ¥5,921',
      salary_median: '中位起薪: ¥6,000',
      local: '本地就业率: 41.0%（158 / 385）',
      certificates: '证书获取率: 89.4%（465 / 520）',
    })
    expect(cards.find((c) => c.key === 'salary_mean')!.detail).toBe('按已就业且填写了月薪的 379 人计算')
    expect(cards.find((c) => c.key === 'local')!.detail).toBe('在东莞工作的人数，占已就业人数')
  })

  it('drills from a card to the graduates it counts, with the figure as the expected count', () => {
    const cards = Object.fromEntries(kpis(REPORT, 'p1', '东莞', t).map((c) => [c.key, c]))
    const base = baseFilter(2024, 'p1')
    expect(cards.graduates.drill).toEqual({ filter: base, title: '毕业生', count: 520 })
    expect(cards.employment.drill).toEqual({ filter: { ...base, employed: true }, title: '已就业', count: 385 })
    expect(cards.in_field.drill).toEqual({
      filter: { ...base, employed: true, in_field: true },
      title: '专业对口就业',
      count: 153,
    })
    expect(cards.local.drill).toEqual({ filter: { ...base, employed: true, region: '东莞' }, title: '在东莞就业', count: 158 })
    // Figures no single filter can list open nothing.
    expect(cards.headline.drill).toBeNull()
    expect(cards.certificates.drill).toBeNull()
  })

  it('does not make up a local rate when the college has no city', () => {
    const local = kpis(REPORT, null, null, t).find((c) => c.key === 'local')!
    expect(local.value).toBe('无法计算')
    expect(local.detail).toContain('学校所在城市未填写')
    expect(local.drill).toBeNull()
  })

  it('says so when there are no salaries, and gives a dash for rates over nobody', () => {
    const cards = Object.fromEntries(kpis(emptyReport(2025), null, '东莞', t).map((c) => [c.key, c.value]))
    expect(cards.salary_mean).toBe('暂无月薪记录')
    expect(cards.salary_median).toBe('暂无月薪记录')
    expect(cards.employment).toBe('—（0 / 0）')
  })

  it('lists the six destination groups, adding up to all graduates, each opening its graduates', () => {
    const groups = groupFigures(REPORT, null, t)
    expect(groups.map((g) => `${g.label} ${g.value}`)).toEqual([
      '协议和合同就业 56.7%（295 / 520）',
      '灵活就业 15.0%（78 / 520）',
      '创业 2.3%（12 / 520）',
      '升学 5.0%（26 / 520）',
      '待就业 16.2%（84 / 520）',
      '暂不就业 4.8%（25 / 520）',
    ])
    expect(groups.reduce((sum, g) => sum + g.drill.count, 0)).toBe(520)
    expect(groups[4].drill.filter).toEqual({ ...baseFilter(2024, null), group: 'awaiting' })
  })

  it('gives the by-program table texts to show and numbers to sort by', () => {
    const [p1, p2] = programRows(REPORT, t)
    expect(p1).toMatchObject({
      program: '工业机器人应用与维护',
      graduates: 300,
      employment: 0.8,
      employmentText: '80.0%（240 / 300）',
      headlineText: '86.7%（260 / 300）',
      inFieldText: '41.7%（100 / 240）',
      meanSalaryText: '¥6,101',
      medianSalaryText: '¥6,000',
      localText: '37.5%（90 / 240）',
      certificatesText: '93.3%（280 / 300）',
    })
    expect(p2.drill).toEqual({ filter: { ...baseFilter(2024, 'p2'), employed: true }, title: '已就业', count: 145 })
  })
})

describe('charts', () => {
  it('employment rate by program: one bar per program, labelled with its count; a bar opens its employed graduates', () => {
    const chart = byProgramChart(REPORT, t)
    expect(chart.empty).toBe(false)
    expect(axisData(chart, 'yAxis')).toEqual(['工业机器人应用与维护', '数控加工'])
    expect(seriesOf(chart).data).toEqual([80, 65.9])
    expect(labelAt(chart, 1)).toBe('65.9%（145 / 220）')
    expect(chart.drill!(1)).toEqual({
      filter: {
        cohort: 2024,
        program_id: 'p2',
        group: null,
        employed: true,
        in_field: null,
        region: null,
        industry: null,
        employer_type: null,
        employer_id: null,
        salary_min: null,
        salary_max: null,
      },
      title: '已就业',
      count: 145,
    })
    expect(chart.drill!(2)).toBeNull()
    expect(byProgramChart(emptyReport(2025), t).empty).toBe(true)
  })

  it('escapes the records\' names in tooltips', () => {
    const report = { ...REPORT, by_program: [{ ...REPORT.by_program[0], program: '<img src=x>' }] }
    expect(tooltipAt(byProgramChart(report, t), 0)).toContain('&#60;img src=x&#62;')
    expect(tooltipAt(byProgramChart(report, t), 0)).not.toContain('<img')
  })

  it('employment rate by cohort: oldest first, cohorts without graduates left out; a bar opens that cohort', () => {
    const r2023 = { ...REPORT, cohort: 2023 }
    const chart = byCohortChart(
      [
        { cohort: 2025, report: emptyReport(2025) },
        { cohort: 2024, report: REPORT },
        { cohort: 2023, report: r2023 },
      ],
      'p1',
      t,
    )
    expect(axisData(chart, 'xAxis')).toEqual(['2023 届', '2024 届'])
    expect(seriesOf(chart).data).toEqual([74, 74])
    expect(chart.drill!(0)).toEqual({ filter: { ...baseFilter(2023, 'p1'), employed: true }, title: '已就业', count: 385 })
    expect(byCohortChart([], null, t).empty).toBe(true)
  })

  it('destination mix: the groups with graduates in their own colours; a slice opens its group', () => {
    const report = { ...REPORT, counts: { ...REPORT.counts, entrepreneurship: 0 } }
    const chart = destinationMixChart(report, null, t)
    const data = seriesOf(chart).data as { name: string; value: number; itemStyle: { color: string } }[]
    expect(data.map((d) => [d.name, d.value])).toEqual([
      ['协议和合同就业', 295],
      ['灵活就业', 78],
      ['升学', 26],
      ['待就业', 84],
      ['暂不就业', 25],
    ])
    expect(data[2].itemStyle.color).toBe(GROUP_COLORS.further_study)
    expect(labelAt(chart, 2)).toBe('升学 5.0%')
    expect(tooltipAt(chart, 2)).toBe('升学 5.0%（26 / 520）')
    expect(chart.drill!(2)).toEqual({ filter: { ...baseFilter(2024, null), group: 'further_study' }, title: '升学', count: 26 })
    expect(destinationMixChart(emptyReport(2025), null, t).empty).toBe(true)
  })

  it('salary distribution: one bar per band of 1,000 CNY; a bar opens that band\'s employed graduates', () => {
    const chart = salaryChart(REPORT, null, t)
    expect(axisData(chart, 'xAxis')).toEqual(['3,000–3,999', '4,000–4,999', '5,000–5,999', '6,000–6,999'])
    expect(seriesOf(chart).data).toEqual([20, 100, 150, 109])
    expect(chart.drill!(2)).toEqual({
      filter: { ...baseFilter(2024, null), employed: true, salary_min: 5000, salary_max: 6000 },
      title: '月起薪 5,000–5,999 元',
      count: 150,
    })
    expect(salaryChart(emptyReport(2025, 10), null, t).empty).toBe(true)
  })

  it('region, industry and employer type: a bar per key, "not recorded" named; a bar filters by its key', () => {
    const region = distributionChart(REPORT, 'region', null, t)
    expect(axisData(region, 'yAxis')).toEqual(['广州', '东莞', '未填写'])
    expect(seriesOf(region).data).toEqual([176, 158, 51])
    expect(labelAt(region, 1)).toBe('158 人（41.0%）')
    expect(region.drill!(2)).toEqual({ filter: { ...baseFilter(2024, null), employed: true, region: '' }, title: '未填写', count: 51 })

    const industry = distributionChart(REPORT, 'industry', 'p1', t)
    expect(industry.drill!(0)!.filter).toEqual({ ...baseFilter(2024, 'p1'), employed: true, industry: 'C' })

    i18n.global.locale.value = 'en-US'
    const types = distributionChart(REPORT, 'employer_type', null, t)
    expect(axisData(types, 'yAxis')).toEqual(['其他企业', 'Not recorded', 'Research institution'])
    expect(types.drill!(2)!.filter.employer_type).toBe('institution')
  })

  it('partners: graduates placed per partner, agreements in the tooltip; a bar lists those graduates', () => {
    const chart = partnerChart(PARTNERS, 2024, t)
    expect(axisData(chart, 'yAxis')).toEqual(['东莞市松湖智能装备有限公司', '广州数控设备有限公司'])
    expect(seriesOf(chart).data).toEqual([12, 0])
    expect(tooltipAt(chart, 0)).toContain('已签署或履行中的协议 2 份')
    expect(tooltipAt(chart, 0)).toContain('平均月起薪 ¥6,200')
    const drill = chart.drill!(0)!
    expect(drill.filter).toMatchObject({ cohort: 2024, employer_id: PARTNERS[0].employer_id, program_id: null })
    expect(drill.count).toBe(12)
    expect(drill.title).toContain('东莞市松湖智能装备有限公司')
    expect(chart.link).toBeUndefined()
    const many = Array.from({ length: 30 }, (_, i) => ({ ...PARTNERS[0], employer_id: `e${i}`, employer: `单位${i}` }))
    expect(seriesOf(partnerChart(many, 2024, t)).data).toHaveLength(15)
    expect(partnerChart([], 2024, t).empty).toBe(true)
  })

  it('job fairs: applied, interviewed, intention and signed per fair; a fair opens its page', () => {
    const chart = fairFunnelChart(
      [
        { id: 'f1', name: '春季双选会', start_date: '2025-03-01', applied: 446, interviewed: 180, intention: 102, signed: 23 },
        { id: 'f2', name: '秋季招聘会', start_date: '2025-10-18', applied: 50, interviewed: 20, intention: 5, signed: 1 },
      ],
      t,
    )
    const option = chart.option as { series: { name: string; data: number[] }[] }
    expect(option.series.map((s) => [s.name, s.data])).toEqual([
      ['投递', [446, 50]],
      ['面试', [180, 20]],
      ['意向', [102, 5]],
      ['签约', [23, 1]],
    ])
    expect(axisData(chart, 'xAxis')).toEqual(['春季双选会', '秋季招聘会'])
    expect(chart.link!(0)).toBe('/fairs/f1?tab=applications')
    expect(fairFunnelChart([], t).empty).toBe(true)
  })
})

describe('chart data tables', () => {
  /** The category axis of a bar chart, or the slices' names of a pie. */
  function categoriesOf(model: ChartModel): unknown[] {
    const option = model.option as { xAxis?: { type?: string; data?: unknown[] }; yAxis?: { type?: string; data?: unknown[] } }
    if (option.yAxis?.type === 'category') return option.yAxis.data ?? []
    if (option.xAxis?.type === 'category') return option.xAxis.data ?? []
    return (seriesOf(model).data as { name: string }[]).map((d) => d.name)
  }
  /** Each table row as one line: category, then its figures. */
  const lines = (model: ChartModel) => model.table.rows.map((r) => [r.label, ...r.figures].join(' | '))

  it('lists every chart\'s categories in the chart\'s order, one row per bar or slice', () => {
    const models: ChartModel[] = [
      byProgramChart(REPORT, t),
      byCohortChart([{ cohort: 2024, report: REPORT }], null, t),
      destinationMixChart(REPORT, null, t),
      salaryChart(REPORT, null, t),
      distributionChart(REPORT, 'region', null, t),
      distributionChart(REPORT, 'industry', null, t),
      distributionChart(REPORT, 'employer_type', null, t),
      partnerChart(PARTNERS, 2024, t),
      fairFunnelChart([{ id: 'f1', name: '春季双选会', start_date: '2025-03-01', applied: 1446, interviewed: 180, intention: 102, signed: 23 }], t),
    ]
    for (const model of models) {
      expect(model.table.rows.map((r) => r.label)).toEqual(categoriesOf(model))
      // One heading for the category and one per figure.
      for (const row of model.table.rows) expect(row.figures).toHaveLength(model.table.columns.length - 1)
    }
  })

  it('gives the figures the bars and their labels show: counts, rates and shares', () => {
    const byProgram = byProgramChart(REPORT, t)
    expect(byProgram.table.columns).toEqual(['专业', '就业率'])
    expect(lines(byProgram)).toEqual(['工业机器人应用与维护 | 80.0%（240 / 300）', '数控加工 | 65.9%（145 / 220）'])
    expect(byProgram.table.rows[1].figures[0]).toBe(labelAt(byProgram, 1))

    const region = distributionChart(REPORT, 'region', null, t)
    expect(region.table.columns).toEqual(['地区', '就业人数', '占比'])
    expect(lines(region)).toEqual(['广州 | 176 | 45.7%', '东莞 | 158 | 41.0%', '未填写 | 51 | 13.2%'])
    expect(region.table.rows.map((r) => Number(r.figures[0]))).toEqual(seriesOf(region).data)

    const industry = distributionChart(REPORT, 'industry', 'p1', t)
    expect(industry.table.columns[0]).toBe('行业')
    expect(lines(industry)).toEqual(['C 制造业 | 300 | 77.9%', '未填写 | 85 | 22.1%'])

    const types = distributionChart(REPORT, 'employer_type', null, t)
    expect(types.table.columns[0]).toBe('单位性质')
    expect(types.table.rows[2].label).toBe('科研机构')

    const salary = salaryChart(REPORT, null, t)
    expect(salary.table.columns).toEqual(['月起薪（元）', '人数'])
    expect(lines(salary)).toEqual(['3,000–3,999 | 20', '4,000–4,999 | 100', '5,000–5,999 | 150', '6,000–6,999 | 109'])

    const mix = destinationMixChart(REPORT, null, t)
    expect(mix.table.columns).toEqual(['毕业去向', '人数', '占毕业生'])
    expect(lines(mix)[4]).toBe('待就业 | 84 | 16.2%')
    expect(mix.table.rows.map((r) => Number(r.figures[0]))).toEqual(
      (seriesOf(mix).data as { value: number }[]).map((d) => d.value),
    )

    // What the partners' tooltip says, which no keyboard reaches either.
    const partners = partnerChart(PARTNERS, 2024, t)
    expect(partners.table.columns).toEqual(['单位', '接收人数', '协议', '专业对口', '平均月起薪'])
    expect(lines(partners)).toEqual(['东莞市松湖智能装备有限公司 | 12 | 2 | 9 | ¥6,200', '广州数控设备有限公司 | 0 | 1 | 0 | —'])

    // Every stage of a fair, as its four bars.
    const fairs = fairFunnelChart(
      [{ id: 'f1', name: '春季双选会', start_date: '2025-03-01', applied: 1446, interviewed: 180, intention: 102, signed: 23 }],
      t,
    )
    expect(fairs.table.columns).toEqual(['双选会', '投递', '面试', '意向', '签约'])
    expect(lines(fairs)).toEqual(['春季双选会 | 1,446 | 180 | 102 | 23'])
  })

  it('heads the table in the person\'s language', () => {
    i18n.global.locale.value = 'en-US'
    expect(distributionChart(REPORT, 'region', null, t).table.columns).toEqual(['City', 'Employed', 'Share'])
    expect(destinationMixChart(REPORT, null, t).table.rows[0].label).toBe('Contract employment')
    expect(salaryChart(REPORT, null, t).table.columns).toEqual(['Monthly salary (CNY)', 'Graduates'])
  })
})

describe('compliance', () => {
  it('counts every kind of warning, the known ones always and new ones after them', () => {
    const items = [...COMPLIANCE_ITEMS, { ...COMPLIANCE_ITEMS[0], code: 'compliance.brand_new', message: '新的提示' }]
    expect(warningKinds(items, t).map((k) => `${k.label} ${k.count}`)).toEqual([
      '未登记去向 2',
      '缺少证明材料 1',
      '仅有实习证明 0',
      '未填写月收入 0',
      '低于最低工资 1',
      '尚未核实 1',
      'compliance.brand_new 1',
    ])
    expect(graduatesWarned(COMPLIANCE_ITEMS)).toBe(4)
    expect(codeId('placement.wage_below_minimum')).toBe('placement-wage_below_minimum')
  })

  it('filters the warnings by kind and program', () => {
    expect(filterWarnings(COMPLIANCE_ITEMS, 'compliance.no_destination', null).map((i) => i.name)).toEqual(['张三', '王五'])
    expect(filterWarnings(COMPLIANCE_ITEMS, null, '数控加工').map((i) => i.name)).toEqual(['王五', '赵六'])
    expect(filterWarnings(COMPLIANCE_ITEMS, null, null)).toHaveLength(5)
  })

  it('keeps the backend\'s specific message in Chinese and explains the kind in English', () => {
    const wage = COMPLIANCE_ITEMS[2]
    expect(warningMessage(wage, t)).toBe(wage.message)
    i18n.global.locale.value = 'en-US'
    expect(warningMessage(wage, t)).toBe('Monthly pay is below the local minimum wage')
    expect(warningMessage({ ...wage, code: 'x.unknown' }, t)).toBe(wage.message)
  })
})
