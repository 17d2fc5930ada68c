import { describe, expect, it } from 'vitest'
import App from '@/App.vue'
import type { College } from '@/api/types'
import { appError, installBackend, APP_INFO } from '@/test/backend'
import { byTestId, mountWithApp, settle, settleErrors, waitFor } from '@/test/mount'

function input(id: string): HTMLInputElement {
  return byTestId(id)!.querySelector('input') ?? byTestId<HTMLInputElement>(id)!
}

function type(id: string, value: string): void {
  const el = input(id)
  el.value = value
  el.dispatchEvent(new Event('input'))
}

function topBarName(): string | undefined {
  return byTestId('college-name')?.textContent?.trim()
}

function fieldError(field: string): string | undefined {
  return byTestId(`field-${field}`)?.querySelector('.el-form-item__error')?.textContent?.trim()
}

/** Whether the dialog is shown (it is destroyed some time after closing; its overlay is hidden at once). */
function dialogOpen(): boolean {
  const dialog = byTestId('college-form')
  const overlay = dialog?.closest<HTMLElement>('.el-overlay')
  return !!dialog && !!overlay && overlay.style.display !== 'none'
}

async function openFromTopBar(testid = 'college-name'): Promise<void> {
  byTestId(testid)!.click()
  await settle()
  expect(dialogOpen()).toBe(true)
}

describe('college profile', () => {
  it('opens from the college name in the top bar with the current values filled in', async () => {
    installBackend()
    await mountWithApp(App)

    expect(topBarName()).toBe('东莞市技师学院')
    // A college with a real name needs no hint.
    expect(byTestId('college-name-hint')).toBeNull()
    expect(byTestId('college-form')).toBeNull()

    // The name says what clicking it does.
    byTestId('college-name')!.dispatchEvent(new MouseEvent('mouseenter'))
    await settle()
    expect(document.body.textContent).toContain('编辑学校信息')

    await openFromTopBar()
    expect(byTestId('college-form')!.textContent).toContain('学校信息')
    expect(input('college-name-input').value).toBe('东莞市技师学院')
    expect(input('college-code').value).toBe('')
    expect(input('college-city').value).toBe('东莞')
  })

  it('saves the typed values and the top bar then shows the new name', async () => {
    const backend = installBackend()
    await mountWithApp(App)
    await openFromTopBar()

    type('college-name-input', '  广州市技师学院 ')
    type('college-code', '4144010001')
    type('college-city', '') // a cleared field is sent blank so that the backend clears it
    byTestId('college-save')!.click()
    await settle()

    expect(backend.argsOf('college_update')).toEqual([{ input: { name: '广州市技师学院', code: '4144010001', city: '', min_wage: 0, code_list: '2021', credit_code: '', address: '', contacts: [] } }])
    expect(topBarName()).toBe('广州市技师学院')
    expect(dialogOpen()).toBe(false)
    expect(document.querySelector('.el-message--success')?.textContent).toContain('已保存学校信息')
    // The app info is read again (the save adds a change waiting to be synced).
    expect(backend.argsOf('app_info').length).toBe(2)

    // Opened again, the dialog shows what was saved.
    await openFromTopBar()
    expect(input('college-name-input').value).toBe('广州市技师学院')
    expect(input('college-code').value).toBe('4144010001')
    expect(input('college-city').value).toBe('')
  })

  it('submits on Enter and closes on Esc without saving', async () => {
    const backend = installBackend()
    await mountWithApp(App)
    await openFromTopBar()

    type('college-name-input', '东莞技师学院')
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', bubbles: true }))
    await settle()
    expect(dialogOpen()).toBe(false)
    expect(backend.argsOf('college_update')).toEqual([])
    expect(topBarName()).toBe('东莞市技师学院')

    await openFromTopBar()
    // What was typed before Esc is gone: the dialog starts again from the saved values.
    expect(input('college-name-input').value).toBe('东莞市技师学院')
    type('college-city', '东莞市')
    input('college-city').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    await settle()
    expect(backend.argsOf('college_update')).toEqual([{ input: { name: '东莞市技师学院', code: '', city: '东莞市', min_wage: 0, code_list: '2021', credit_code: '', address: '', contacts: [] } }])
    expect(dialogOpen()).toBe(false)
  })

  it('shows a backend error under the name field and keeps the typed values', async () => {
    const backend = installBackend({
      college_update: () => {
        throw appError([{ field: 'name', code: 'name.required', message: '请填写学校名称', params: {} }])
      },
    })
    await mountWithApp(App)
    await openFromTopBar()

    type('college-name-input', '佛山市技师学院')
    type('college-code', '4144060001')
    type('college-city', '佛山')
    byTestId('college-save')!.click()
    await settleErrors()

    expect(backend.argsOf('college_update')).toEqual([{ input: { name: '佛山市技师学院', code: '4144060001', city: '佛山', min_wage: 0, code_list: '2021', credit_code: '', address: '', contacts: [] } }])
    expect(fieldError('name')).toBe('此项必填')
    expect(fieldError('code')).toBeUndefined()
    expect(dialogOpen()).toBe(true)
    expect(input('college-name-input').value).toBe('佛山市技师学院')
    expect(input('college-code').value).toBe('4144060001')
    expect(input('college-city').value).toBe('佛山')
    expect(topBarName()).toBe('东莞市技师学院')
  })

  it('asks for a name before calling the backend', async () => {
    const backend = installBackend()
    await mountWithApp(App)
    await openFromTopBar()

    type('college-name-input', '')
    byTestId('college-save')!.click()
    await settleErrors()

    expect(fieldError('name')).toBe('此项必填')
    expect(backend.argsOf('college_update')).toEqual([])
    expect(dialogOpen()).toBe(true)
  })

  it('invites to set the name while the college still has the install default', async () => {
    let college: College = { ...APP_INFO.college, name: '我的学校', city: null }
    const backend = installBackend({
      app_info: () => ({ ...APP_INFO, college }),
      college_update: ({ input }) => (college = { ...college, ...input }),
    })
    await mountWithApp(App)

    expect(topBarName()).toBe('我的学校')
    expect(byTestId('college-name-hint')!.textContent?.trim()).toBe('设置学校名称')

    await openFromTopBar('college-name-hint')
    expect(input('college-name-input').value).toBe('我的学校')
    type('college-name-input', '中山市技师学院')
    byTestId('college-save')!.click()
    await settle()

    expect(backend.argsOf('college_update').length).toBe(1)
    await waitFor(() => topBarName() === '中山市技师学院')
    expect(byTestId('college-name-hint')).toBeNull()
  })

  it('speaks English in the top bar and the dialog', async () => {
    installBackend({ app_info: () => ({ ...APP_INFO, college: { ...APP_INFO.college, name: '我的学校' } }) })
    await mountWithApp(App)
    byTestId('lang-switch')!.querySelector<HTMLElement>('.el-button')!.click()
    await settle()
    byTestId('lang-en')!.click()
    await settle()

    expect(byTestId('college-name-hint')!.textContent?.trim()).toBe("Set your college's name")
    await openFromTopBar()
    const dialog = byTestId('college-form')!
    expect(dialog.textContent).toContain('College profile')
    expect(dialog.textContent).toContain('College code')
    expect(dialog.textContent).not.toMatch(/[\u4e00-\u9fff]/)
  })

  it('sets the local minimum wage and the code list new placements use', async () => {
    const backend = installBackend({
      code_lists: () => [
        { version: '2021', title: '毕业去向代码表（2021 年版）', codes: 17, loaded_at: '2025-01-01T00:00:00Z' },
        { version: '2024-粤', title: '广东省毕业去向代码表', codes: 18, loaded_at: '2025-06-01T00:00:00Z' },
      ],
    })
    await mountWithApp(App)
    await openFromTopBar()

    type('college-min-wage', '2300')
    input('college-min-wage').dispatchEvent(new Event('change'))
    byTestId('college-code-list')!.querySelector<HTMLElement>('.el-select__wrapper')!.click()
    await settle()
    // The code-list choice (the page's page-size select has options of its own).
    const options = Array.from(document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')).filter((o) =>
      o.textContent?.includes('代码'),
    )
    expect(options.map((o) => o.textContent?.trim())).toEqual([
      '毕业去向代码表（2021 年版）（2021，17 个代码）',
      '广东省毕业去向代码表（2024-粤，18 个代码）',
    ])
    options[1].click()
    await settle()
    byTestId('college-save')!.click()
    await settle()

    expect(backend.argsOf('college_update')).toEqual([
      { input: { name: '东莞市技师学院', code: '', city: '东莞', min_wage: 2300, code_list: '2024-粤', credit_code: '', address: '', contacts: [] } },
    ])
  })

  it('records the party details a printed agreement shows: credit code, address, contacts', async () => {
    const backend = installBackend()
    await mountWithApp(App)
    await openFromTopBar()
    expect(byTestId('college-party-hint')!.textContent).toContain('甲方')
    expect(byTestId('field-credit_code')!.textContent).toContain('统一社会信用代码')
    expect(byTestId('field-address')!.textContent).toContain('地址')
    expect(byTestId('field-contacts')!.textContent).toContain('联系人')

    type('college-credit-code', ' 12441900MB2C517308 ')
    type('college-address', '东莞市松山湖学府路9号')
    byTestId('contact-add')!.click()
    await settle()
    type('contact-name', '陈思远')
    type('contact-role', '就业办主任')
    type('contact-phone', '0769-22896100')
    byTestId('college-save')!.click()
    await settle()

    expect(backend.argsOf('college_update')).toEqual([
      {
        input: {
          name: '东莞市技师学院',
          code: '',
          city: '东莞',
          min_wage: 0,
          code_list: '2021',
          credit_code: '12441900MB2C517308',
          address: '东莞市松山湖学府路9号',
          contacts: [{ name: '陈思远', role: '就业办主任', phone: '0769-22896100', email: null }],
        },
      },
    ])
    expect(dialogOpen()).toBe(false)

    // Opened again, the dialog shows what was saved.
    await openFromTopBar()
    expect(input('college-credit-code').value).toBe('12441900MB2C517308')
    expect(input('college-address').value).toBe('东莞市松山湖学府路9号')
    expect(input('contact-name').value).toBe('陈思远')
    expect(input('contact-phone').value).toBe('0769-22896100')
  })

  it('shows a wrong credit code and a wrong contact phone under their fields', async () => {
    installBackend({
      college_update: () => {
        throw appError([
          {
            field: 'credit_code',
            code: 'credit_code.check_digit',
            message: '统一社会信用代码校验位错误：应为 8，实际为 9',
            params: { expected: '8', found: '9' },
          },
          {
            field: 'contacts[0].phone',
            code: 'contacts.phone.format',
            message: '第 1 位联系人的电话格式不对：手机号 11 位，座机带区号',
            params: { row: '1' },
          },
        ])
      },
    })
    await mountWithApp(App)
    await openFromTopBar()
    type('college-credit-code', '12441900MB2C517309')
    byTestId('contact-add')!.click()
    await settle()
    type('contact-name', '陈思远')
    type('contact-phone', '12345')
    byTestId('college-save')!.click()
    await settleErrors()

    // The college cannot keep such a code: nothing offers to save it anyway.
    expect(fieldError('credit_code')).toBe('校验位应为 8，实际为 9；请对照证书核对代码')
    expect(byTestId('college-form')!.textContent).not.toContain('仍然保存')
    expect(fieldError('contacts')).toBe('第 1 位联系人的电话格式不对')
    expect(dialogOpen()).toBe(true)
    expect(input('college-credit-code').value).toBe('12441900MB2C517309')
    // Editing the contact takes its error away.
    type('contact-phone', '13812345678')
    await settle()
    expect(fieldError('contacts') ?? '').toBe('')
  })
})
