import { describe, expect, it } from 'vitest'
import { i18n } from '@/locales'
import { FIGURES_2025 } from '@/test/fixtures/province'
import { EMPLOYED_COLOR, GROUP_COLORS } from '@/views/statistics/chartData'
import {
  agreementsChart,
  cohortsChart,
  collegeRows,
  fairChart,
  fieldsChart,
  provinceKpis,
  provinceMixChart,
  RANKED,
  rankColleges,
  rankingChart,
  researchChart,
  scopeOf,
} from './provinceCharts'

const t = i18n.global.t as unknown as (key: string, params?: Record<string, unknown>, plural?: number) => string

type Series = { name?: string; data: unknown[]; itemStyle?: { color?: string }; yAxisIndex?: number }
const seriesOf = (option: unknown) => (option as { series: Series[] }).series
const categoriesOf = (option: unknown, axis: 'xAxis' | 'yAxis') => (option as Record<string, { data: string[] }>)[axis].data

describe('provinceCharts', () => {
  it('writes the cards as the college statistics do: each rate with its count', () => {
    const cards = Object.fromEntries(provinceKpis(FIGURES_2025, t).map((c) => [c.key, c]))
    expect(cards.colleges.value).toBe('12 所')
    expect(cards.graduates.value).toBe('294 人')
    expect(cards.graduates.detail).toContain('2025 届')
    expect(cards.employment.value).toBe('83.0%（244 / 294）')
    // 落实率 counts further study too.
    const c = FIGURES_2025.counts
    expect(cards.headline.value).toBe(`${((100 * (c.employed + c.further_study)) / 294).toFixed(1)}%（${c.employed + c.further_study} / 294）`)
    expect(cards.in_field.value).toBe(`${((100 * c.in_field) / c.employed).toFixed(1)}%（${c.in_field} / 244）`)
    expect(cards.salary_mean.value).toBe('¥6,000')
    expect(cards.research.value).toBe('6 人')
    expect(cards.research.detail).toContain('3 所')
  })

  it('says "every cohort" when no cohort is chosen', () => {
    expect(scopeOf(null, t)).toBe('全部届别')
    expect(scopeOf(2025, t)).toBe('2025 届')
  })

  it('ranks the colleges with graduates by employment rate; ties go to the larger college', () => {
    const ranked = rankColleges(FIGURES_2025).map((c) => c.name)
    expect(ranked).toHaveLength(11) // 云浮 has no graduates
    expect(ranked.slice(0, 5)).toEqual(['深圳市技师学院', '湛江市技师学院', '广州市技师学院', '东莞市技师学院', '广东省技师学院'])
    expect(ranked.at(-1)).toBe('东莞市高级技工学校')

    const top = rankingChart(FIGURES_2025, 'top', t)
    expect(categoriesOf(top.option, 'yAxis')).toHaveLength(RANKED)
    expect(categoriesOf(top.option, 'yAxis')[0]).toBe('深圳市技师学院')
    expect(seriesOf(top.option)[0].data[0]).toBe(100)
    expect(seriesOf(top.option)[0].itemStyle?.color).toBe(EMPLOYED_COLOR)
    expect(top.table.rows[0]).toEqual({ label: '深圳市技师学院', figures: ['100.0%（20 / 20）'] })

    // The lowest first.
    const bottom = rankingChart(FIGURES_2025, 'bottom', t)
    expect(bottom.table.rows.slice(0, 2)).toEqual([
      { label: '东莞市高级技工学校', figures: ['50.0%（5 / 10）'] },
      { label: '韶关市技师学院', figures: ['58.3%（7 / 12）'] },
    ])
    expect(bottom.empty).toBe(false)
    expect(rankingChart({ ...FIGURES_2025, by_college: [] }, 'top', t).empty).toBe(true)
  })

  it('lists every college in the table, with the sortable numbers beside the texts', () => {
    const rows = collegeRows(FIGURES_2025, t)
    expect(rows).toHaveLength(12)
    const yunfu = rows.find((r) => r.code === 'GD445301')!
    expect(yunfu.employmentText).toBe('—（0 / 0）')
    expect(yunfu.employment).toBe(-1)
    const dongguan = rows.find((r) => r.code === 'GD441901')!
    expect(dongguan).toMatchObject({ name: '东莞市技师学院', city: '东莞', graduates: 60, employmentText: '85.0%（51 / 60）', research: 1 })
  })

  it('charts the cohorts, the destinations, the fields, the fairs, the agreements and research', () => {
    const cohorts = cohortsChart({ ...FIGURES_2025, by_cohort: [...FIGURES_2025.by_cohort].reverse() }, t)
    expect(categoriesOf(cohorts.option, 'xAxis')).toEqual(['2024 届', '2025 届'])
    expect(cohorts.table.rows).toEqual([
      { label: '2024 届', figures: ['294 人'] },
      { label: '2025 届', figures: ['294 人'] },
    ])

    const mix = provinceMixChart(FIGURES_2025, t)
    const slices = seriesOf(mix.option)[0].data as { name: string; itemStyle: { color: string } }[]
    expect(slices.find((s) => s.name === '协议和合同就业')!.itemStyle.color).toBe(GROUP_COLORS.contract)
    expect(slices.some((s) => s.name === '暂不就业')).toBe(false) // none in the fixture

    const fields = fieldsChart(FIGURES_2025, t)
    expect(categoriesOf(fields.option, 'xAxis')).toEqual(['工业机器人', '人工智能'])
    expect(seriesOf(fields.option).map((s) => s.data)).toEqual([
      [6, 2],
      [44, 12],
    ])
    expect(seriesOf(fields.option)[1].yAxisIndex).toBe(1)
    expect(fields.table.rows[0]).toEqual({ label: '工业机器人', figures: ['6 所', '7', '44 人'] })

    const fairs = fairChart(FIGURES_2025, t)
    expect(fairs.table.rows.map((r) => [r.label, r.figures[0]])).toEqual([
      ['用人单位', '345'],
      ['岗位', '700'],
      ['招聘人数', '1,100'],
      ['投递简历', '1,656'],
      ['就业意向', '632'],
      ['签约', '29'],
    ])
    expect(fairChart({ ...FIGURES_2025, fairs: 0 }, t).empty).toBe(true)

    const agreements = agreementsChart([...FIGURES_2025.agreements, { kind: '其他', total: 1, in_force: 0 }], t)
    expect(agreements.table.rows[0]).toEqual({ label: '校企合作协议', figures: ['14', '20'] })
    expect(agreements.table.rows.at(-1)).toEqual({ label: '其他', figures: ['0', '1'] })
    expect(seriesOf(agreements.option).map((s) => s.name)).toEqual(['生效中', '全部'])

    const research = researchChart(FIGURES_2025, t)
    expect(research.table.rows).toEqual([
      { label: '深圳市技师学院', figures: ['3 人'] },
      { label: '广东省技师学院', figures: ['2 人'] },
      { label: '东莞市技师学院', figures: ['1 人'] },
    ])
  })

  it('speaks English when asked, agreement kinds included', () => {
    i18n.global.locale.value = 'en-US'
    const cards = Object.fromEntries(provinceKpis(FIGURES_2025, t).map((c) => [c.key, c]))
    expect(cards.colleges.value).toBe('12 colleges')
    expect(cards.colleges.label).toBe('Colleges')
    expect(agreementsChart(FIGURES_2025.agreements, t).table.rows[0].label).toBe('School–enterprise cooperation')
    expect(fieldsChart({ ...FIGURES_2025, ai: { colleges: 1, programs: 1, graduates: 3 } }, t).table.rows[1].figures[0]).toBe('1 college')
  })
})
