import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { installBackend } from '@/test/backend'
import { settle } from '@/test/mount'
import { IDLE_CHECK_MS, TOUCH_EVERY_MS, useSessionStore } from './session'

describe('the idle time', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    setActivePinia(createPinia())
  })
  afterEach(() => vi.useRealTimers())

  it('signs out after the idle time without activity, saying why', async () => {
    const backend = installBackend()
    const session = useSessionStore()
    await session.load()
    expect(session.user?.display_name).toBe('王主任')

    vi.advanceTimersByTime(14 * 60_000)
    expect(session.user).not.toBeNull()
    vi.advanceTimersByTime(60_000 + IDLE_CHECK_MS)
    await settle()

    expect(backend.argsOf('session_sign_out')).toEqual([{ idle: true }])
    expect(session.user).toBeNull()
    expect(session.notice).toBe('error.session_expired')
  })

  it('stays signed in while the person types, telling the backend now and then', async () => {
    const backend = installBackend()
    const session = useSessionStore()
    await session.load()

    for (let minute = 0; minute < 40; minute++) {
      vi.advanceTimersByTime(60_000)
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }))
    }
    await settle()

    expect(session.user).not.toBeNull()
    expect(backend.argsOf('session_sign_out')).toHaveLength(0)
    // At most one touch a minute, however much is typed.
    const touches = backend.argsOf('session_touch').length
    expect(touches).toBeGreaterThan(30)
    expect(touches).toBeLessThanOrEqual(40 * 60_000 / TOUCH_EVERY_MS)
  })

  it('follows the idle time set in settings', async () => {
    installBackend()
    const session = useSessionStore()
    await session.load()
    session.setIdleMinutes(1)

    vi.advanceTimersByTime(60_000 + IDLE_CHECK_MS)
    await settle()
    expect(session.user).toBeNull()
  })
})
