import { describe, expect, it, vi } from 'vitest'
import { emit } from '@tauri-apps/api/event'
import App from '@/App.vue'
import type { SyncStatus } from '@/api/types'
import { installBackend, APP_INFO, SYNC_STATUS } from '@/test/backend'
import { figuresFor } from '@/test/fixtures/province'
import { byTestId, mountWithApp, settle, waitFor } from '@/test/mount'
import { menuFor } from '@/router/menu'

vi.mock('@/views/statistics/echarts', () => import('@/test/echartsFake'))

/** The background sync once the server said the saved token is the province's. */
const PROVINCE: SyncStatus = {
  ...SYNC_STATUS,
  activity: 'idle',
  server: 'https://sync.hrss.gd.example',
  has_token: true,
  role: 'province',
  pending: 1,
}

describe('main layout', () => {
  it('opens on the graduates page and shows the college and an honest sync state', async () => {
    installBackend()
    const { router, wrapper } = await mountWithApp(App)

    expect(router.currentRoute.value.path).toBe('/graduates')
    expect(byTestId('college-name')!.textContent?.trim()).toBe('东莞市技师学院')
    expect(byTestId('sync-label')!.textContent?.trim()).toBe('未设置同步')
    expect(byTestId('sync-pending')!.textContent?.trim()).toBe('1,532 条待同步')
    expect(wrapper.text()).not.toContain('已同步')
  })

  it('opens every module from the menu, the sync conflicts and the settings included', async () => {
    installBackend()
    const { router } = await mountWithApp(App)
    const push = vi.spyOn(router, 'push')

    // A college's modules; the province overview is for the provincial token only.
    expect(byTestId('nav-province')).toBeNull()
    for (const entry of menuFor(null)) {
      const item = byTestId(`nav-${entry.key}`)!
      expect(item.classList.contains('is-disabled'), entry.key).toBe(false)
    }
    byTestId('nav-conflicts')!.click()
    expect(push).toHaveBeenCalledWith('/conflicts')
    await waitFor(() => byTestId('conflicts-open') !== null)
    expect(router.currentRoute.value.path).toBe('/conflicts')

    byTestId('nav-settings')!.click()
    expect(push).toHaveBeenCalledWith('/settings')
    await waitFor(() => byTestId('settings-server') !== null)
    expect(router.currentRoute.value.path).toBe('/settings')
  })

  it('counts the open conflicts beside their menu item, as the background sync reports them', async () => {
    installBackend({ sync_status: () => ({ ...SYNC_STATUS, activity: 'idle', open_conflicts: 2 }) })
    await mountWithApp(App)

    expect(byTestId('nav-conflicts-badge')!.textContent?.trim()).toBe('2')
    await emit('sync-status', { ...SYNC_STATUS, activity: 'idle', open_conflicts: 0 })
    await settle()
    expect(byTestId('nav-conflicts-badge')).toBeNull()
    await emit('sync-status', { ...SYNC_STATUS, activity: 'idle', open_conflicts: 3 })
    await settle()
    expect(byTestId('nav-conflicts-badge')!.textContent?.trim()).toBe('3')
  })

  it('switches to English, Element Plus included, and remembers the choice', async () => {
    installBackend({
      app_info: () => ({ ...APP_INFO, pending_changes: 1 }),
      sync_status: () => ({ ...SYNC_STATUS, pending: 1 }),
    })
    const { wrapper } = await mountWithApp(App)

    byTestId('lang-switch')!.querySelector<HTMLElement>('.el-button')!.click()
    await settle()
    byTestId('lang-en')!.click()
    await settle()

    expect(byTestId('nav-graduates')!.textContent).toContain('Graduates')
    expect(byTestId('sync-pending')!.textContent?.trim()).toBe('1 change waiting')
    expect(wrapper.text()).toContain('Sync not set up')
    expect(localStorage.getItem('xiaoqi.locale')).toBe('en-US')
    // Element Plus's own texts (pagination) follow the language too.
    expect(document.querySelector('.el-pagination')?.textContent).toContain('/page')
    // No Chinese left in the app's own texts (menu, top bar but the college's and the person's
    // names, table headers); the role is said in English.
    expect(byTestId('account-name')!.textContent).toContain('Administrator')
    const chrome = [
      document.querySelector('.app-aside')!.textContent,
      document.querySelector('.top-bar')!.textContent!.replace('东莞市技师学院', '').replace('王主任', ''),
      document.querySelector('.el-table__header')!.textContent,
      byTestId<HTMLInputElement>('graduate-search')!.placeholder,
      byTestId('graduate-total')!.textContent,
    ].join(' ')
    expect(chrome).not.toMatch(/[\u4e00-\u9fff]/)
  })

  it('opens on the province overview for the provincial token, with the province menu and this computer’s users and audit log', async () => {
    installBackend({ sync_status: () => PROVINCE, province_figures: figuresFor })
    const { router } = await mountWithApp(App)
    await waitFor(() => router.currentRoute.value.path === '/province')
    await waitFor(() => byTestId('province-kpi-colleges-value') !== null)

    const shown = Array.from(document.querySelectorAll('.side-menu [data-testid^="nav-"]'), (el) => el.getAttribute('data-testid'))
    expect(shown).toEqual(['nav-province', 'nav-users', 'nav-audit', 'nav-settings'])
    expect(byTestId('province-badge')!.textContent?.trim()).toBe('省级平台（只读）')
    expect(byTestId('college-name')).toBeNull()
    expect(byTestId('sync-label')!.textContent?.trim()).toBe('省级只读')
    expect(byTestId('sync-pending')).toBeNull()
    expect(document.title).toBe('全省概览 - 校企通')

    // A college's page makes no sense here: back to the overview. The settings are allowed.
    await router.push('/graduates')
    await waitFor(() => router.currentRoute.value.path === '/province')
    byTestId('nav-settings')!.click()
    await waitFor(() => byTestId('settings-server') !== null)
    expect(router.currentRoute.value.path).toBe('/settings')
  })

  it("gives a college's menu back when another token is saved, and leaves the overview", async () => {
    installBackend({ sync_status: () => PROVINCE, province_figures: figuresFor })
    const { router } = await mountWithApp(App)
    await waitFor(() => router.currentRoute.value.path === '/province')

    // Saved, not yet checked: the province's menu goes, the page stays until the server says.
    await emit('sync-status', { ...PROVINCE, role: null })
    await settle()
    expect(byTestId('nav-province')).toBeNull()
    expect(byTestId('nav-graduates')).not.toBeNull()

    await emit('sync-status', { ...PROVINCE, role: 'college' })
    await waitFor(() => router.currentRoute.value.path === '/graduates')
    expect(byTestId('province-badge')).toBeNull()
  })
})
