import { describe, expect, it, vi } from 'vitest'
import { emit } from '@tauri-apps/api/event'
import type { Router } from 'vue-router'
import type { SyncStatus } from '@/api/types'
import { appError, installBackend, SYNC_STATUS, type Handler } from '@/test/backend'
import { byTestId, mountWithApp, settle } from '@/test/mount'
import { useSyncStore } from '@/store/sync'
import TopBar from './TopBar.vue'

const MINUTE = 60_000
const minutesAgo = (n: number) => new Date(Date.now() - n * MINUTE).toISOString()

const IDLE: SyncStatus = {
  ...SYNC_STATUS,
  activity: 'idle',
  server: 'https://sync.example.edu.cn',
  has_token: true,
  pending: 0,
  last_synced_at: minutesAgo(3),
  last_sync: { at: minutesAgo(3), bound: false, pushed: 2, pulled: 5, conflicts: 0 },
}

async function mountBar(status: SyncStatus, overrides: Record<string, Handler> = {}) {
  const backend = installBackend({ sync_status: () => status, ...overrides })
  const mounted = await mountWithApp(TopBar, { props: { collapsed: false } })
  await useSyncStore().start()
  await settle()
  return { backend, ...mounted }
}

const label = () => byTestId('sync-label')!.textContent?.trim()
const messages = () => Array.from(document.querySelectorAll('.el-message')).map((m) => m.textContent?.trim())
const spyPush = (router: Router) => vi.spyOn(router, 'push').mockResolvedValue(undefined)

describe('SyncIndicator', () => {
  it('says when the last sync was and how much waits', async () => {
    await mountBar({ ...IDLE, pending: 3 })

    expect(label()).toBe('已同步 3 分钟前')
    expect(byTestId('sync-pending')!.textContent?.trim()).toBe('3 条待同步')
    expect(byTestId('sync-state')!.getAttribute('data-activity')).toBe('idle')
    expect(byTestId('sync-progress')).toBeNull()
  })

  it('hides the waiting count when nothing waits', async () => {
    await mountBar(IDLE)
    expect(byTestId('sync-pending')).toBeNull()
  })

  it('syncs when clicked and says it is done', async () => {
    const { backend } = await mountBar(IDLE, { sync_now: () => ({ ...IDLE, last_synced_at: new Date().toISOString() }) })

    byTestId('sync-state')!.click()
    await settle()

    expect(backend.argsOf('sync_now')).toHaveLength(1)
    expect(label()).toBe('已同步 刚刚')
    expect(messages()).toContain('同步完成')
  })

  it('follows the background sync: progress of a large sync, then offline', async () => {
    await mountBar(IDLE)

    await emit('sync-status', { ...IDLE, activity: 'syncing', progress: { step: 'pull', done: 1200, total: 5000 } })
    await settle()
    expect(label()).toBe('正在下载 1,200 / 5,000')
    const bar = byTestId('sync-progress')!
    expect(bar.querySelector('.el-progress-bar__inner')!.getAttribute('style')).toContain('width: 24%')

    // A small sync shows its count but no bar.
    await emit('sync-status', { ...IDLE, activity: 'syncing', progress: { step: 'push', done: 1, total: 3 } })
    await settle()
    expect(label()).toBe('正在上传 1 / 3')
    expect(byTestId('sync-progress')).toBeNull()

    await emit('sync-status', {
      ...IDLE,
      activity: 'offline',
      pending: 4,
      error: { code: 'sync.unreachable', message: '连不上同步服务器', fields: [] },
    })
    await settle()
    expect(label()).toBe('离线')
    expect(byTestId('sync-pending')!.textContent?.trim()).toBe('4 条待同步')
  })

  it('retries when offline and says why it failed again', async () => {
    const offline: SyncStatus = {
      ...IDLE,
      activity: 'offline',
      error: { code: 'sync.unreachable', message: '连不上', fields: [] },
    }
    const { backend } = await mountBar(offline, {
      sync_now: () => {
        throw appError([], 'sync.unreachable')
      },
    })

    byTestId('sync-state')!.click()
    await settle()

    expect(backend.argsOf('sync_now')).toHaveLength(1)
    expect(messages().join()).toContain('同步失败：连不上同步服务器')
  })

  it('sends the person to the settings when sync is not set up or the token is refused', async () => {
    const { router, backend } = await mountBar(SYNC_STATUS)
    const push = spyPush(router)
    expect(label()).toBe('未设置同步')

    byTestId('sync-state')!.click()
    await settle()
    expect(push).toHaveBeenCalledWith('/settings')

    await emit('sync-status', {
      ...IDLE,
      activity: 'error',
      error: { code: 'sync.token_refused', message: '服务器拒绝了这个令牌', fields: [] },
    })
    await settle()
    expect(label()).toBe('令牌无效')
    byTestId('sync-state')!.click()
    await settle()
    expect(push).toHaveBeenCalledTimes(2)
    expect(backend.argsOf('sync_now')).toEqual([])
  })

  it('reads the app info again after a sync, whose first one names the college', async () => {
    const { backend } = await mountBar(IDLE)
    const before = backend.argsOf('app_info').length

    await emit('sync-status', { ...IDLE, last_sync: { ...IDLE.last_sync!, at: new Date().toISOString(), bound: true } })
    await settle()

    expect(backend.argsOf('app_info').length).toBe(before + 1)
  })

  it('is a button people can reach with the keyboard', async () => {
    await mountBar(IDLE)
    const button = byTestId('sync-state')!
    expect(button.tagName).toBe('BUTTON')
    expect(button.getAttribute('aria-label')).toBe('同步状态: 已同步 3 分钟前')
  })

  it('says the provincial token is read-only, not refused, and checks the connection when clicked', async () => {
    const province: SyncStatus = { ...IDLE, role: 'province', pending: 1, last_synced_at: null, last_sync: null }
    const { backend } = await mountBar(province, { sync_now: () => province })

    expect(label()).toBe('省级只读')
    expect(byTestId('sync-pending')).toBeNull()
    expect(byTestId('sync-state')!.getAttribute('data-role')).toBe('province')
    expect(byTestId('sync-state')!.getAttribute('aria-label')).toBe('同步状态: 省级只读')

    byTestId('sync-state')!.click()
    await settle()
    expect(backend.argsOf('sync_now')).toHaveLength(1)
    expect(messages()).toContain('已连接省级平台')

    // Offline, the province's computer says so like any other.
    await emit('sync-status', { ...province, activity: 'offline', error: { code: 'sync.unreachable', message: '连不上', fields: [] } })
    await settle()
    expect(label()).toBe('离线')
  })
})

