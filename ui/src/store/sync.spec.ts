import { describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { emit } from '@tauri-apps/api/event'
import type { SyncStatus } from '@/api/types'
import { i18n } from '@/locales'
import { appError, installBackend, SYNC_STATUS } from '@/test/backend'
import { settle } from '@/test/mount'
import { relativeTime } from '@/utils/relativeTime'
import { LARGE_SYNC, useSyncStore } from './sync'

const IDLE: SyncStatus = { ...SYNC_STATUS, activity: 'idle', server: 'https://s', has_token: true, pending: 0 }

function store() {
  setActivePinia(createPinia())
  return useSyncStore()
}

describe('sync store', () => {
  it('reads the status once, then follows the backend events', async () => {
    const backend = installBackend({ sync_status: () => IDLE })
    const sync = store()
    await Promise.all([sync.start(), sync.start()])

    expect(backend.argsOf('sync_status')).toHaveLength(1)
    expect(sync.activity).toBe('idle')

    await emit('sync-status', { ...IDLE, pending: 7, open_conflicts: 1 })
    await settle(2)
    expect(sync.pending).toBe(7)
    expect(sync.openConflicts).toBe(1)

    sync.stop()
    await emit('sync-status', { ...IDLE, pending: 9 })
    await settle(2)
    expect(sync.pending).toBe(7)
  })

  it('counts a finished sync once, by its end time, and reads the app info again', async () => {
    const backend = installBackend({ sync_status: () => IDLE })
    const sync = store()
    await sync.start()
    const summary = { at: '2025-06-01T08:00:00Z', bound: true, pushed: 1, pulled: 2, conflicts: 0 }

    sync.apply({ ...IDLE, last_sync: summary })
    sync.apply({ ...IDLE, last_sync: summary, pending: 1 })
    expect(sync.finished).toBe(1)
    sync.apply({ ...IDLE, last_sync: { ...summary, at: '2025-06-01T08:05:00Z' } })
    expect(sync.finished).toBe(2)
    await settle(2)
    expect(backend.argsOf('app_info')).toHaveLength(2)
  })

  it('shows a progress bar only for a large sync', () => {
    installBackend()
    const sync = store()
    sync.apply({ ...IDLE, activity: 'syncing', progress: { step: 'pull', done: 10, total: LARGE_SYNC - 1 } })
    expect(sync.largeProgress).toBeNull()
    sync.apply({ ...IDLE, activity: 'syncing', progress: { step: 'pull', done: 150, total: 600 } })
    expect(sync.largeProgress).toBe(25)
    sync.apply({ ...IDLE, activity: 'idle', progress: null })
    expect(sync.largeProgress).toBeNull()
  })

  it('throws why a sync asked for failed, and reads the status it left', async () => {
    const offline = { ...IDLE, activity: 'offline' as const, error: { code: 'sync.unreachable', message: 'x', fields: [] } }
    const backend = installBackend({
      sync_status: () => offline,
      sync_now: () => {
        throw appError([], 'sync.unreachable')
      },
    })
    const sync = store()

    await expect(sync.syncNow()).rejects.toMatchObject({ code: 'sync.unreachable' })
    expect(backend.argsOf('sync_status')).toHaveLength(1)
    expect(sync.activity).toBe('offline')
  })
})

describe('relativeTime', () => {
  const now = Date.parse('2025-06-10T12:00:00Z')
  const ago = (ms: number) => new Date(now - ms).toISOString()

  it('says how long ago, in both languages', () => {
    expect(relativeTime(ago(20_000), now)).toBe('刚刚')
    expect(relativeTime(ago(3 * 60_000), now)).toBe('3 分钟前')
    expect(relativeTime(ago(2 * 3600_000), now)).toBe('2 小时前')
    expect(relativeTime(ago(3 * 86400_000), now)).toBe('3 天前')
    i18n.global.locale.value = 'en-US'
    expect(relativeTime(ago(60_000), now)).toBe('1 minute ago')
    expect(relativeTime(ago(5 * 60_000), now)).toBe('5 minutes ago')
    expect(relativeTime(ago(86400_000), now)).toBe('1 day ago')
  })

  it('shows the date after a week, and "just now" for a clock ahead', () => {
    expect(relativeTime('2025-05-01T08:00:00+08:00', now)).toBe('2025-05-01')
    expect(relativeTime(new Date(now + 5 * 60_000).toISOString(), now)).toBe('刚刚')
  })
})
