import { describe, expect, it } from 'vitest'
import App from '@/App.vue'
import { ADMIN_USER, appError, installBackend, SESSION_STATUS } from '@/test/backend'
import { byTestId, mountWithApp, settle, settleErrors, waitFor } from '@/test/mount'

const SIGNED_OUT = { ...SESSION_STATUS, user: null }
const TEACHER = { ...ADMIN_USER, id: 'u2', username: 'li', display_name: '李老师', role: 'teacher' as const, classes: ['机器人2101'] }

function input(testId: string): HTMLInputElement {
  const el = byTestId(testId)!
  return (el.tagName === 'INPUT' ? el : el.querySelector('input'))! as HTMLInputElement
}

function type(testId: string, value: string): void {
  const el = input(testId)
  el.value = value
  el.dispatchEvent(new Event('input'))
}

function enter(testId: string): void {
  input(testId).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
}

describe('signing in', () => {
  it('shows the sign-in page, not the college, when nobody is signed in', async () => {
    const backend = installBackend({ session_status: () => SIGNED_OUT })
    const { router } = await mountWithApp(App, {}, '/graduates')

    expect(router.currentRoute.value.name).toBe('signin')
    expect(router.currentRoute.value.query.redirect).toBe('/graduates')
    expect(byTestId('signin-college')!.textContent).toContain('东莞市技师学院')
    expect(byTestId('nav-graduates')).toBeNull()
    expect(backend.argsOf('graduates_list')).toHaveLength(0)
  })

  it('signs in with Enter and opens the page asked for', async () => {
    const backend = installBackend({ session_status: () => SIGNED_OUT, session_sign_in: () => ADMIN_USER })
    const { router } = await mountWithApp(App, {}, '/programs')

    type('signin-username', ' admin ')
    type('signin-password', 'correct-horse-1')
    enter('signin-password')
    await waitFor(() => router.currentRoute.value.path === '/programs')

    expect(backend.argsOf('session_sign_in')).toEqual([{ username: 'admin', password: 'correct-horse-1' }])
    expect(byTestId('account-name')!.textContent).toContain('王主任')
    expect(byTestId('account-name')!.textContent).toContain('管理员')
  })

  it('says a wrong password in the user’s words, empties the password and keeps the name', async () => {
    installBackend({
      session_status: () => SIGNED_OUT,
      session_sign_in: () => {
        throw { code: 'error.wrong_password', message: '用户名或密码不正确', fields: [] }
      },
    })
    const { router } = await mountWithApp(App, {}, '/graduates')

    type('signin-username', 'admin')
    type('signin-password', 'wrong')
    byTestId('signin-submit')!.click()
    await settle()

    expect(byTestId('signin-error')!.textContent).toBe('用户名或密码不正确')
    expect(input('signin-password').value).toBe('')
    expect(input('signin-username').value).toBe('admin')
    expect(router.currentRoute.value.name).toBe('signin')
  })

  it('tells until when a locked account stays locked', async () => {
    installBackend({
      session_status: () => SIGNED_OUT,
      session_sign_in: () => {
        throw { code: 'error.account_locked', message: '密码错误次数过多，账号已锁定至 2026-12-03T10:15:00Z（UTC）', fields: [] }
      },
    })
    await mountWithApp(App, {}, '/graduates')
    type('signin-username', 'admin')
    type('signin-password', 'whatever')
    byTestId('signin-submit')!.click()
    await settle()

    expect(byTestId('signin-error')!.textContent).toContain('锁定至 2026-12-03T10:15:00Z')
  })

  it('asks for the name and password before calling the backend', async () => {
    const backend = installBackend({ session_status: () => SIGNED_OUT })
    await mountWithApp(App, {}, '/graduates')
    byTestId('signin-submit')!.click()
    await settle()

    expect(byTestId('signin-error')!.textContent).toBe('请填写登录名和密码')
    expect(backend.argsOf('session_sign_in')).toHaveLength(0)
  })
})

describe('the first start', () => {
  it('creates the administrator, refusing two different passwords, and signs them in', async () => {
    const backend = installBackend({
      session_status: () => ({ ...SIGNED_OUT, has_users: false }),
      session_create_first_admin: ({ input }) => ({ ...ADMIN_USER, username: input.username, display_name: input.display_name }),
    })
    const { router } = await mountWithApp(App, {}, '/')
    expect(byTestId('first-admin-title')!.textContent).toBe('首次使用：创建管理员')
    expect(byTestId('signin-form')).toBeNull()

    type('first-admin-username', 'admin')
    type('first-admin-display-name', '王主任')
    type('first-admin-password', 'correct-horse-1')
    type('first-admin-confirm', 'correct-horse-2')
    byTestId('first-admin-submit')!.click()
    await settleErrors()
    expect(byTestId('first-admin-form')!.textContent).toContain('两次输入的密码不一致')
    expect(backend.argsOf('session_create_first_admin')).toHaveLength(0)

    type('first-admin-confirm', 'correct-horse-1')
    byTestId('first-admin-submit')!.click()
    await waitFor(() => router.currentRoute.value.path === '/graduates')
    expect(backend.argsOf('session_create_first_admin')).toEqual([
      {
        input: {
          username: 'admin',
          display_name: '王主任',
          password: 'correct-horse-1',
          role: 'admin',
          classes: null,
          disabled: null,
        },
      },
    ])
  })

  it('shows the backend’s refusal of a short password under its field', async () => {
    installBackend({
      session_status: () => ({ ...SIGNED_OUT, has_users: false }),
      session_create_first_admin: () => {
        throw appError([{ field: 'password', code: 'password.too_short', message: '密码至少 8 个字符', params: {} }])
      },
    })
    await mountWithApp(App, {}, '/')
    type('first-admin-username', 'admin')
    type('first-admin-display-name', '王主任')
    type('first-admin-password', 'short')
    type('first-admin-confirm', 'short')
    byTestId('first-admin-submit')!.click()
    await settleErrors()

    expect(byTestId('first-admin-form')!.textContent).toContain('密码至少 8 个字符')
  })
})

describe('roles and the end of a session', () => {
  it('gives a teacher only the graduates, the placements and the settings', async () => {
    installBackend({ session_status: () => ({ ...SESSION_STATUS, user: TEACHER }) })
    const { router } = await mountWithApp(App, {}, '/graduates')

    for (const shown of ['graduates', 'placements', 'settings']) expect(byTestId(`nav-${shown}`), shown).not.toBeNull()
    for (const hidden of ['home', 'programs', 'employers', 'agreements', 'fairs', 'statistics', 'conflicts', 'users', 'audit']) {
      expect(byTestId(`nav-${hidden}`), hidden).toBeNull()
    }
    await router.push('/agreements')
    await waitFor(() => router.currentRoute.value.path === '/graduates')
  })

  it('gives career-office staff everything but the agreements, the users and the audit log', async () => {
    installBackend({ session_status: () => ({ ...SESSION_STATUS, user: { ...ADMIN_USER, role: 'staff' } }) })
    await mountWithApp(App, {}, '/graduates')

    for (const shown of ['home', 'programs', 'employers', 'fairs', 'statistics', 'conflicts']) expect(byTestId(`nav-${shown}`), shown).not.toBeNull()
    for (const hidden of ['agreements', 'users', 'audit']) expect(byTestId(`nav-${hidden}`), hidden).toBeNull()
  })

  it('goes to the sign-in page, saying why, when the backend ended the session for inactivity', async () => {
    installBackend({
      graduates_list: () => {
        throw { code: 'error.session_expired', message: '长时间未操作', fields: [] }
      },
    })
    const { router } = await mountWithApp(App, {}, '/graduates')
    await waitFor(() => router.currentRoute.value.name === 'signin')

    expect(byTestId('signin-notice')!.textContent).toContain('长时间未操作，已自动退出')
    expect(router.currentRoute.value.query.redirect).toBe('/graduates')
  })

  it('signs out from the account menu', async () => {
    const backend = installBackend()
    const { router } = await mountWithApp(App, {}, '/graduates')
    byTestId('account-name')!.click()
    await settle()
    byTestId('account-signout')!.click()
    await waitFor(() => router.currentRoute.value.name === 'signin')

    expect(backend.argsOf('session_sign_out')).toEqual([{ idle: false }])
    expect(byTestId('signin-notice')).toBeNull()
  })
})
