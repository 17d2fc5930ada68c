import { describe, expect, it, vi } from 'vitest'
import type { Role, SyncSettings, SyncStatus } from '@/api/types'
import {
  ADMIN_USER,
  APP_INFO,
  appError,
  installBackend,
  SESSION_STATUS,
  SYNC_SETTINGS,
  SYNC_STATUS,
  type Handler,
} from '@/test/backend'
import { byTestId, mountWithApp, settle, settleErrors } from '@/test/mount'
import { useSyncStore } from '@/store/sync'
import SettingsView from './SettingsView.vue'

const SAVED: SyncSettings = {
  ...SYNC_SETTINGS,
  server: 'https://sync.example.edu.cn',
  has_token: true,
  user: '王老师',
}

const SYNCED: SyncStatus = {
  ...SYNC_STATUS,
  activity: 'idle',
  server: SAVED.server,
  has_token: true,
  pending: 0,
  last_synced_at: new Date().toISOString(),
  last_sync: { at: new Date().toISOString(), bound: false, pushed: 12, pulled: 1532, conflicts: 0 },
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

/** Mounts the page for an administrator unless `overrides` gives another `session_status`. */
async function mountSettings(overrides: Record<string, Handler> = {}) {
  const backend = installBackend({ session_status: () => SESSION_STATUS, sync_settings_get: () => SAVED, ...overrides })
  const mounted = await mountWithApp(SettingsView, {}, '/settings')
  await settle()
  return { backend, ...mounted }
}

const result = () => byTestId('settings-sync-result')?.textContent?.trim()

/** The session of someone with this role. */
const signedInAs = (role: Role) => () => ({
  ...SESSION_STATUS,
  user: { ...ADMIN_USER, id: 'u2', username: 'liwei', display_name: '李伟', role, classes: role === 'teacher' ? ['机器人2101'] : [] },
})

const ADMIN_SECTIONS = ['settings-sync', 'settings-security', 'settings-backup']

describe('SettingsView', () => {
  it.each([
    ['teacher', '教师'],
    ['staff', '就业办工作人员'],
  ] as const)('shows a %s only their account, the language and the about card', async (role, roleName) => {
    const { backend } = await mountSettings({ session_status: signedInAs(role) })

    expect(byTestId('settings-account-name')!.textContent).toBe('李伟')
    expect(byTestId('settings-account-role')!.textContent).toBe(roleName)
    expect(byTestId('settings-language')).not.toBeNull()
    expect(byTestId('settings-version')!.textContent).toBe(`校企通 ${APP_INFO.version}`)
    expect(byTestId('settings-db-path')!.textContent).toBe(APP_INFO.db_path)
    for (const id of ADMIN_SECTIONS) expect(byTestId(id), id).toBeNull()
    expect(document.body.textContent).not.toContain('同步服务器与本机信息')
    // Nor are the administrators' settings read.
    for (const cmd of ['sync_settings_get', 'retention_get', 'backups_list']) expect(backend.argsOf(cmd), cmd).toEqual([])
  })

  it('shows an administrator the sync server, security and backups as well as their account and the about card', async () => {
    const { backend } = await mountSettings()

    for (const id of [...ADMIN_SECTIONS, 'settings-account', 'settings-language', 'settings-about']) {
      expect(byTestId(id), id).not.toBeNull()
    }
    expect(byTestId('settings-account-role')!.textContent).toBe('管理员')
    expect(byTestId('settings-version')!.textContent).toBe(`校企通 ${APP_INFO.version}`)
    expect(byTestId('settings-db-path')!.textContent).toBe(APP_INFO.db_path)
    for (const cmd of ['sync_settings_get', 'retention_get', 'backups_list']) expect(backend.argsOf(cmd), cmd).toHaveLength(1)
  })

  it('shows the saved settings without the token itself, and this computer', async () => {
    await mountSettings()

    expect(input('settings-server').value).toBe('https://sync.example.edu.cn')
    expect(input('settings-user').value).toBe('王老师')
    expect(input('settings-token').value).toBe('')
    expect(input('settings-token').type).toBe('password')
    expect(input('settings-token').placeholder).toBe('已设置；留空则保持不变')
    expect(byTestId('settings-token-state')!.textContent?.trim()).toBe('已设置')
    expect(byTestId('settings-device-id')!.textContent).toBe(SYNC_SETTINGS.device_id)
    expect(byTestId('settings-last-synced')!.textContent).toBe('从未同步')
    // The first field is ready for typing.
    expect(document.activeElement).toBe(input('settings-server'))
  })

  it('keeps the saved token when the field is left empty, and sends a new one when typed', async () => {
    const { backend } = await mountSettings({ sync_settings_save: () => SAVED })

    await type('settings-user', ' 李老师 ')
    byTestId('settings-save')!.click()
    await settle()
    expect(backend.argsOf('sync_settings_save')).toEqual([
      { input: { server: 'https://sync.example.edu.cn', token: null, user: '李老师' } },
    ])

    await type('settings-token', 'new-token-123')
    byTestId('settings-save')!.click()
    await settle()
    expect(backend.argsOf('sync_settings_save')[1]).toEqual({
      input: { server: 'https://sync.example.edu.cn', token: 'new-token-123', user: '王老师' },
    })
    // After saving, the token field is empty again: the token is never shown.
    expect(input('settings-token').value).toBe('')
    expect(Array.from(document.querySelectorAll('.el-message')).map((m) => m.textContent?.trim())).toContain('已保存同步设置')
  })

  it('shows a wrong address under its field and keeps what was typed', async () => {
    await mountSettings({
      sync_settings_get: () => SYNC_SETTINGS,
      sync_settings_save: () => {
        throw appError([{ field: 'server', code: 'not_url', message: '服务器地址应以 http:// 或 https:// 开头', params: {} }])
      },
    })

    await type('settings-server', 'sync.example.edu.cn')
    await type('settings-token', 'tok')
    byTestId('settings-save')!.click()
    await settleErrors()

    expect(byTestId('field-server')!.querySelector('.el-form-item__error')?.textContent?.trim()).toBe(
      '服务器地址应以 http:// 或 https:// 开头',
    )
    expect(input('settings-server').value).toBe('sync.example.edu.cn')
    expect(input('settings-token').value).toBe('tok')
  })

  it('saves, then tests the connection by syncing, and says what moved', async () => {
    const { backend } = await mountSettings({ sync_settings_save: () => SAVED, sync_now: () => SYNCED })

    byTestId('settings-sync-now')!.click()
    await settle()

    expect(backend.calls.map((c) => c.cmd).filter((c) => c.startsWith('sync_settings_save') || c === 'sync_now')).toEqual([
      'sync_settings_save',
      'sync_now',
    ])
    expect(result()).toBe('连接成功，同步完成：上传 12 条更改，下载 1,532 条记录')
    expect(useSyncStore().activity).toBe('idle')
  })

  it('says so when the first sync bound this computer to the college', async () => {
    await mountSettings({
      sync_settings_save: () => SAVED,
      sync_now: () => ({ ...SYNCED, last_sync: { ...SYNCED.last_sync!, bound: true } }),
    })

    byTestId('settings-sync-now')!.click()
    await settle()

    expect(result()).toBe('连接成功，本机数据已归入 东莞市技师学院：上传 12 条更改，下载 1,532 条记录')
  })

  it('says why the test failed, in the person\'s words', async () => {
    await mountSettings({
      sync_settings_save: () => SAVED,
      sync_now: () => {
        throw appError([], 'sync.token_refused')
      },
    })

    byTestId('settings-sync-now')!.click()
    await settle()

    expect(result()).toBe('同步失败：服务器拒绝了这个令牌，请向管理员索取新的令牌')
    expect(byTestId('settings-sync-result')!.classList.contains('el-alert--error')).toBe(true)
  })

  it('removes the saved token after asking once', async () => {
    const { backend } = await mountSettings({
      sync_settings_save: ({ input: i }) => ({ ...SAVED, has_token: i.token === '' ? false : SAVED.has_token }),
    })

    byTestId('settings-clear-token')!.click()
    await settle()
    expect(document.querySelector('.el-message-box__message')?.textContent).toContain('清除本机保存的令牌')
    document.querySelector<HTMLElement>('.el-message-box__btns .el-button--primary')!.click()
    await settle()

    expect(backend.argsOf('sync_settings_save')).toEqual([
      { input: { server: 'https://sync.example.edu.cn', token: '', user: null } },
    ])
    expect(byTestId('settings-token-state')!.textContent?.trim()).toBe('未设置')
    expect(byTestId('settings-clear-token')).toBeNull()
  })

  it('saves on Enter', async () => {
    const { backend } = await mountSettings({ sync_settings_save: () => SAVED })

    input('settings-user').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    await settle()

    expect(backend.argsOf('sync_settings_save')).toHaveLength(1)
  })

  it('says a provincial token works and offers the province overview instead of a sync report', async () => {
    const province: SyncStatus = { ...SYNC_STATUS, activity: 'idle', server: SAVED.server, has_token: true, role: 'province' }
    const { backend, router } = await mountSettings({ sync_settings_save: () => SAVED, sync_now: () => province })

    await type('settings-token', 'xq_province')
    byTestId('settings-sync-now')!.click()
    await settle()

    expect(backend.argsOf('sync_now')).toHaveLength(1)
    expect(result()).toContain('连接成功：这是省级只读令牌')
    expect(result()).not.toContain('上传')
    expect(useSyncStore().role).toBe('province')
    const push = vi.spyOn(router, 'push')
    byTestId('settings-open-province')!.click()
    expect(push).toHaveBeenCalledWith('/province')
  })
})

