import { describe, expect, it } from 'vitest'
import type { User } from '@/api/types'
import { ADMIN_USER, appError, installBackend, type Handler } from '@/test/backend'
import { allByTestId, byTestId, mountWithApp, settle, settleErrors } from '@/test/mount'
import { i18n } from '@/locales'
import UsersView from './UsersView.vue'

const LOCK_END = new Date(Date.now() + 10 * 60_000).toISOString()

const TEACHER: User = {
  ...ADMIN_USER,
  id: 'u2',
  username: 'liwei',
  display_name: '李伟',
  role: 'teacher',
  classes: ['机器人2101', '机器人2102'],
  last_login_at: null,
}
const LOCKED: User = { ...ADMIN_USER, id: 'u3', username: 'zhaoli', display_name: '赵丽', role: 'staff', locked_until: LOCK_END }
const DISABLED: User = { ...ADMIN_USER, id: 'u4', username: 'old', display_name: '老周', role: 'staff', disabled: true }
const USERS = [ADMIN_USER, LOCKED, DISABLED, TEACHER]

async function mountUsers(overrides: Record<string, Handler> = {}) {
  const backend = installBackend({ users_list: () => USERS, ...overrides })
  await mountWithApp(UsersView, {}, '/users')
  await settle()
  return backend
}

/** The <input> behind a test id (el-input puts the id on the input itself). */
function input(id: string): HTMLInputElement {
  const el = byTestId<HTMLElement>(id)!
  return el instanceof HTMLInputElement ? el : el.querySelector<HTMLInputElement>('input')!
}

async function type(id: string, text: string): Promise<void> {
  const field = input(id)
  field.value = text
  field.dispatchEvent(new Event('input'))
  await settle(2)
}

async function pickOption(testId: string, label: string): Promise<void> {
  byTestId(testId)!.querySelector<HTMLElement>('.el-select__wrapper')!.click()
  await settle()
  Array.from(document.querySelectorAll<HTMLElement>('.el-select-dropdown__item'))
    .find((item) => item.textContent?.trim() === label)!
    .click()
  await settle()
}

/** Types a class name into the tag input and presses Enter, which makes it a tag. */
async function addClass(name: string): Promise<void> {
  byTestId('user-classes')!.querySelector<HTMLElement>('.el-select__wrapper')!.click()
  await settle()
  const field = byTestId('user-classes')!.querySelector<HTMLInputElement>('input')!
  field.value = name
  field.dispatchEvent(new Event('input'))
  await settle()
  field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true }))
  await settle()
}

function rowOf(username: string): HTMLElement {
  return allByTestId('user-row').find((row) => row.querySelector('[data-testid="user-row-name"]')?.textContent === username)!
}

const fieldError = (field: string) => byTestId(`field-${field}`)?.querySelector('.el-form-item__error')?.textContent?.trim()

describe('UsersView', () => {
  it('lists the users with their role, classes, last sign-in and state', async () => {
    await mountUsers()

    expect(allByTestId('user-row-name').map((e) => e.textContent)).toEqual(['admin', 'zhaoli', 'old', 'liwei'])
    expect(allByTestId('user-row')).toHaveLength(4)
    expect(allByTestId('user-row-role').map((e) => e.textContent)).toEqual(['管理员', '就业办工作人员', '就业办工作人员', '教师'])
    expect(rowOf('liwei').querySelector('[data-testid="user-row-classes"]')!.textContent).toBe('机器人2101；机器人2102')
    expect(rowOf('liwei').textContent).toContain('从未登录')
    expect(rowOf('admin').textContent).toContain('（我）')
    expect(rowOf('admin').querySelector('[data-testid="user-row-state"]')!.textContent?.trim()).toBe('正常')
    expect(rowOf('zhaoli').querySelector('[data-testid="user-row-state"]')!.textContent?.trim()).toMatch(
      /^锁定至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/,
    )
    expect(rowOf('old').querySelector('[data-testid="user-row-state"]')!.textContent?.trim()).toBe('已停用')
    expect(byTestId('user-total')!.textContent?.trim()).toBe('共 4 个账号')
  })

  it('adds a teacher with classes, the classes field shown only for teachers, and saves on Enter', async () => {
    const backend = await mountUsers({
      user_add: ({ input: i }) => ({ ...TEACHER, id: 'u9', username: i.username, display_name: i.display_name, classes: i.classes }),
    })

    byTestId('user-add')!.click()
    await settle()
    expect(byTestId('user-form')).not.toBeNull()
    expect(byTestId('user-disabled')).toBeNull()
    expect(byTestId('user-classes')).toBeNull()

    await type('user-username', 'wangfang')
    await type('user-display-name', '王芳')
    await pickOption('user-role', '教师')
    expect(byTestId('user-classes')).not.toBeNull()
    await addClass('数控2201')
    expect(Array.from(byTestId('user-classes')!.querySelectorAll('.el-tag')).map((e) => e.textContent?.trim())).toEqual(['数控2201'])
    await type('user-password', 'secret-pass')
    input('user-password').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    await settle()

    expect(backend.argsOf('user_add')).toEqual([
      {
        input: {
          username: 'wangfang',
          display_name: '王芳',
          role: 'teacher',
          classes: ['数控2201'],
          password: 'secret-pass',
          disabled: null,
        },
      },
    ])
    expect(document.body.textContent).toContain('已添加用户“王芳”')
    // The list is read again.
    expect(backend.argsOf('users_list')).toHaveLength(2)
  })

  it('asks for a password on add, but not on edit', async () => {
    const backend = await mountUsers({ user_add: () => TEACHER })

    byTestId('user-add')!.click()
    await settle()
    await type('user-username', 'staff1')
    await type('user-display-name', '钱多')
    await pickOption('user-role', '就业办工作人员')
    byTestId('user-save')!.click()
    await settleErrors()

    expect(fieldError('password')).toBe('请设置密码')
    expect(backend.argsOf('user_add')).toEqual([])
  })

  it('edits a user: no login name change, a blank password kept, the account disabled', async () => {
    const backend = await mountUsers({ user_update: ({ id }) => ({ ...DISABLED, id }) })

    rowOf('liwei').querySelector<HTMLElement>('[data-testid="user-edit"]')!.click()
    await settle()
    expect(input('user-username').value).toBe('liwei')
    expect(input('user-username').disabled).toBe(true)
    expect(input('user-display-name').value).toBe('李伟')
    expect(input('user-password').placeholder).toBe('留空则不修改密码')
    expect(byTestId('user-locked-hint')).toBeNull()

    await type('user-display-name', '李伟老师')
    byTestId('user-disabled')!.click()
    await settle()
    byTestId('user-save')!.click()
    await settle()

    expect(backend.argsOf('user_update')).toEqual([
      {
        id: 'u2',
        input: {
          username: null,
          display_name: '李伟老师',
          role: 'teacher',
          classes: ['机器人2101', '机器人2102'],
          password: null,
          disabled: true,
        },
      },
    ])
  })

  it('sends no classes for a role other than teacher', async () => {
    const backend = await mountUsers({ user_update: ({ id }) => ({ ...TEACHER, id, role: 'staff' }) })

    rowOf('liwei').querySelector<HTMLElement>('[data-testid="user-edit"]')!.click()
    await settle()
    await pickOption('user-role', '就业办工作人员')
    expect(byTestId('user-classes')).toBeNull()
    byTestId('user-save')!.click()
    await settle()

    expect(backend.argsOf('user_update')[0].input).toMatchObject({ role: 'staff', classes: [] })
  })

  it('says a locked account is unlocked by a new password, and sends it', async () => {
    const backend = await mountUsers({ user_update: ({ id }) => ({ ...LOCKED, id, locked_until: null }) })

    rowOf('zhaoli').querySelector<HTMLElement>('[data-testid="user-edit"]')!.click()
    await settle()
    expect(byTestId('user-locked-hint')!.textContent).toContain('设置新密码即可立即解锁')

    await type('user-password', 'new-password-1')
    byTestId('user-save')!.click()
    await settle()

    expect(backend.argsOf('user_update')[0]).toMatchObject({ id: 'u3', input: { password: 'new-password-1' } })
  })

  it("shows the backend's refusals under their fields and keeps what was typed", async () => {
    await mountUsers({
      user_update: () => {
        throw appError([
          { field: 'role', code: 'role.last_admin', message: '这是唯一的管理员', params: {} },
          { field: 'password', code: 'password.too_short', message: '密码至少 8 个字符', params: {} },
        ])
      },
    })

    rowOf('admin').querySelector<HTMLElement>('[data-testid="user-edit"]')!.click()
    await settle()
    await pickOption('user-role', '就业办工作人员')
    // Eight characters pass the form's own check; the backend refuses it all the same here.
    await type('user-password', '12345678')
    byTestId('user-save')!.click()
    await settleErrors()

    expect(fieldError('role')).toBe('这是唯一的管理员，不能改为其他角色或停用')
    expect(fieldError('password')).toBe('密码至少 8 个字符')
    expect(byTestId('user-form')).not.toBeNull()
    expect(input('user-password').value).toBe('12345678')
  })

  it('shows a taken login name under it', async () => {
    await mountUsers({
      user_add: () => {
        throw appError([{ field: 'username', code: 'username.taken', message: '登录名“liwei”已被使用', params: {} }])
      },
    })

    byTestId('user-add')!.click()
    await settle()
    await type('user-username', 'liwei')
    await type('user-display-name', '李伟')
    await pickOption('user-role', '管理员')
    await type('user-password', 'long-enough')
    byTestId('user-save')!.click()
    await settleErrors()

    expect(fieldError('username')).toBe('登录名已被使用')
    expect(input('user-username').value).toBe('liwei')
  })

  it('speaks English when English is chosen', async () => {
    i18n.global.locale.value = 'en-US'
    await mountUsers()

    expect(allByTestId('user-row-role').map((e) => e.textContent)).toEqual(['Administrator', 'Career-office staff', 'Career-office staff', 'Teacher'])
    expect(byTestId('user-total')!.textContent?.trim()).toBe('4 accounts')
    expect(rowOf('old').querySelector('[data-testid="user-row-state"]')!.textContent?.trim()).toBe('Disabled')
  })
})
