import { computed, ref, shallowRef } from 'vue'
import { defineStore } from 'pinia'
import type { AppError, PartnerQuery } from '@/api/types'
import type { Page } from '@/bindings'
import { toAppError } from '@/api/result'

export const PARTNER_PAGE_SIZES = [20, 50, 100] as const
export const PARTNER_SEARCH_DEBOUNCE_MS = 250

/**
 * A paged, searchable partner list (employers, research institutions): the backend filters and
 * pages; the store keeps the query so that the list is as the person left it after a detail page.
 */
export function definePartnerListStore<T>(id: string, fetchPage: (query: PartnerQuery) => Promise<Page<T>>) {
  return defineStore(id, () => {
    const search = ref('')
    const tag = ref<string | null>(null)
    const page = ref(1)
    const pageSize = ref<number>(PARTNER_PAGE_SIZES[0])

    const items = shallowRef<T[]>([])
    const total = ref(0)
    const loading = ref(false)
    const error = ref<AppError | null>(null)

    const filtered = computed(() => search.value.trim() !== '' || tag.value !== null)

    const query = computed<PartnerQuery>(() => ({
      search: search.value.trim() || null,
      tag: tag.value,
      offset: (page.value - 1) * pageSize.value,
      limit: pageSize.value,
    }))

    let latest = 0
    /** Loads the current page; an answer that arrives after a newer request is dropped. */
    async function load(): Promise<void> {
      const request = ++latest
      loading.value = true
      try {
        const result = await fetchPage(query.value)
        if (request !== latest) return
        items.value = result.items
        total.value = result.total
        error.value = null
        // The last page emptied (e.g. by a delete or a merge): step back to the new last page.
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
      }, PARTNER_SEARCH_DEBOUNCE_MS)
    }

    function setTag(next: string | null): void {
      tag.value = next
      cancelPendingSearch()
      page.value = 1
      void load()
    }

    function clearFilters(): void {
      search.value = ''
      setTag(null)
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

    return {
      search,
      tag,
      page,
      pageSize,
      items,
      total,
      loading,
      error,
      filtered,
      query,
      load,
      setSearch,
      setTag,
      clearFilters,
      setPage,
      setPageSize,
    }
  })
}
