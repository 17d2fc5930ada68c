import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import type { Agreement, AgreementKind, AgreementQuery, AgreementStatus, AppError } from '@/api/types'
import { listAgreements } from '@/api/agreements'
import { toAppError } from '@/api/result'
import { EXPIRY_WARNING_DAYS } from './lifecycle'

export const SEARCH_DEBOUNCE_MS = 250
export const PAGE_SIZES = [20, 50, 100] as const

/** The agreements list and its filters; kept in a store so that they survive opening an agreement. */
export const useAgreementListStore = defineStore('agreementList', () => {
  const search = ref('')
  const kind = ref<AgreementKind | null>(null)
  const status = ref<AgreementStatus | null>(null)
  /** Only signed or active agreements ending within the warning window. */
  const expiring = ref(false)
  const page = ref(1)
  const pageSize = ref<number>(PAGE_SIZES[0])

  const items = ref<Agreement[]>([])
  const loading = ref(false)
  const error = ref<AppError | null>(null)

  const filtered = computed(
    () => search.value.trim() !== '' || kind.value !== null || status.value !== null || expiring.value,
  )
  /** The rows of the current page (the backend answers with every match). */
  const pageItems = computed(() => items.value.slice((page.value - 1) * pageSize.value, page.value * pageSize.value))

  const query = computed<AgreementQuery>(() => ({
    search: search.value.trim() || null,
    kind: kind.value,
    status: status.value,
    expiring_within_days: expiring.value ? EXPIRY_WARNING_DAYS : null,
  }))

  let latest = 0
  /** Loads the matches; an answer that arrives after a newer request is dropped. */
  async function load(): Promise<void> {
    const request = ++latest
    loading.value = true
    try {
      const result = await listAgreements(query.value)
      if (request !== latest) return
      items.value = result
      error.value = null
      const lastPage = Math.max(1, Math.ceil(result.length / pageSize.value))
      if (page.value > lastPage) page.value = lastPage
    } catch (e) {
      if (request === latest) error.value = toAppError(e)
    } finally {
      if (request === latest) loading.value = false
    }
  }

  let searchTimer: ReturnType<typeof setTimeout> | undefined
  function cancelPendingSearch(): void {
    clearTimeout(searchTimer)
    searchTimer = undefined
  }

  /** Typing in the search box: waits for a pause, then shows page 1 of the matches. */
  function setSearch(text: string): void {
    search.value = text
    cancelPendingSearch()
    searchTimer = setTimeout(() => {
      searchTimer = undefined
      page.value = 1
      void load()
    }, SEARCH_DEBOUNCE_MS)
  }

  function setFilters(filters: { kind?: AgreementKind | null; status?: AgreementStatus | null; expiring?: boolean }): void {
    if (filters.kind !== undefined) kind.value = filters.kind
    if (filters.status !== undefined) status.value = filters.status
    if (filters.expiring !== undefined) expiring.value = filters.expiring
    cancelPendingSearch()
    page.value = 1
    void load()
  }

  function clearFilters(): void {
    search.value = ''
    setFilters({ kind: null, status: null, expiring: false })
  }

  function setPage(next: number): void {
    page.value = next
  }

  function setPageSize(next: number): void {
    pageSize.value = next
    page.value = 1
  }

  return {
    search, kind, status, expiring, page, pageSize, items, pageItems, loading, error, filtered,
    load, setSearch, setFilters, clearFilters, setPage, setPageSize,
  }
})
