import { describe, expect, it } from 'vitest'
import { emit } from '@tauri-apps/api/event'
import { FULL_ID, GRADUATE, installBackend, rowOf, SYNC_STATUS } from '@/test/backend'
import { allByTestId, byTestId, mountWithApp, settle, waitFor } from '@/test/mount'
import { useGraduatesStore } from '@/store/graduates'
import { useSyncStore } from '@/store/sync'
import GraduatesView from './GraduatesView.vue'

describe('GraduatesView', () => {
  it('shows the ID number and phone as the backend masked them, never the full number', async () => {
    const backend = installBackend({ graduates_list: () => ({ total: 1532, items: [rowOf(GRADUATE)] }) })
    const { wrapper } = await mountWithApp(GraduatesView)

    expect(allByTestId('graduate-row-name').map((el) => el.textContent)).toEqual(['张三'])
    expect(byTestId('graduate-row-id')!.textContent).toBe('1101**********002X')
    expect(byTestId('graduate-row-phone')!.textContent).toBe('138****5678')
    expect(document.body.innerHTML).not.toContain(FULL_ID)
    expect(document.body.innerHTML).not.toContain('13812345678')
    // The whole record (with the full number) is never fetched for the list.
    expect(backend.argsOf('graduate_get')).toEqual([])
    expect(byTestId('graduate-total')!.textContent?.trim()).toBe('共 1,532 人')
    expect(wrapper.text()).toContain('2025-05-07')
  })

  it('reads the list again after a sync brought records from another computer', async () => {
    const backend = installBackend()
    await mountWithApp(GraduatesView)
    await useSyncStore().start()
    const before = backend.argsOf('graduates_list').length
    const synced = { ...SYNC_STATUS, activity: 'idle' as const, last_synced_at: '2025-06-01T08:00:00Z' }

    // A sync that sent changes but brought nothing leaves the list alone.
    await emit('sync-status', { ...synced, last_sync: { at: '2025-06-01T08:00:00Z', bound: false, pushed: 2, pulled: 0, conflicts: 0 } })
    await settle()
    expect(backend.argsOf('graduates_list')).toHaveLength(before)

    await emit('sync-status', { ...synced, last_sync: { at: '2025-06-01T08:05:00Z', bound: false, pushed: 0, pulled: 3, conflicts: 0 } })
    await settle()
    expect(backend.argsOf('graduates_list')).toHaveLength(before + 1)
  })

  it('asks the backend to sort when a column header is sorted', async () => {
    const backend = installBackend()
    await mountWithApp(GraduatesView)

    const nameHeader = Array.from(document.querySelectorAll<HTMLElement>('.el-table__header th')).find((th) =>
      th.textContent?.includes('姓名'),
    )!
    nameHeader.querySelector<HTMLElement>('.sort-caret.ascending')!.click()
    await settle()
    expect(backend.argsOf('graduates_list').at(-1)!.query).toMatchObject({ sort: 'name', order: 'asc', offset: 0 })
  })

  it('asks once, naming the graduate and the student number, before deleting', async () => {
    const backend = installBackend()
    await mountWithApp(GraduatesView)

    byTestId('graduate-delete')!.click()
    await settle()
    expect(document.querySelector('.el-message-box__message')?.textContent).toBe('删除毕业生 张三（学号 2021001）？')
    expect(backend.argsOf('graduate_delete')).toEqual([])

    document.querySelector<HTMLElement>('.el-message-box__btns .el-button--primary')!.click()
    await settle()
    expect(backend.argsOf('graduate_delete')).toEqual([{ id: 'g1' }])
    // The page, the filter choices and the count waiting for sync are read again.
    expect(backend.argsOf('graduates_list').length).toBe(2)
    expect(backend.argsOf('graduate_facets').length).toBe(2)
    expect(backend.argsOf('app_info').length).toBe(1)
  })

  it('focuses the search box on Ctrl+K and on "/"', async () => {
    installBackend()
    await mountWithApp(GraduatesView)
    const search = byTestId<HTMLInputElement>('graduate-search')!
    expect(search.placeholder).toBe('姓名/拼音首字母/全拼/学号/身份证号')

    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true }))
    expect(document.activeElement).toBe(search)

    search.blur()
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '/', bubbles: true }))
    expect(document.activeElement).toBe(search)
  })

  it('says what to do when there are no graduates yet: add one or import a list', async () => {
    installBackend({ graduates_list: () => ({ total: 0, items: [] }) })
    await mountWithApp(GraduatesView)

    expect(byTestId('graduate-empty')!.textContent).toBe('还没有毕业生 — 点击“新增毕业生”，或“导入”整个名单')
    expect(byTestId('graduate-total')!.textContent?.trim()).toBe('共 0 人')
    expect(byTestId('graduate-import')!.textContent?.trim()).toBe('导入')
  })

  it('offers the cohorts of the facets as a filter', async () => {
    const backend = installBackend()
    await mountWithApp(GraduatesView)

    byTestId('filter-cohort')!.querySelector<HTMLElement>('.el-select__wrapper')!.click()
    await settle()
    // The pagination's page-size select has options too; take the cohort select's own list.
    const listId = byTestId('filter-cohort')!.querySelector('input')!.getAttribute('aria-controls')!
    const options = Array.from(document.getElementById(listId)!.querySelectorAll<HTMLElement>('.el-select-dropdown__item'))
    expect(options.map((o) => o.textContent?.trim())).toEqual(['2025', '2024'])
    options[1].click()
    await settle()
    expect(backend.argsOf('graduates_list').at(-1)!.query).toMatchObject({ cohort: 2024, offset: 0 })
  })

  it('exports the list as filtered now', async () => {
    const backend = installBackend({ export_save: () => ({ path: '/tmp/x.xlsx', name: 'x.xlsx', rows: 1 }) })
    await mountWithApp(GraduatesView)
    useGraduatesStore().setFilters({ programId: 'p1', cohort: 2025, className: '机器人2101' })
    await settle()

    byTestId('graduate-export')!.click()
    await settle()
    byTestId('graduate-export-xlsx')!.click()
    await settle()
    expect(backend.argsOf('export_save')).toEqual([
      {
        kind: 'graduates',
        filter: { search: null, program_id: 'p1', cohort: 2025, class_name: '机器人2101' },
        wholeIds: false,
        csv: false,
        operator: null,
      },
    ])
  })

  it('imports graduates, then reads the list, the filter choices and the count waiting for sync again', async () => {
    const backend = installBackend({ import_run: () => ({ inserted: 3, updated: 0, unchanged: 0, rejected: [] }) })
    await mountWithApp(GraduatesView)
    expect(byTestId('import-dialog')).toBeNull() // loaded on first use

    byTestId('graduate-import')!.click()
    await waitFor(() => byTestId('import-file') !== null)
    const input = byTestId<HTMLInputElement>('import-file')!
    Object.defineProperty(input, 'files', { value: [new File(['学号\n1\n'], '名单.xlsx')], configurable: true })
    input.dispatchEvent(new Event('change'))
    await settle()
    byTestId('import-run')!.click()
    await waitFor(() => byTestId('import-count-inserted') !== null)

    expect(backend.argsOf('import_run')[0]).toMatchObject({ kind: 'graduates', name: '名单.xlsx' })
    expect(byTestId('import-count-inserted')!.textContent).toBe('3')
    expect(backend.argsOf('graduates_list').length).toBe(2)
    expect(backend.argsOf('graduate_facets').length).toBe(2)
    expect(backend.argsOf('app_info').length).toBe(1)
  })
})
