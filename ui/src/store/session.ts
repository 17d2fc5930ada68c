import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import type { AppError, Role, SessionStatus, User, UserInput } from '@/api/types'
import * as api from '@/api/session'
import { onSessionLost } from '@/api/result'

/** Activity tells the backend at most this often (ms): typing sends no command of its own. */
export const TOUCH_EVERY_MS = 60_000
/** How often the idle time is looked at (ms). */
export const IDLE_CHECK_MS = 15_000
const ACTIVITY_EVENTS = ['keydown', 'mousedown', 'wheel', 'touchstart'] as const

/**
 * Who is signed in. The backend refuses every command without a session; this store knows
 * whether there is one, signs in and out, and ends the session after the idle time set in
 * settings (the backend ends it too, at the next command).
 */
export const useSessionStore = defineStore('session', () => {
  const status = ref<SessionStatus | null>(null)
  /** Why the person is on the sign-in page (an error code), when it was not their choice. */
  const notice = ref<string | null>(null)

  const user = computed<User | null>(() => status.value?.user ?? null)
  const role = computed<Role | null>(() => user.value?.role ?? null)
  const isAdmin = computed(() => role.value === 'admin')
  const firstStart = computed(() => status.value !== null && !status.value.has_users)

  let lastActivity = Date.now()
  let lastTouch = Date.now()
  let timer: number | undefined

  async function load(): Promise<void> {
    status.value = await api.sessionStatus()
    if (status.value.user) watchIdle()
  }

  async function ensureLoaded(): Promise<void> {
    if (status.value === null) await load()
  }

  function signedIn(next: User): void {
    status.value = { ...(status.value ?? { idle_minutes: 15, college_name: '' }), has_users: true, user: next }
    notice.value = null
    watchIdle()
  }

  async function signIn(username: string, password: string): Promise<User> {
    const next = await api.signIn(username, password)
    signedIn(next)
    return next
  }

  async function createFirstAdmin(input: UserInput): Promise<User> {
    const next = await api.createFirstAdmin(input)
    signedIn(next)
    return next
  }

  /** The person signs out, or (`idle`) the window saw no activity for the idle time. */
  async function signOut(idle = false): Promise<void> {
    try {
      await api.signOut(idle)
    } finally {
      lost(idle ? 'error.session_expired' : null)
    }
  }

  /** The session is over (`reason`: the error code to show on the sign-in page). */
  function lost(reason: string | null): void {
    unwatchIdle()
    notice.value = reason
    if (status.value) status.value = { ...status.value, user: null }
  }

  function setIdleMinutes(minutes: number): void {
    if (status.value) status.value = { ...status.value, idle_minutes: minutes }
  }

  function onActivity(): void {
    const now = Date.now()
    lastActivity = now
    if (now - lastTouch >= TOUCH_EVERY_MS) {
      lastTouch = now
      api.touchSession().catch(() => undefined)
    }
  }

  function checkIdle(): void {
    const minutes = status.value?.idle_minutes ?? 15
    if (user.value && Date.now() - lastActivity > minutes * 60_000) void signOut(true).catch(() => undefined)
  }

  function watchIdle(): void {
    unwatchIdle()
    lastActivity = Date.now()
    lastTouch = lastActivity
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, onActivity, { passive: true, capture: true })
    timer = window.setInterval(checkIdle, IDLE_CHECK_MS)
  }

  function unwatchIdle(): void {
    for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, onActivity, { capture: true })
    if (timer !== undefined) window.clearInterval(timer)
    timer = undefined
  }

  // A command refused because the session ended (idle in the backend, or a restore).
  onSessionLost((error: AppError) => {
    if (user.value) lost(error.code)
  })

  return {
    status,
    notice,
    user,
    role,
    isAdmin,
    firstStart,
    load,
    ensureLoaded,
    signIn,
    createFirstAdmin,
    signOut,
    lost,
    setIdleMinutes,
  }
})
