import { describe, expect, it } from 'vitest'
import { appError, installBackend } from '@/test/backend'
import { byTestId, mountWithApp, settle, settleErrors, waitFor } from '@/test/mount'
import { EMPLOYER, NAME_DUPLICATE } from '@/test/fixtures/employers'
import EmployerForm from './EmployerForm.vue'
import { choose, errorUnder, inputOf, type, wait } from './specHelpers'

const CHECK_DIGIT = appError([
  {
    field: 'credit_code',
    code: 'credit_code.check_digit',
    message: '统一社会信用代码校验位错误',
    params: { expected: '3', found: '4', can_accept: 'true' },
  },
])

const CODE_TAKEN = appError([
  {
    field: 'credit_code',
    code: 'credit_code.duplicate',
    message: '统一社会信用代码已属于“东莞智造机器人有限公司”',
    params: { id: 'e1', name: EMPLOYER.name },
  },
])

async function openForm(employerId: string | null = null) {
  const mounted = await mountWithApp(EmployerForm, { props: { modelValue: true, employerId } })
  await settle()
  return mounted
}

async function save(): Promise<void> {
  byTestId('employer-save')!.click()
  await settleErrors()
}

// Dialogs, selects and debounced checks: generous time on a busy machine.
describe('EmployerForm', { timeout: 20_000 }, () => {
  it('warns about possible duplicates while the name is typed, and opens one on request', async () => {
    const backend = installBackend({ employer_duplicates: () => [NAME_DUPLICATE] })
    const { router } = await openForm()

    type('employer-name', '东莞智造机器人')
    type('employer-name', '东莞智造机器人公司')
    expect(byTestId('employer-duplicates')).toBeNull()
    await wait(350)

    // One check after the pause in typing, with what was typed last.
    expect(backend.argsOf('employer_duplicates')).toEqual([
      { name: '东莞智造机器人公司', creditCode: null, except: null },
    ])
    const box = byTestId('employer-duplicates')!
    expect(box.textContent).toContain('可能与已有单位重复')
    expect(box.textContent).toContain('东莞智造机器人有限公司')
    expect(box.textContent).toContain('名称相近')

    byTestId('employer-duplicate-open')!.click()
    await waitFor(() => router.currentRoute.value.path === '/employers/e1')
  })

  it('checks the credit code too, and shows nothing when there is no duplicate', async () => {
    const backend = installBackend()
    await openForm()
    type('employer-credit-code', '91350100M000100Y43')
    await wait(350)

    expect(backend.argsOf('employer_duplicates')).toEqual([
      { name: null, creditCode: '91350100M000100Y43', except: null },
    ])
    expect(byTestId('employer-duplicates')).toBeNull()
  })

  it('shows a check-digit refusal under the field and saves anyway once the person ticks the box', async () => {
    const backend = installBackend({
      employer_create: ({ input }) => {
        if (!input.accept_warnings) throw CHECK_DIGIT
        return { ...EMPLOYER, id: 'e-new', name: input.name, credit_code_ok: false }
      },
    })
    const { wrapper } = await openForm()
    type('employer-name', '东莞智造机器人公司')
    type('employer-credit-code', '91350100M000100Y44')
    await choose('employer-type', '其他企业')
    await save()

    expect(errorUnder('credit_code')).toBe('校验位应为 3，实际为 4；部分早期代码确实如此，核对执照后可勾选“仍然保存”')
    const accept = byTestId('employer-accept-warnings')!
    expect(accept.textContent).toContain('仍然保存')
    // Nothing typed is lost.
    expect(inputOf('employer-credit-code').value).toBe('91350100M000100Y44')

    accept.querySelector('input')!.click()
    await settle()
    await save()

    const sent = backend.argsOf('employer_create').map((a) => a.input)
    expect(sent).toHaveLength(2)
    expect(sent[0]).toMatchObject({ name: '东莞智造机器人公司', credit_code: '91350100M000100Y44', employer_type: '39', accept_warnings: false })
    expect(sent[1]).toMatchObject({ credit_code: '91350100M000100Y44', accept_warnings: true })
    expect(wrapper.emitted('saved')).toHaveLength(1)
    expect(wrapper.emitted('update:modelValue')).toEqual([[false]])
  })

  it('lets a possibly duplicate name be saved anyway', async () => {
    const backend = installBackend({
      employer_create: ({ input }) => {
        if (!input.accept_warnings) {
          throw appError([
            {
              field: 'name',
              code: 'name.possible_duplicate',
              message: '可能与已有单位重复',
              params: { id: 'e1', name: EMPLOYER.name, can_accept: 'true' },
            },
          ])
        }
        return { ...EMPLOYER, id: 'e-new', name: input.name }
      },
    })
    await openForm()
    type('employer-name', '东莞智造机器人公司')
    await save()

    expect(errorUnder('name')).toBe('可能与已有单位“东莞智造机器人有限公司”重复；确认不是同一单位后可勾选“仍然保存”')
    byTestId('employer-accept-warnings')!.querySelector('input')!.click()
    await settle()
    await save()
    expect(backend.argsOf('employer_create').map((a) => a.input.accept_warnings)).toEqual([false, true])
  })

  it('never offers to accept a credit code that belongs to another employer, but opens that one', async () => {
    const backend = installBackend({
      employer_create: () => {
        throw CODE_TAKEN
      },
    })
    const { router } = await openForm()
    type('employer-name', '智造机器人')
    type('employer-credit-code', '91350100M000100Y43')
    await save()

    expect(errorUnder('credit_code')).toContain('该代码已属于“东莞智造机器人有限公司”，同一单位只能登记一次')
    expect(errorUnder('credit_code')).toContain('合并')
    expect(byTestId('employer-accept-warnings')).toBeNull()
    expect(document.activeElement).toBe(inputOf('employer-credit-code'))

    byTestId('employer-open-duplicate')!.click()
    await waitFor(() => router.currentRoute.value.path === '/employers/e1')
    expect(backend.argsOf('employer_create')).toHaveLength(1)
  })

  it('saves on Enter', async () => {
    const backend = installBackend({ employer_create: ({ input }) => ({ ...EMPLOYER, ...input, id: 'e-new' }) })
    await openForm()
    type('employer-name', '松山湖精密制造有限公司')
    inputOf('employer-name').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    await settleErrors()

    expect(backend.argsOf('employer_create')).toHaveLength(1)
  })

  it('does not call the backend without a name', async () => {
    const backend = installBackend()
    await openForm()
    await save()

    expect(backend.argsOf('employer_create')).toHaveLength(0)
    expect(errorUnder('name')).toBe('此项必填')
  })

  it('sends contacts and tags, and shows a contact error under the contacts', async () => {
    const backend = installBackend({
      employer_create: () => {
        throw appError([
          {
            field: 'contacts[0].phone',
            code: 'contacts.phone.format',
            message: '第 1 位联系人的电话格式不对',
            params: { row: '1' },
          },
        ])
      },
    })
    await openForm()
    type('employer-name', '松山湖精密制造有限公司')
    type('employer-city', ' 东莞 ')
    await choose('employer-size', '中型')
    await choose('employer-industry', 'C 制造业')
    byTestId('contact-add')!.click()
    await settle()
    type('contact-name', '王敏')
    type('contact-phone', '1380013')
    await save()

    expect(backend.argsOf('employer_create')[0].input).toMatchObject({
      name: '松山湖精密制造有限公司',
      credit_code: null,
      size: '中型',
      industry: 'C',
      city: '东莞',
      address: null,
      contacts: [{ name: '王敏', role: null, phone: '1380013', email: null }],
      tags: [],
    })
    expect(errorUnder('contacts')).toBe('第 1 位联系人的电话格式不对')
  })

  it('loads the whole record for an edit; an unchanged credit code is not sent again, a cleared field is', async () => {
    const backend = installBackend({
      employer_get: () => EMPLOYER,
      employer_update: ({ id, input }) => ({ ...EMPLOYER, ...input, id }),
    })
    await openForm('e1')

    expect(backend.argsOf('employer_get')).toEqual([{ id: 'e1' }])
    expect(inputOf('employer-name').value).toBe(EMPLOYER.name)
    expect(inputOf('contact-phone').value).toBe('13800138000')

    type('employer-address', '')
    await save()
    expect(backend.argsOf('employer_update')).toEqual([
      {
        id: 'e1',
        input: expect.objectContaining({
          name: EMPLOYER.name,
          credit_code: null,
          employer_type: '39',
          address: '',
          tags: ['订单班', '机器人'],
          accept_warnings: false,
        }),
      },
    ])
  })
})
