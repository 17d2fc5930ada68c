import { describe, expect, it } from 'vitest'
import type { ClassMember, ClassView } from '@/api/types'
import { i18n } from '@/locales'
import { installBackend, type Handler } from '@/test/backend'
import { allByTestId, byTestId, mountWithApp, settle, waitFor } from '@/test/mount'
import {
  CLASS_MEMBERS,
  CODES,
  EMPLOYER,
  PLACEMENT,
  classViewOf,
  member,
  placed,
} from '@/test/fixtures/placements'
import PlacementsView from './PlacementsView.vue'

const FACETS = { cohorts: [2025, 2024], classes: ['机器人2101', '数控2102'] }

function backend(overrides: Record<string, Handler> = {}) {
  return installBackend({
    graduate_facets: () => FACETS,
    class_view: ({ cohort, className }) => classViewOf(CLASS_MEMBERS, cohort, className),
    destination_codes: () => CODES,
    employers_list: () => ({ total: 1, items: [EMPLOYER] }),
    placement_get: () => PLACEMENT,
    placement_update: ({ id }) => ({ ...PLACEMENT, id, warnings: [] }),
    ...overrides,
  })
}

/** Opens the view on the class the teacher chose last time. */
async function openClass(className = '机器人2101', cohort = 2025) {
  localStorage.setItem('xiaoqi.teacherClass', JSON.stringify({ cohort, className }))
  return mountWithApp(PlacementsView)
}

const names = () => allByTestId('teacher-row').map((row) => row.querySelector('[data-testid="teacher-row-name"]')!.textContent)
const text = (testId: string) => byTestId(testId)!.textContent?.trim()

function row(name: string): HTMLElement {
  const found = allByTestId('teacher-row').find(
    (r) => r.querySelector('[data-testid="teacher-row-name"]')!.textContent === name,
  )
  expect(found, `row of ${name}`).toBeTruthy()
  return found!
}

function inRow(name: string, testId: string): HTMLElement {
  return row(name).querySelector<HTMLElement>(`[data-testid="${testId}"]`)!
}

/** Answers the prompt for the verifier's name. */
async function answerPrompt(name: string): Promise<void> {
  await waitFor(() => document.querySelector('.el-message-box__input input') !== null)
  const field = document.querySelector<HTMLInputElement>('.el-message-box__input input')!
  field.value = name
  field.dispatchEvent(new Event('input'))
  await settle(2)
  document.querySelector<HTMLElement>('.el-message-box__btns .el-button--primary')!.click()
  await settle()
}

describe('PlacementsView', { timeout: 20000 }, () => {
  it('lists every graduate of the class with a coloured status and the class figures', async () => {
    const api = backend()
    await openClass()

    expect(api.argsOf('class_view')).toEqual([{ cohort: 2025, className: '机器人2101' }])
    expect(names()).toEqual(['张三', '李四', '王五', '赵六'])
    const status = (name: string) => inRow(name, 'teacher-row-status')
    expect(status('张三').textContent?.trim()).toBe('未登记')
    expect(status('张三').classList).toContain('el-tag--info')
    expect(status('李四').textContent?.trim()).toBe('待核实')
    expect(status('李四').classList).toContain('el-tag--warning')
    expect(status('王五').textContent?.trim()).toBe('已核实')
    expect(status('王五').classList).toContain('el-tag--success')
    expect(row('王五').textContent).toContain('11 签劳动合同形式就业')
    expect(row('王五').textContent).toContain(EMPLOYER.name)
    expect(row('王五').textContent).toContain('¥6,500')
    expect(inRow('李四', 'teacher-row-warnings').textContent?.trim()).toBe('1 条')
    expect(inRow('王五', 'teacher-row-warnings')).toBeNull()

    // 待就业 is recorded but does not count as employed.
    expect(text('teacher-rate')).toBe('就业率 50.0%（2 / 4）')
    expect(text('teacher-recorded')).toBe('已登记 3 / 4')
    expect(text('teacher-verified')).toBe('已核实 2 / 3')
    expect(inRow('张三', 'teacher-record').textContent?.trim()).toBe('登记去向')
    expect(inRow('张三', 'teacher-verify')).toBeNull()
    expect(inRow('李四', 'teacher-record').textContent?.trim()).toBe('修改去向')
  })

  it('shows the rate with one decimal and the counts beside it', async () => {
    const members: ClassMember[] = Array.from({ length: 22 }, (_, i) =>
      i < 19 ? placed({ graduate_id: `g${i + 1}`, name: `学生${i + 1}` }, i < 15) : member({ graduate_id: `g${i + 1}`, name: `学生${i + 1}` }),
    )
    backend({ class_view: () => classViewOf(members) })
    await openClass()

    expect(text('teacher-rate')).toBe('就业率 86.4%（19 / 22）')
    expect(text('teacher-recorded')).toBe('已登记 19 / 22')
    expect(text('teacher-verified')).toBe('已核实 15 / 19')
    expect(text('teacher-filter-none')).toBe('未登记 3')
    expect(text('teacher-filter-unverified')).toBe('待核实 4')
  })

  it('filters the class to those without a destination, or those to verify', async () => {
    backend()
    await openClass()

    byTestId('teacher-filter-none')!.click()
    await settle()
    expect(names()).toEqual(['张三'])

    byTestId('teacher-filter-unverified')!.click()
    await settle()
    expect(names()).toEqual(['李四'])

    // Clicking the active filter again shows everyone.
    byTestId('teacher-filter-unverified')!.click()
    await settle()
    expect(names()).toEqual(['张三', '李四', '王五', '赵六'])
  })

  it('says so, and offers everyone, when a filter leaves nobody', async () => {
    backend({ class_view: () => classViewOf([placed({ graduate_id: 'g3', name: '王五' }, true)]) })
    await openClass()

    byTestId('teacher-filter-none')!.click()
    await settle()
    expect(names()).toEqual([])
    expect(text('teacher-empty')).toContain('该班毕业生都已登记去向')
    byTestId('teacher-filter-all')!.click()
    await settle()
    expect(names()).toEqual(['王五'])
  })

  it('opens on the remembered class and remembers a new choice', async () => {
    const api = backend()
    await openClass('数控2102', 2024)
    expect(api.argsOf('class_view')).toEqual([{ cohort: 2024, className: '数控2102' }])

    byTestId('teacher-class')!.querySelector<HTMLElement>('.el-select__wrapper')!.click()
    await settle()
    const listId = byTestId('teacher-class')!.querySelector('input')!.getAttribute('aria-controls')!
    const option = Array.from(document.getElementById(listId)!.querySelectorAll<HTMLElement>('.el-select-dropdown__item')).find(
      (o) => o.textContent?.trim() === '机器人2101',
    )!
    option.click()
    await settle()

    // A second class joins the first: both are read, and the choice is remembered.
    expect(api.argsOf('class_view').slice(-2)).toEqual([
      { cohort: 2024, className: '数控2102' },
      { cohort: 2024, className: '机器人2101' },
    ])
    expect(JSON.parse(localStorage.getItem('xiaoqi.teacherClass')!)).toEqual({
      cohort: 2024,
      classNames: ['数控2102', '机器人2101'],
    })
  })

  it('shows several classes together, with their class and the rate over all of them', async () => {
    backend()
    localStorage.setItem('xiaoqi.teacherClass', JSON.stringify({ cohort: 2025, classNames: ['机器人2101', '数控2102'] }))
    await mountWithApp(PlacementsView)

    // Each class answers with the same three graduates (the fixture): six rows, two classes.
    const rows = allByTestId('teacher-row')
    expect(rows.length).toBe(2 * CLASS_MEMBERS.length)
    expect(document.querySelector('.el-table__header')!.textContent).toContain('班级')
    const one = classViewOf(CLASS_MEMBERS)
    expect(text('teacher-rate')).toContain(`（${2 * one.employed} / ${2 * one.total}）`)
  })

  it('asks for a class when none was chosen yet', async () => {
    const api = backend()
    await mountWithApp(PlacementsView)

    expect(api.argsOf('class_view')).toEqual([])
    expect(text('teacher-empty')).toBe('请选择届别和班级，查看该班毕业生的去向')
    expect(byTestId('teacher-rate')).toBeNull()
  })

  it('takes the cohort and the filter from a link of the home page', async () => {
    const api = backend()
    localStorage.setItem('xiaoqi.teacherClass', JSON.stringify({ cohort: 2025, className: '机器人2101' }))
    await mountWithApp(PlacementsView, {}, '/placements?cohort=2024&filter=none')

    expect(api.argsOf('class_view')).toEqual([{ cohort: 2024, className: '机器人2101' }])
    expect(names()).toEqual(['张三'])
  })

  it('records a destination from a row and reads the class again, figures included', async () => {
    let view: ClassView = classViewOf(CLASS_MEMBERS)
    const api = backend({
      class_view: () => view,
      placement_record: ({ input }) => {
        view = classViewOf([placed({ graduate_id: 'g1', name: '张三' }), ...CLASS_MEMBERS.slice(1)])
        return { ...PLACEMENT, ...input, id: 'pl-new', graduate_id: 'g1', graduate: '张三', warnings: [] }
      },
    })
    await openClass()
    expect(text('teacher-rate')).toBe('就业率 50.0%（2 / 4）')

    inRow('张三', 'teacher-record').click()
    await settle()
    expect(document.querySelector('.el-dialog__title')?.textContent).toBe('登记去向 — 张三')
    byTestId('placement-destination_code')!.querySelector<HTMLElement>('.el-select__wrapper')!.click()
    await settle()
    const listId = byTestId('placement-destination_code')!.querySelector('input')!.getAttribute('aria-controls')!
    Array.from(document.getElementById(listId)!.querySelectorAll<HTMLElement>('.el-select-dropdown__item'))
      .find((o) => o.textContent?.trim() === '801 境内升学—研究生')!
      .click()
    await settle()
    byTestId('placement-save')!.click()
    await waitFor(() => api.argsOf('class_view').length === 2)
    await settle()

    expect(api.argsOf('placement_record')).toEqual([
      { input: expect.objectContaining({ graduate_id: 'g1', destination_code: '801' }) },
    ])
    expect(text('teacher-rate')).toBe('就业率 75.0%（3 / 4）')
    expect(inRow('张三', 'teacher-row-status').textContent?.trim()).toBe('待核实')
  })

  it('verifies in the name asked once and remembered, and takes a verification back', async () => {
    const api = backend()
    await openClass()

    inRow('李四', 'teacher-verify').click()
    await answerPrompt(' 陈老师 ')
    await waitFor(() => api.argsOf('placement_update').length === 1)
    expect(api.argsOf('placement_update')).toEqual([{ id: 'pl-g2', input: { verified_by: '陈老师' } }])
    expect(localStorage.getItem('xiaoqi.operator')).toBe('陈老师')
    await waitFor(() => api.argsOf('class_view').length === 2)

    // The name is not asked again.
    inRow('李四', 'teacher-verify').click()
    await waitFor(() => api.argsOf('placement_update').length === 2)
    expect(document.querySelector('.el-message-box__input')).toBeNull()
    expect(api.argsOf('placement_update')[1]).toEqual({ id: 'pl-g2', input: { verified_by: '陈老师' } })

    expect(inRow('王五', 'teacher-verify').textContent?.trim()).toBe('取消核实')
    inRow('王五', 'teacher-verify').click()
    await waitFor(() => api.argsOf('placement_update').length === 3)
    expect(api.argsOf('placement_update')[2]).toEqual({ id: 'pl-g3', input: { verified_by: '' } })
  })

  it('is all English when English is chosen', async () => {
    i18n.global.locale.value = 'en-US'
    backend()
    await openClass()

    expect(text('teacher-rate')).toBe('Employment rate 50.0% (2 / 4)')
    expect(inRow('张三', 'teacher-row-status').textContent?.trim()).toBe('Not recorded')
    expect(inRow('李四', 'teacher-row-warnings').textContent?.trim()).toBe('1 warning')
    expect(document.querySelector('.el-table__header')!.textContent).not.toMatch(/[\u4e00-\u9fff]/)
  })

  it('exports the destinations of the chosen class (only the unverified ones under that filter)', async () => {
    const calls = backend({ export_save: () => ({ path: '/tmp/x.xlsx', name: 'x.xlsx', rows: 3 }) })
    await openClass()
    await settle()

    byTestId('teacher-filter-unverified')!.click()
    byTestId('placement-export')!.click()
    await settle()
    expect(byTestId('placement-export-whole')).toBeNull() // no ID numbers or phones in this list
    byTestId('placement-export-xlsx')!.click()
    await settle()
    expect(calls.argsOf('export_save')[0].filter).toEqual({ cohort: 2025, class_names: ['机器人2101'], unverified: true })
  })

  it('exports every class chosen in the teachers\' view', async () => {
    const calls = backend({ export_save: () => ({ path: '/tmp/x.xlsx', name: 'x.xlsx', rows: 3 }) })
    localStorage.setItem('xiaoqi.teacherClass', JSON.stringify({ cohort: 2025, classNames: ['机器人2101', '数控2102'] }))
    await mountWithApp(PlacementsView)
    await settle()

    byTestId('placement-export')!.click()
    await settle()
    byTestId('placement-export-csv')!.click()
    await settle()
    expect(calls.argsOf('export_save')[0]).toMatchObject({
      filter: { cohort: 2025, class_names: ['机器人2101', '数控2102'], unverified: false },
      csv: true,
    })
  })

  it('opens the import of destinations and reads the classes again after it', async () => {
    const calls = backend({ import_run: () => ({ inserted: 0, updated: 2, unchanged: 0, rejected: [] }) })
    await openClass()
    await settle()
    const facetsBefore = calls.argsOf('graduate_facets').length

    byTestId('placement-import')!.click()
    await settle()
    expect(document.querySelector('.el-dialog__title')!.textContent).toBe('导入毕业去向')
    const input = byTestId<HTMLInputElement>('import-file')!
    Object.defineProperty(input, 'files', { value: [new File(['学号\n1\n'], '去向.csv')], configurable: true })
    input.dispatchEvent(new Event('change'))
    await settle()
    byTestId('import-run')!.click()
    await settle()

    expect(calls.argsOf('import_run')[0]).toMatchObject({ kind: 'placements', name: '去向.csv' })
    expect(calls.argsOf('graduate_facets').length).toBe(facetsBefore + 1)
  })
})
