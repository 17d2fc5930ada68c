import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { GraduateQuery } from '@/api/types'
import { appError, GRADUATE, installBackend, rowOf } from '@/test/backend'
import { SEARCH_DEBOUNCE_MS, sortFromTable, useGraduatesStore } from './graduates'

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => vi.useRealTimers())

describe('graduates store', () => {
  it('sends search, filters, backend sort and offset/limit from page and size to graduates_list', async () => {
    const backend = installBackend({ graduates_list: () => ({ total: 500, items: [rowOf(GRADUATE)] }) })
    const store = useGraduatesStore()

    store.setPageSize(50)
    store.setSort(sortFromTable('class_name', 'ascending'))
    store.setFilters({ programId: 'p1', cohort: 2025, className: '机器人2101' })
    vi.useFakeTimers()
    store.setSearch('  zs ')
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS)
    vi.useRealTimers()
    store.setPage(3)
    await flushPromises()

    const queries = backend.argsOf('graduates_list').map((a) => a.query as GraduateQuery)
    expect(queries.at(-1)).toEqual({
      search: 'zs',
      program_id: 'p1',
      program: null,
      cohort: 2025,
      class_name: '机器人2101',
      sort: 'class_name',
      order: 'asc',
      offset: 100,
      limit: 50,
    })
    expect(store.total).toBe(500)
    expect(store.items.map((r) => r.name)).toEqual(['张三'])
  })

  it('asks for the first page of 20, newest changes first, with no filters', async () => {
    const backend = installBackend()
    await useGraduatesStore().load()
    expect(backend.argsOf('graduates_list')[0].query).toEqual({
      search: null,
      program_id: null,
      program: null,
      cohort: null,
      class_name: null,
      sort: 'updated_at',
      order: 'desc',
      offset: 0,
      limit: 20,
    })
  })

  it('maps every sortable column to the backend sort key', () => {
    for (const column of ['name', 'student_number', 'cohort', 'program', 'class_name'] as const) {
      expect(sortFromTable(column, 'ascending')).toEqual({ sort: column, order: 'asc' })
      expect(sortFromTable(column, 'descending')).toEqual({ sort: column, order: 'desc' })
    }
    // Clearing the sort (third click) or an unknown column goes back to the default order.
    expect(sortFromTable('name', null)).toEqual({ sort: 'updated_at', order: 'desc' })
    expect(sortFromTable('gender', 'ascending')).toEqual({ sort: 'updated_at', order: 'desc' })
  })

  it('debounces the search and goes back to page 1', async () => {
    const backend = installBackend({ graduates_list: () => ({ total: 1000, items: [rowOf(GRADUATE)] }) })
    const store = useGraduatesStore()
    store.setPage(4)
    await flushPromises()
    const before = backend.argsOf('graduates_list').length

    vi.useFakeTimers()
    store.setSearch('z')
    store.setSearch('zh')
    store.setSearch('zhang')
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 1)
    expect(backend.argsOf('graduates_list').length).toBe(before)
    vi.advanceTimersByTime(1)
    await flushPromises()

    const after = backend.argsOf('graduates_list').slice(before)
    expect(after.map((a) => [a.query.search, a.query.offset])).toEqual([['zhang', 0]])
    expect(store.page).toBe(1)
  })

  it('resets to page 1 when a filter changes', async () => {
    const backend = installBackend()
    const store = useGraduatesStore()
    store.setPage(3)
    store.setFilters({ cohort: 2024 })
    await flushPromises()
    const last = backend.argsOf('graduates_list').at(-1)!.query
    expect([last.cohort, last.offset]).toEqual([2024, 0])
  })

  it('keeps the answer of the latest request when an older one arrives late', async () => {
    let releaseSlow: (value: unknown) => void = () => {}
    installBackend({
      graduates_list: ({ query }) =>
        query.search === 'slow'
          ? new Promise((resolve) => (releaseSlow = resolve))
          : { total: 1, items: [{ ...rowOf(GRADUATE), name: '新结果' }] },
    })
    const store = useGraduatesStore()
    store.search = 'slow'
    const slow = store.load()
    store.search = 'fast'
    await store.load()
    releaseSlow({ total: 1, items: [{ ...rowOf(GRADUATE), name: '旧结果' }] })
    await slow
    expect(store.items.map((r) => r.name)).toEqual(['新结果'])
    expect(store.loading).toBe(false)
  })

  it('keeps the AppError of a failed list for the view to show', async () => {
    installBackend({
      graduates_list: () => {
        throw appError([], 'error.database')
      },
    })
    const store = useGraduatesStore()
    await store.load()
    expect(store.error?.code).toBe('error.database')
    expect(store.loading).toBe(false)
  })
})
