import { describe, expect, it } from 'vitest'
import type { ClassMember } from '@/api/types'
import { i18n } from '@/locales'
import { appError, installBackend, type Handler } from '@/test/backend'
import { byTestId, mountWithApp, settle, settleErrors } from '@/test/mount'
import { CLASS_MEMBERS, CODES, EMPLOYER, PLACEMENT } from '@/test/fixtures/placements'
import PlacementForm from './PlacementForm.vue'

const [WITHOUT, WITH_PLACEMENT] = CLASS_MEMBERS

function backend(overrides: Record<string, Handler> = {}) {
  return installBackend({
    destination_codes: () => CODES,
    employers_list: () => ({ total: 1, items: [EMPLOYER] }),
    placement_get: () => PLACEMENT,
    placement_record: ({ input }) => ({ ...PLACEMENT, ...input, id: 'pl-new', warnings: [] }),
    placement_update: ({ id }) => ({ ...PLACEMENT, id, warnings: [] }),
    ...overrides,
  })
}

async function openForm(member: ClassMember) {
  const mounted = await mountWithApp(PlacementForm, { props: { modelValue: true, member } })
  await settle()
  return mounted
}

function input(testId: string): HTMLInputElement {
  const el = byTestId(testId)!
  return (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' ? el : el.querySelector('input'))! as HTMLInputElement
}

function type(testId: string, value: string): void {
  const el = input(testId)
  el.value = value
  el.dispatchEvent(new Event('input'))
  el.dispatchEvent(new Event('change'))
}

/** Opens a select and clicks its option with this text (only in that select's own list). */
async function choose(testId: string, optionText: string): Promise<void> {
  byTestId(testId)!.querySelector<HTMLElement>('.el-select__wrapper')!.click()
  await settle()
  const listId = byTestId(testId)!.querySelector('input')!.getAttribute('aria-controls')!
  const option = Array.from(document.getElementById(listId)!.querySelectorAll<HTMLElement>('.el-select-dropdown__item')).find(
    (item) => item.textContent?.trim() === optionText,
  )
  expect(option, `option ${optionText}`).toBeTruthy()
  option!.click()
  await settle()
}

function errorUnder(field: string): string {
  return byTestId(`field-${field}`)?.querySelector('.el-form-item__error')?.textContent?.trim() ?? ''
}

async function save(): Promise<void> {
  byTestId('placement-save')!.click()
  await settleErrors()
}

// Dialog forms with several selects take a while under jsdom.
describe('PlacementForm', { timeout: 20000 }, () => {
  it('records a new destination for a graduate without one, the employer bringing its industry and city', async () => {
    const api = backend()
    const { wrapper } = await openForm(WITHOUT)
    expect(document.querySelector('.el-dialog__title')?.textContent).toBe('登记去向 — 张三')
    // No correction offered when there is nothing to correct.
    expect(byTestId('placement-mode')).toBeNull()

    await choose('placement-destination_code', '11 签劳动合同形式就业')
    await choose('placement-employer', EMPLOYER.name)
    type('placement-position_title', ' 机器人运维工程师 ')
    type('placement-salary', '6500')
    await choose('placement-contract_type', '劳动合同')
    await save()

    expect(api.argsOf('placement_update')).toEqual([])
    expect(api.argsOf('placement_record')).toEqual([
      {
        input: {
          graduate_id: 'g1',
          destination_code: '11',
          employer_id: 'e1',
          institution_id: null,
          position_title: '机器人运维工程师',
          industry: 'C',
          city: '东莞',
          start_date: null,
          salary: 6500,
          contract_type: '劳动合同',
          // Untouched: the program's rule decides.
          in_field: null,
          notes: null,
        },
      },
    ])
    expect(wrapper.emitted('saved')).toHaveLength(1)
    expect(wrapper.emitted('update:modelValue')).toEqual([[false]])
  })

  it('groups the destination codes by their group', async () => {
    backend()
    await openForm(WITHOUT)
    byTestId('placement-destination_code')!.querySelector<HTMLElement>('.el-select__wrapper')!.click()
    await settle()
    const listId = byTestId('placement-destination_code')!.querySelector('input')!.getAttribute('aria-controls')!
    const groups = Array.from(document.getElementById(listId)!.querySelectorAll('.el-select-group__title'))
    expect(groups.map((g) => g.textContent?.trim())).toEqual(['协议和合同就业', '灵活就业', '升学', '待就业'])
  })

  it('shows backend field errors under their fields, translated, and keeps what was typed', async () => {
    const api = backend({
      placement_record: () => {
        throw appError([
          {
            field: 'destination_code',
            code: 'destination_code.unknown',
            message: '去向代码不在代码表中',
            params: { value: '11', version: '2021' },
          },
          { field: 'salary', code: 'salary.range', message: '月起薪超出范围', params: { min: '0', max: '1000000' } },
        ])
      },
    })
    const { wrapper } = await openForm(WITHOUT)
    await choose('placement-destination_code', '11 签劳动合同形式就业')
    await choose('placement-employer', EMPLOYER.name)
    type('placement-salary', '2000000')
    await save()

    expect(api.argsOf('placement_record')).toHaveLength(1)
    expect(errorUnder('destination_code')).toBe('去向代码“11”不在 2021 版代码表中')
    expect(errorUnder('salary')).toBe('月起薪应在 0 到 1000000 元之间')
    expect(errorUnder('employer')).toBe('')
    // Nothing typed is lost and the dialog stays open.
    expect(input('placement-salary').value).toBe('2000000')
    expect(wrapper.emitted('saved')).toBeUndefined()
    expect(byTestId('placement-form')).not.toBeNull()
    // The first field with an error has the focus.
    expect(document.activeElement).toBe(input('placement-destination_code'))
  })

  it('puts an unknown employer under the employer field, in English when English is chosen', async () => {
    i18n.global.locale.value = 'en-US'
    backend({
      placement_record: () => {
        throw appError([{ field: 'employer_id', code: 'employer.unknown', message: '找不到用人单位', params: { value: 'x' } }])
      },
    })
    await openForm(WITHOUT)
    await choose('placement-destination_code', '11 签劳动合同形式就业')
    await choose('placement-employer', EMPLOYER.name)
    await save()

    expect(errorUnder('employer')).toBe('No employer “x”')
  })

  it('asks for an employer before saving a destination that needs one', async () => {
    const api = backend()
    await openForm(WITHOUT)
    await save()
    expect(errorUnder('destination_code')).toBe('请选择毕业去向')
    expect(api.argsOf('placement_record')).toEqual([])

    await choose('placement-destination_code', '10 签就业协议形式就业')
    await save()
    expect(errorUnder('employer')).toBe('请选择用人单位')
    expect(api.argsOf('placement_record')).toEqual([])

    // A destination without an employer (升学) saves without one.
    await choose('placement-destination_code', '801 境内升学—研究生')
    await save()
    expect(api.argsOf('placement_record')).toHaveLength(1)
    expect(api.argsOf('placement_record')[0].input).toMatchObject({ destination_code: '801', employer_id: null })
  })

  it('corrects the current destination in place, showing its warnings and the in-field rule', async () => {
    const api = backend()
    await openForm(WITH_PLACEMENT)

    expect(api.argsOf('placement_get')).toEqual([{ id: 'pl-g2' }])
    expect(document.querySelector('.el-dialog__title')?.textContent).toBe('修改去向 — 李四')
    expect(byTestId('placement-warnings')!.textContent).toContain('该去向要求月收入不低于当地最低工资标准，请填写月起薪')
    expect(byTestId('placement-in_field-hint')!.textContent).toBe('专业规则判断：对口')
    expect(input('placement-position_title').value).toBe('机器人运维工程师')
    expect(input('placement-city').value).toBe('东莞')
    expect(input('field-start_date').value).toBe('2025-07-01')

    type('placement-salary', '5200')
    type('placement-city', '')
    await save()

    expect(api.argsOf('placement_record')).toEqual([])
    expect(api.argsOf('placement_update')).toEqual([
      {
        id: 'pl-g2',
        input: {
          destination_code: '12',
          employer_id: 'e1',
          institution_id: '',
          position_title: '机器人运维工程师',
          industry: 'C',
          // Emptied: sent as '' so that the backend clears it.
          city: '',
          start_date: '2025-07-01',
          salary: 5200,
          contract_type: '劳务合同',
          in_field: true,
          notes: '',
        },
      },
    ])
  })

  it('records a new destination instead when asked, the old one becoming history', async () => {
    const api = backend()
    await openForm(WITH_PLACEMENT)

    byTestId('placement-mode-record')!.querySelector('input')!.click()
    await settle()
    expect(document.querySelector('.el-dialog__title')?.textContent).toBe('登记新去向 — 李四')
    // A new destination starts empty.
    expect(input('placement-position_title').value).toBe('')

    await choose('placement-destination_code', '76 自由职业')
    type('placement-salary', '4800')
    await save()

    expect(api.argsOf('placement_update')).toEqual([])
    expect(api.argsOf('placement_record')).toEqual([
      { input: expect.objectContaining({ graduate_id: 'g2', destination_code: '76', salary: 4800 }) },
    ])
  })

  it('records a research institution instead of an employer', async () => {
    const api = backend({
      institutions_list: () => ({
        total: 1,
        items: [
          {
            id: 'i1',
            name: '北京大学化学与分子工程学院',
            parent_org: '北京大学',
            kind: '高校实验室',
            city: '北京',
            credit_code: null,
            credit_code_ok: true,
            address: null,
            contacts: [],
            notes: null,
            placements: 0,
            agreements: 1,
            created_at: '2025-05-07T08:00:00Z',
            updated_at: '2025-05-07T08:00:00Z',
          },
        ],
      }),
    })
    await openForm(WITHOUT)
    await choose('placement-destination_code', '10 签就业协议形式就业')
    byTestId('placement-partner-institution')!.querySelector('input')!.click()
    await settle()
    expect(byTestId('field-employer')).toBeNull()
    await choose('placement-institution', '北京大学化学与分子工程学院')
    await save()

    expect(api.argsOf('placement_record')[0].input).toMatchObject({ employer_id: null, institution_id: 'i1' })
  })

  it('submits on Enter', async () => {
    const api = backend()
    await openForm(WITHOUT)
    await choose('placement-destination_code', '801 境内升学—研究生')
    input('placement-city').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    await settleErrors()
    expect(api.argsOf('placement_record')).toHaveLength(1)
  })
})
