import { describe, expect, it } from 'vitest'
import type { User } from '@/api/types'
import { ADMIN_USER, installBackend, SESSION_STATUS, type Handler } from '@/test/backend'
import { byTestId, mountWithApp, settle } from '@/test/mount'
import { i18n } from '@/locales'
import { useAppStore } from '@/store/app'
import AccountSection from './AccountSection.vue'

const TEACHER: User = { ...ADMIN_USER, id: 'u2', username: 'liwei', display_name: '李伟', role: 'teacher', classes: ['机器人2101'] }

async function mountSection(user: User = ADMIN_USER, overrides: Record<string, Handler> = {}) {
  const backend = installBackend({ session_status: () => ({ ...SESSION_STATUS, user }), ...overrides })
  const mounted = await mountWithApp(AccountSection, {}, '/settings')
  await settle()
  return { backend, ...mounted }
}

const text = (id: string) => byTestId(id)?.textContent?.replace(/\s+/g, ' ').trim() ?? ''

function type(testId: string, value: string): void {
  const el = byTestId(testId)!
  const field = (el.tagName === 'INPUT' ? el : el.querySelector('input')!) as HTMLInputElement
  field.value = value
  field.dispatchEvent(new Event('input'))
}

/** Whether the password dialog is open (el-dialog stays in the page, hidden, once opened). */
function dialogOpen(): boolean {
  const dialog = byTestId('password-dialog')
  return dialog !== null && dialog.closest<HTMLElement>('.el-overlay')?.style.display !== 'none'
}

describe('AccountSection', () => {
  it('shows the signed-in person’s name, login name and role', async () => {
    await mountSection(TEACHER)

    expect(text('settings-account-name')).toBe('李伟')
    expect(text('settings-account')).toContain('liwei')
    expect(text('settings-account-role')).toBe('教师')
    expect(text('settings-account')).not.toContain('王主任')
  })

  it('names an administrator’s role', async () => {
    await mountSection(ADMIN_USER)

    expect(text('settings-account-name')).toBe('王主任')
    expect(text('settings-account-role')).toBe('管理员')
  })

  it('changes one’s own password from the account card, and closes the dialog', async () => {
    const { backend } = await mountSection(TEACHER, { session_change_password: () => null })
    expect(dialogOpen()).toBe(false)

    byTestId('settings-change-password')!.click()
    await settle()
    expect(dialogOpen()).toBe(true)

    type('password-current', 'old-password-1')
    type('password-new', 'new-password-1')
    type('password-confirm', 'new-password-1')
    byTestId('password-save')!.click()
    await settle()

    expect(backend.argsOf('session_change_password')).toEqual([{ current: 'old-password-1', newPassword: 'new-password-1' }])
    expect(dialogOpen()).toBe(false)
    expect(Array.from(document.querySelectorAll('.el-message')).map((m) => m.textContent?.trim())).toContain('密码已修改')
  })

  it('switches the language, and remembers it', async () => {
    await mountSection(TEACHER)
    const chinese = byTestId('settings-lang-zh-CN')!.querySelector<HTMLInputElement>('input')!
    const english = byTestId('settings-lang-en')!.querySelector<HTMLInputElement>('input')!
    expect(chinese.checked).toBe(true)

    english.click()
    await settle()

    expect(i18n.global.locale.value).toBe('en-US')
    expect(useAppStore().locale).toBe('en-US')
    expect(document.documentElement.lang).toBe('en-US')
    expect(localStorage.getItem('xiaoqi.locale')).toBe('en-US')
    expect(english.checked).toBe(true)
    expect(text('settings-account')).toContain('My account')
    expect(text('settings-account-role')).toBe('Teacher')

    chinese.click()
    await settle()
    expect(i18n.global.locale.value).toBe('zh-CN')
    expect(text('settings-account-role')).toBe('教师')
  })
})
