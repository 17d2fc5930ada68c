import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import type { AppError, SyncRole, SyncStatus } from '@/api/types'
import { fetchSyncStatus, onSyncStatus, syncNow as requestSync } from '@/api/sync'
import { toAppError } from '@/api/result'
import { useAppStore } from './app'

/** A sync moving at least this many changes or records shows a progress bar. */
export const LARGE_SYNC = 200

/**
 * Where the background sync stands: read once, then kept current by the backend's `sync-status`
 * events. `finished` counts the syncs that ended while the app is open, so pages can reload
 * what a sync may have brought in.
 */
export const useSyncStore = defineStore('sync', () => {
  const status = ref<SyncStatus | null>(null)
  const loadError = ref<AppError | null>(null)
  const finished = ref(0)
  let started: Promise<void> | null = null
  let unlisten: (() => void) | null = null

  const activity = computed(() => status.value?.activity ?? 'unconfigured')
  const pending = computed(() => status.value?.pending ?? 0)
  const openConflicts = computed(() => status.value?.open_conflicts ?? 0)
  const syncing = computed(() => activity.value === 'syncing')
  /** Whom the saved token speaks for, once the server has said (null before). */
  const role = computed<SyncRole | null>(() => status.value?.role ?? null)
  /** The provincial token: the province's figures, no records to sync. */
  const province = computed(() => role.value === 'province')
  /** The running sync's progress as a percentage, when it is large enough to show a bar. */
  const largeProgress = computed<number | null>(() => {
    const p = status.value?.progress
    if (!syncing.value || !p || p.total < LARGE_SYNC) return null
    return Math.min(100, Math.round((p.done / p.total) * 100))
  })

  function apply(next: SyncStatus): void {
    const before = status.value
    status.value = next
    loadError.value = null
    const ended = next.last_sync?.at
    if (ended && ended !== before?.last_sync?.at) {
      finished.value++
      // A sync may bring the college's profile (the first one always does).
      void useAppStore().loadInfo()
    }
  }

  async function refresh(): Promise<void> {
    try {
      apply(await fetchSyncStatus())
    } catch (e) {
      loadError.value = toAppError(e)
    }
  }

  /** Listens to the backend's status events and reads the status; once per app. */
  function start(): Promise<void> {
    started ??= (async () => {
      try {
        unlisten = await onSyncStatus(apply)
      } catch {
        // Without events the status is still read on demand.
      }
      await refresh()
    })()
    return started
  }

  function stop(): void {
    unlisten?.()
    unlisten = null
    started = null
  }

  /** Syncs now; resolves with the status after it, throws an AppError when it failed. */
  async function syncNow(): Promise<SyncStatus> {
    try {
      const next = await requestSync()
      apply(next)
      return next
    } catch (e) {
      await refresh()
      throw toAppError(e)
    }
  }

  return {
    status,
    loadError,
    finished,
    activity,
    pending,
    openConflicts,
    syncing,
    role,
    province,
    largeProgress,
    apply,
    refresh,
    start,
    stop,
    syncNow,
  }
})
