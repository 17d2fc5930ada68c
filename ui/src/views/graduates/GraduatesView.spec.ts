import { describe, expect, it } from 'vitest'
import { FULL_ID, GRADUATE, installBackend, rowOf } from '@/test/backend'
import { allByTestId, byTestId, mountWithApp, settle } from '@/test/mount'
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

  it('says what to do when there are no graduates yet, and offers no import', async () => {
    installBackend({ graduates_list: () => ({ total: 0, items: [] }) })
    const { wrapper } = await mountWithApp(GraduatesView)

    expect(byTestId('graduate-empty')!.textContent).toBe('还没有毕业生 — 点击“新增毕业生”')
    expect(byTestId('graduate-total')!.textContent?.trim()).toBe('共 0 人')
    expect(wrapper.text()).not.toContain('导入')
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
})
