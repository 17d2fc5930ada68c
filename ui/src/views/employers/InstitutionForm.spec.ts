import { describe, expect, it } from 'vitest'
import { i18n } from '@/locales'
import { appError, installBackend } from '@/test/backend'
import { byTestId, mountWithApp, settle, settleErrors } from '@/test/mount'
import { INSTITUTION } from '@/test/fixtures/employers'
import InstitutionForm from './InstitutionForm.vue'
import { choose, errorUnder, inputOf, type } from './specHelpers'

const CHECK_DIGIT = appError([
  {
    field: 'credit_code',
    code: 'credit_code.check_digit',
    message: '统一社会信用代码校验位错误',
    params: { expected: '3', found: '4', can_accept: 'true' },
  },
])

async function openForm(institutionId: string | null = null) {
  const mounted = await mountWithApp(InstitutionForm, { props: { modelValue: true, institutionId } })
  await settle()
  return mounted
}

async function save(): Promise<void> {
  byTestId('institution-save')!.click()
  await settleErrors()
}

describe('InstitutionForm', { timeout: 20_000 }, () => {
  it('sends the credit code and address a printed agreement shows, with the contacts', async () => {
    const backend = installBackend({
      institution_create: ({ input }) => ({ ...INSTITUTION, ...input, id: 'i-new' }),
    })
    const { wrapper } = await openForm()
    expect(byTestId('field-credit_code')!.textContent).toContain('统一社会信用代码')
    expect(byTestId('field-address')!.textContent).toContain('地址')

    type('institution-name', '松山湖材料实验室')
    await choose('institution-kind', '研究中心')
    type('institution-credit-code', ' 12441900MB0F38162X ')
    type('institution-address', '东莞市松山湖大学创新城A1栋')
    byTestId('contact-add')!.click()
    await settle()
    type('contact-name', '邓志华')
    type('contact-role', '科研合作办公室')
    type('contact-phone', '0769-22890000')
    await save()

    expect(backend.argsOf('institution_create')).toEqual([
      {
        input: {
          name: '松山湖材料实验室',
          parent_org: null,
          kind: '研究中心',
          city: null,
          credit_code: '12441900MB0F38162X',
          address: '东莞市松山湖大学创新城A1栋',
          contacts: [{ name: '邓志华', role: '科研合作办公室', phone: '0769-22890000', email: null }],
          notes: null,
          accept_warnings: false,
        },
      },
    ])
    expect(wrapper.emitted('saved')).toHaveLength(1)
    // No check-digit question was asked.
    expect(byTestId('institution-accept-warnings')).toBeNull()
  })

  it('fills an edit with the record; an unchanged credit code is not sent again', async () => {
    const backend = installBackend({
      institution_get: () => INSTITUTION,
      institution_update: ({ id, input }) => ({ ...INSTITUTION, ...input, id }),
    })
    await openForm(INSTITUTION.id)
    expect(inputOf('institution-credit-code').value).toBe(INSTITUTION.credit_code)
    expect(inputOf('institution-address').value).toBe(INSTITUTION.address)

    type('institution-address', '')
    await save()
    const sent = backend.argsOf('institution_update')[0].input
    expect(sent.credit_code).toBeNull()
    // An edit sends a cleared text as '' so that the backend clears it.
    expect(sent.address).toBe('')
  })

  it('shows a check-digit refusal under the field and saves anyway once the person ticks the box', async () => {
    const backend = installBackend({
      institution_create: ({ input }) => {
        if (!input.accept_warnings) throw CHECK_DIGIT
        return { ...INSTITUTION, ...input, id: 'i-new', credit_code_ok: false }
      },
    })
    const { wrapper } = await openForm()
    type('institution-name', '福州榕城实验室')
    await choose('institution-kind', '研究中心')
    type('institution-credit-code', '91350100M000100Y44')
    await save()

    expect(errorUnder('credit_code')).toContain('校验位应为 3，实际为 4')
    const accept = byTestId('institution-accept-warnings')!
    expect(accept.textContent).toContain('仍然保存')
    expect(inputOf('institution-credit-code').value).toBe('91350100M000100Y44')

    accept.querySelector('input')!.click()
    await settle()
    await save()
    expect(backend.argsOf('institution_create').map((a) => a.input.accept_warnings)).toEqual([false, true])
    expect(wrapper.emitted('saved')).toHaveLength(1)
  })

  it('speaks English', async () => {
    installBackend()
    i18n.global.locale.value = 'en-US'
    await openForm()
    const form = byTestId('institution-form')!
    expect(form.textContent).toContain('Unified social credit code')
    expect(form.textContent).toContain('Address')
  })
})
