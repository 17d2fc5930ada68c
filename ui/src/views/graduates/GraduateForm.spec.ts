import { describe, expect, it } from 'vitest'
import { i18n } from '@/locales'
import { ADMIN_USER, appError, FULL_ID, FULL_PHONE, installBackend, SESSION_STATUS } from '@/test/backend'
import { useSessionStore } from '@/store/session'
import { byTestId, mountWithApp, settle, settleErrors } from '@/test/mount'
import GraduateForm from './GraduateForm.vue'

const CHECK_DIGIT = appError([
  {
    field: 'id_number',
    code: 'id_number.check_digit',
    message: '身份证号校验位错误',
    params: { expected: 'X', found: '1' },
  },
])

async function openForm(graduateId: string | null = null) {
  const mounted = await mountWithApp(GraduateForm, { props: { modelValue: true, graduateId } })
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
}

async function choose(testId: string, optionText: string): Promise<void> {
  byTestId(testId)!.querySelector<HTMLElement>('.el-select__wrapper')!.click()
  await settle()
  const option = Array.from(document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')).find(
    (item) => item.textContent?.trim() === optionText,
  )
  expect(option, `option ${optionText}`).toBeTruthy()
  option!.click()
  await settle()
}

function errorUnder(field: string): string {
  return byTestId(`field-${field}`)?.querySelector('.el-form-item__error')?.textContent?.trim() ?? ''
}

async function fillAndSave(): Promise<void> {
  type('graduate-name', '张三')
  type('graduate-student-number', ' 2021001 ')
  type('graduate-id-number', '110105194912310021')
  type('graduate-cohort', '2025')
  await choose('graduate-gender', '男')
  await choose('graduate-program', '工业机器人应用与维护')
  byTestId('graduate-save')!.click()
  await settleErrors()
}

describe('GraduateForm', () => {
  it('shows a backend field error under its field, translated with params, and keeps what was typed', async () => {
    const backend = installBackend({
      graduate_create: () => {
        throw CHECK_DIGIT
      },
    })
    await openForm()
    await fillAndSave()

    expect(backend.argsOf('graduate_create')).toHaveLength(1)
    expect(errorUnder('id_number')).toBe('校验位应为 X，实际为 1，请核对号码')
    expect(errorUnder('name')).toBe('')
    // Nothing typed is lost, and the dialog stays open.
    expect(input('graduate-name').value).toBe('张三')
    expect(input('graduate-id-number').value).toBe('110105194912310021')
    expect(input('graduate-cohort').value).toBe('2025')
    expect(byTestId('graduate-form')).not.toBeNull()
    // The first field with an error has the focus.
    expect(document.activeElement).toBe(input('graduate-id-number'))

    // Correcting the field takes its error away.
    type('graduate-id-number', '11010519491231002X')
    await settleErrors()
    expect(errorUnder('id_number')).toBe('')
  })

  it('sends trimmed values with the chosen program and gender', async () => {
    const backend = installBackend()
    const { wrapper } = await openForm()
    await fillAndSave()

    expect(backend.argsOf('graduate_create')[0].input).toMatchObject({
      name: '张三',
      gender: '男',
      student_number: '2021001',
      id_number: '110105194912310021',
      phone: null,
      program_id: 'p1',
      cohort: 2025,
      notes: null,
    })
    expect(wrapper.emitted('saved')).toHaveLength(1)
    expect(wrapper.emitted('update:modelValue')).toEqual([[false]])
  })

  it('shows the error in English when English is chosen', async () => {
    i18n.global.locale.value = 'en-US'
    installBackend({
      graduate_create: () => {
        throw CHECK_DIGIT
      },
    })
    await openForm()
    type('graduate-name', 'Zhang San')
    type('graduate-student-number', '2021001')
    type('graduate-id-number', '110105194912310021')
    type('graduate-cohort', '2025')
    await choose('graduate-program', '工业机器人应用与维护')
    byTestId('graduate-save')!.click()
    await settleErrors()

    expect(errorUnder('id_number')).toBe('The check character should be X, not 1; please check the number')
  })

  it('puts program errors under the program select and falls back to the backend message', async () => {
    installBackend({
      graduate_create: () => {
        throw appError([
          { field: 'program_id', code: 'program.unknown', message: '专业不存在', params: {} },
          { field: 'student_number', code: 'student_number.brand_new', message: '学号不符合本校规则', params: {} },
        ])
      },
    })
    await openForm()
    await fillAndSave()

    expect(errorUnder('program')).toBe('专业不存在，请重新选择')
    expect(errorUnder('student_number')).toBe('学号不符合本校规则')
  })

  it('does not call the backend while required fields are empty', async () => {
    const backend = installBackend()
    await openForm()
    byTestId('graduate-save')!.click()
    await settleErrors()

    expect(backend.argsOf('graduate_create')).toHaveLength(0)
    expect(errorUnder('name')).toBe('此项必填')
    expect(errorUnder('program')).toBe('此项必填')
  })

  it('loads the record for an edit with the ID number and phone masked, and keeps them when left blank', async () => {
    const backend = installBackend()
    await openForm('g1')

    expect(backend.argsOf('graduate_get')).toEqual([{ id: 'g1' }])
    expect(input('graduate-id-number').value).toBe('')
    expect(input('graduate-id-number').placeholder).toBe('1101**********002X')
    expect(input('graduate-phone').placeholder).toBe('138****5678')
    expect(document.body.innerHTML).not.toContain(FULL_ID)
    expect(input('graduate-teacher').value).toBe('李老师')

    type('graduate-phone', '13900001111')
    byTestId('graduate-save')!.click()
    await settle()
    expect(backend.argsOf('graduate_update')).toEqual([
      { id: 'g1', input: expect.objectContaining({ phone: '13900001111', id_number: null, program_id: 'p1' }) },
    ])
  })

  it('shows the whole numbers to an administrator who asks, through graduate_reveal', async () => {
    const backend = installBackend()
    await openForm('g1')
    await useSessionStore().load()
    await settle()

    byTestId('graduate-reveal')!.click()
    await settle()
    expect(backend.argsOf('graduate_reveal')).toEqual([{ id: 'g1' }])
    expect(input('graduate-id-number').value).toBe(FULL_ID)
    expect(input('graduate-phone').value).toBe(FULL_PHONE)
    expect(byTestId('graduate-masked-hint')).toBeNull()
  })

  it('offers no reveal to career-office staff', async () => {
    installBackend({ session_status: () => ({ ...SESSION_STATUS, user: { ...ADMIN_USER, role: 'staff' } }) })
    await openForm('g1')
    await useSessionStore().load()
    await settle()

    expect(byTestId('graduate-masked-hint')?.textContent).toContain('已遮盖')
    expect(byTestId('graduate-reveal')).toBeNull()
  })
})
