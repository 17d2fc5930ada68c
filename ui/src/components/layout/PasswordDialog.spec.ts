import { describe, expect, it } from 'vitest'
import { appError, installBackend } from '@/test/backend'
import { byTestId, mountWithApp, settle, settleErrors } from '@/test/mount'
import PasswordDialog from './PasswordDialog.vue'

function input(testId: string): HTMLInputElement {
  const el = byTestId(testId)!
  return (el.tagName === 'INPUT' ? el : el.querySelector('input'))! as HTMLInputElement
}

function type(testId: string, value: string): void {
  const el = input(testId)
  el.value = value
  el.dispatchEvent(new Event('input'))
}

async function open() {
  const mounted = await mountWithApp(PasswordDialog, { props: { modelValue: true } })
  await settle()
  return mounted
}

describe('changing one’s own password', () => {
  it('sends the current and the new password', async () => {
    const backend = installBackend({ session_change_password: () => null })
    const { wrapper } = await open()
    type('password-current', 'old-password-1')
    type('password-new', 'new-password-1')
    type('password-confirm', 'new-password-1')
    byTestId('password-save')!.click()
    await settle()

    expect(backend.argsOf('session_change_password')).toEqual([{ current: 'old-password-1', newPassword: 'new-password-1' }])
    expect(wrapper.emitted('update:modelValue')).toEqual([[false]])
  })

  it('refuses two different new passwords without calling the backend', async () => {
    const backend = installBackend({ session_change_password: () => null })
    await open()
    type('password-current', 'old-password-1')
    type('password-new', 'new-password-1')
    type('password-confirm', 'new-password-2')
    byTestId('password-save')!.click()
    await settleErrors()

    expect(byTestId('password-dialog')!.textContent).toContain('两次输入的密码不一致')
    expect(backend.argsOf('session_change_password')).toHaveLength(0)
  })

  it('shows a wrong current password under its field and keeps what was typed', async () => {
    installBackend({
      session_change_password: () => {
        throw appError([{ field: 'current_password', code: 'current_password.wrong', message: '当前密码不正确', params: {} }])
      },
    })
    await open()
    type('password-current', 'not-it-1')
    type('password-new', 'new-password-1')
    type('password-confirm', 'new-password-1')
    byTestId('password-save')!.click()
    await settleErrors()

    expect(byTestId('password-dialog')!.textContent).toContain('当前密码不正确')
    expect(input('password-new').value).toBe('new-password-1')
  })
})
