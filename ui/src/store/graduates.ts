import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import type { AppError, Facets, GraduateQuery, GraduateRow, GraduateSort, SortOrder } from '@/api/types'
import { graduateFacets, listGraduates } from '@/api/graduates'
import { toAppError } from '@/api/result'

export const PAGE_SIZES = [20, 50, 100] as const
export const SEARCH_DEBOUNCE_MS = 250
/** Newest changes first, so a graduate just saved is at the top. */
export const DEFAULT_SORT: { sort: GraduateSort; order: SortOrder } = { sort: 'updated_at', order: 'desc' }

// el-table column prop → backend sort key.
const SORTABLE: Record<string, GraduateSort> = {
  name: 'name',
  student_number: 'student_number',
  cohort: 'cohort',
  program: 'program',
  class_name: 'class_name',
  updated_at: 'updated_at',
}

/** Maps el-table's sort-change ({prop, order}) to the backend's sort; no order means the default sort. */
export function sortFromTable(
  prop: string | null | undefined,
  order: 'ascending' | 'descending' | null | undefined,
): { sort: GraduateSort; order: SortOrder } {
  const sort = prop ? SORTABLE[prop] : undefined
  if (!sort || !order) return { ...DEFAULT_SORT }
  return { sort, order: order === 'ascending' ? 'asc' : 'desc' }
}

export const useGraduatesStore = defineStore('graduates', () => {
  const search = ref('')
  const programId = ref<string | null>(null)
  const cohort = ref<number | null>(null)
  const className = ref<string | null>(null)
  const sort = ref<GraduateSort>(DEFAULT_SORT.sort)
  const order = ref<SortOrder>(DEFAULT_SORT.order)
  const page = ref(1)
  const pageSize = ref<number>(PAGE_SIZES[0])

  const items = ref<GraduateRow[]>([])
  const total = ref(0)
  const loading = ref(false)
  const error = ref<AppError | null>(null)
  const facets = ref<Facets>({ cohorts: [], classes: [] })

  const filtered = computed(
    () => search.value.trim() !== '' || programId.value !== null || cohort.value !== null || className.value !== null,
  )

  const query = computed<GraduateQuery>(() => ({
    search: search.value.trim() || null,
    program_id: programId.value,
    program: null,
    cohort: cohort.value,
    class_name: className.value,
    sort: sort.value,
    order: order.value,
    offset: (page.value - 1) * pageSize.value,
    limit: pageSize.value,
  }))

  let latest = 0
  /** Loads the current page; an answer that arrives after a newer request is dropped. */
  async function load(): Promise<void> {
    const request = ++latest
    loading.value = true
    try {
      const result = await listGraduates(query.value)
      if (request !== latest) return
      items.value = result.items
      total.value = result.total
      error.value = null
      // The last page emptied (e.g. by a delete): step back to the new last page.
      const lastPage = Math.max(1, Math.ceil(result.total / pageSize.value))
      if (result.items.length === 0 && page.value > lastPage) {
        page.value = lastPage
        await load()
      }
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

  function setFilters(filters: { programId?: string | null; cohort?: number | null; className?: string | null }): void {
    if (filters.programId !== undefined) programId.value = filters.programId
    if (filters.cohort !== undefined) cohort.value = filters.cohort
    if (filters.className !== undefined) className.value = filters.className
    cancelPendingSearch()
    page.value = 1
    void load()
  }

  function clearFilters(): void {
    search.value = ''
    setFilters({ programId: null, cohort: null, className: null })
  }

  function setSort(next: { sort: GraduateSort; order: SortOrder }): void {
    sort.value = next.sort
    order.value = next.order
    page.value = 1
    void load()
  }

  function setPage(next: number): void {
    page.value = next
    void load()
  }

  function setPageSize(next: number): void {
    pageSize.value = next
    page.value = 1
    void load()
  }

  async function loadFacets(): Promise<void> {
    try {
      facets.value = await graduateFacets()
    } catch (e) {
      error.value = toAppError(e)
    }
  }

  return {
    search,
    programId,
    cohort,
    className,
    sort,
    order,
    page,
    pageSize,
    items,
    total,
    loading,
    error,
    facets,
    filtered,
    query,
    load,
    loadFacets,
    setSearch,
    setFilters,
    clearFilters,
    setSort,
    setPage,
    setPageSize,
  }
})
