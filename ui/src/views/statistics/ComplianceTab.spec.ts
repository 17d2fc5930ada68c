import { describe, expect, it } from 'vitest'
import { i18n } from '@/locales'
import { installBackend } from '@/test/backend'
import { COMPLIANCE } from '@/test/fixtures/stats'
import { allByTestId, byTestId, mountWithApp, settle } from '@/test/mount'
import ComplianceTab from './ComplianceTab.vue'

const text = (testId: string) => byTestId(testId)?.textContent?.replace(/\s+/g, ' ').trim()
const names = () => allByTestId('stats-warning-name').map((el) => el.textContent?.trim())

async function mountTab(props: { cohort: number; programId: string | null; programName: string | null }) {
  const backend = installBackend({ compliance_report: () => COMPLIANCE })
  const mounted = await mountWithApp(ComplianceTab, { props })
  return { backend, ...mounted }
}

const ALL = { cohort: 2024, programId: null, programName: null }

describe('ComplianceTab', { timeout: 20000 }, () => {
  it('says how many graduates have something to clear, and counts each kind of warning', async () => {
    const { backend } = await mountTab(ALL)

    expect(backend.argsOf('compliance_report')).toEqual([{ cohort: 2024 }])
    expect(text('stats-compliance-summary')).toBe('2024 届毕业生 520 人，其中 4 人有需要处理的提示')
    expect(text('stats-compliance-kind-compliance-no_destination')).toBe('未登记去向 2')
    expect(text('stats-compliance-kind-compliance-no_evidence')).toBe('缺少证明材料 1')
    expect(text('stats-compliance-kind-placement-wage_below_minimum')).toBe('低于最低工资 1')
    expect(text('stats-compliance-kind-compliance-unverified')).toBe('尚未核实 1')
    // Kinds with nothing to clear say so too.
    expect(text('stats-compliance-count-placement-internship_only')).toBe('0')
    expect(text('stats-compliance-total')).toBe('共 5 条提示')
    expect(names()).toEqual(['张三', '李四', '李四', '王五', '赵六'])
    const first = allByTestId('stats-warning-row')[0].textContent
    for (const part of ['张三', '2024001', '工业机器人应用与维护', '机器人2001', '未登记去向', '未登记毕业去向，统计时按待就业计']) {
      expect(first).toContain(part)
    }
  })

  it('filters the warnings by kind, and shows all of them again on a second click', async () => {
    await mountTab(ALL)

    byTestId('stats-compliance-kind-compliance-no_destination')!.click()
    await settle()
    expect(names()).toEqual(['张三', '王五'])
    expect(text('stats-compliance-total')).toBe('未登记去向：2 条')

    byTestId('stats-compliance-kind-placement-wage_below_minimum')!.click()
    await settle()
    expect(names()).toEqual(['李四'])
    expect(allByTestId('stats-warning-row')[0].textContent).toContain('记录的是 1800 元')

    byTestId('stats-compliance-kind-placement-wage_below_minimum')!.click()
    await settle()
    expect(names()).toHaveLength(5)
  })

  it('lists the programs above the share line, saying the line is the app\'s own', async () => {
    await mountTab(ALL)

    expect(text('stats-compliance-line')).toContain('超过已就业人数 30.0% 的专业')
    expect(text('stats-compliance-line')).toContain('30.0% 是本软件设定的提示线，并非官方标准')
    const flags = allByTestId('stats-flag-row')
    expect(flags).toHaveLength(1)
    for (const part of ['数控加工', '145', '50', '34.5%']) expect(flags[0].textContent).toContain(part)
  })

  it('narrows the check to the chosen program', async () => {
    await mountTab({ cohort: 2024, programId: 'p1', programName: '工业机器人应用与维护' })

    expect(text('stats-compliance-summary')).toBe('2024 届工业机器人应用与维护专业有 2 人有需要处理的提示')
    expect(names()).toEqual(['张三', '李四', '李四'])
    expect(text('stats-compliance-count-compliance-unverified')).toBe('0')
    expect(allByTestId('stats-flag-row')).toHaveLength(0)
    expect(text('stats-compliance-no-flags')).toBe('没有专业超过 30.0% 的提示线')
  })

  it('explains each warning in English when English is chosen', async () => {
    i18n.global.locale.value = 'en-US'
    await mountTab(ALL)

    expect(text('stats-compliance-summary')).toBe('Class of 2024: 4 of 520 graduates have something to clear')
    expect(text('stats-compliance-kind-compliance-no_destination')).toBe('No destination 2')
    expect(allByTestId('stats-warning-row')[0].textContent).toContain('No destination recorded; counted as awaiting employment')
    expect(text('stats-compliance-line')).toContain('not an official threshold')
  })
})
