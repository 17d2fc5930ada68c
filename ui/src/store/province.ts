import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import type { AppError, ProvinceSnapshot } from '@/api/types'
import { cachedProvinceFigures, fetchProvinceFigures } from '@/api/province'
import { toAppError } from '@/api/result'

/** Failures a retry fixes once the network is back: the figures shown are kept. */
export const OFFLINE_CODES = ['sync.unreachable', 'sync.rate_limited', 'sync.server']
/** Failures only new settings fix. */
export const REFUSED_CODES = ['sync.token_refused', 'sync.not_configured']

const keyOf = (cohort: number | null) => (cohort === null ? 'all' : String(cohort))

/**
 * The province dashboard's figures: the cohort chosen and the last figures read of each cohort,
 * kept while the app is open (and in the backend's memory), so that a lost connection still shows
 * what was read, with when. Never written to the database.
 */
export const useProvinceStore = defineStore('province', () => {
  /** The cohort shown (null: every cohort). */
  const cohort = ref<number | null>(null)
  /** False until a cohort was chosen: the latest one at first, then the person's choice. */
  const started = ref(false)
  const snapshots = ref<Record<string, ProvinceSnapshot>>({})
  const loading = ref(false)
  /** Why the last read failed; null after a success. */
  const error = ref<AppError | null>(null)

  /** The figures of the cohort shown, fresh or the last read; null when none were ever read. */
  const snapshot = computed(() => snapshots.value[keyOf(cohort.value)] ?? null)
  const figures = computed(() => snapshot.value?.figures ?? null)
  /** Every cohort on record, latest first (any figures list them all). */
  const cohorts = computed(() => {
    const any = snapshot.value ?? Object.values(snapshots.value)[0]
    return any ? any.figures.by_cohort.map((c) => c.cohort).sort((a, b) => b - a) : []
  })
  const offline = computed(() => error.value !== null && OFFLINE_CODES.includes(error.value.code))
  const refused = computed(() => error.value !== null && REFUSED_CODES.includes(error.value.code))

  /** Counts the reads: only the latest choice's outcome is shown. */
  let requests = 0

  function keep(at: number | null, next: ProvinceSnapshot): void {
    snapshots.value = { ...snapshots.value, [keyOf(at)]: next }
  }

  /** Shows a cohort: its last figures at once when there are some, then fresh ones. */
  async function load(next: number | null): Promise<void> {
    cohort.value = next
    const request = ++requests
    loading.value = true
    if (!snapshots.value[keyOf(next)]) {
      try {
        const cached = await cachedProvinceFigures(next)
        if (cached && !snapshots.value[keyOf(next)]) keep(next, cached)
      } catch {
        // Only a shortcut: the figures are read below.
      }
    }
    try {
      const fresh = await fetchProvinceFigures(next)
      keep(next, fresh)
      if (request === requests) error.value = null
    } catch (e) {
      if (request === requests) error.value = toAppError(e)
    } finally {
      if (request === requests) loading.value = false
    }
  }

  /**
   * Opens the dashboard: the first time on the latest cohort (the figures of every cohort say
   * which it is), afterwards on the cohort chosen before, read again.
   */
  async function start(): Promise<void> {
    if (started.value) return load(cohort.value)
    await load(null)
    const latest = cohorts.value[0]
    if (latest !== undefined && !started.value) {
      started.value = true
      await load(latest)
    }
  }

  /** The person chose a cohort (null: every cohort). */
  function choose(next: number | null): Promise<void> {
    started.value = true
    return load(next)
  }

  /** Reads the figures shown again (the first time, as `start` does). */
  function refresh(): Promise<void> {
    return started.value ? load(cohort.value) : start()
  }

  /** Forgets everything (another token was saved). */
  function reset(): void {
    requests++
    cohort.value = null
    started.value = false
    snapshots.value = {}
    loading.value = false
    error.value = null
  }

  return { cohort, started, snapshot, figures, cohorts, loading, error, offline, refused, start, choose, refresh, reset }
})
