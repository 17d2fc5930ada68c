import { describe, expect, it, vi } from 'vitest'
import App from '@/App.vue'
import { installBackend, APP_INFO } from '@/test/backend'
import { byTestId, mountWithApp, settle, waitFor } from '@/test/mount'

const COMING = ['sync', 'settings']

describe('main layout', () => {
  it('opens on the graduates page and shows the college and an honest sync state', async () => {
    installBackend()
    const { router, wrapper } = await mountWithApp(App)

    expect(router.currentRoute.value.path).toBe('/graduates')
    expect(byTestId('college-name')!.textContent?.trim()).toBe('东莞市技师学院')
    expect(byTestId('sync-pending')!.textContent?.trim()).toBe('1,532 条待同步')
    expect(wrapper.text()).toContain('未连接服务器')
    expect(wrapper.text()).not.toContain('已同步')
  })

  it('lists every module, and the ones still to come cannot be opened', async () => {
    installBackend()
    const { router } = await mountWithApp(App)
    const push = vi.spyOn(router, 'push')

    for (const key of COMING) {
      const item = byTestId(`nav-${key}`)!
      expect(item.classList.contains('is-disabled'), key).toBe(true)
      expect(item.textContent, key).toContain('即将推出')
      item.click()
      await settle(1)
      expect(push, key).not.toHaveBeenCalled()
      expect(router.currentRoute.value.path, key).toBe('/graduates')
    }
    // No page exists for them either.
    expect(router.getRoutes().map((r) => r.path).filter((p) => COMING.some((k) => p.includes(k)))).toEqual([])

    byTestId('nav-programs')!.click()
    expect(push).toHaveBeenCalledWith('/programs')
    await waitFor(() => byTestId('program-add') !== null)
    expect(router.currentRoute.value.path).toBe('/programs')
  })

  it('switches to English, Element Plus included, and remembers the choice', async () => {
    installBackend({ app_info: () => ({ ...APP_INFO, pending_changes: 1 }) })
    const { wrapper } = await mountWithApp(App)

    byTestId('lang-switch')!.querySelector<HTMLElement>('.el-button')!.click()
    await settle()
    byTestId('lang-en')!.click()
    await settle()

    expect(byTestId('nav-graduates')!.textContent).toContain('Graduates')
    expect(byTestId('sync-pending')!.textContent?.trim()).toBe('1 change waiting')
    expect(wrapper.text()).toContain('Not connected to a server')
    expect(localStorage.getItem('xiaoqi.locale')).toBe('en-US')
    // Element Plus's own texts (pagination) follow the language too.
    expect(document.querySelector('.el-pagination')?.textContent).toContain('/page')
    // No Chinese left in the app's own texts (menu, top bar but the college's name, table headers).
    const chrome = [
      document.querySelector('.app-aside')!.textContent,
      document.querySelector('.top-bar')!.textContent!.replace('东莞市技师学院', ''),
      document.querySelector('.el-table__header')!.textContent,
      byTestId<HTMLInputElement>('graduate-search')!.placeholder,
      byTestId('graduate-total')!.textContent,
    ].join(' ')
    expect(chrome).not.toMatch(/[\u4e00-\u9fff]/)
  })
})
