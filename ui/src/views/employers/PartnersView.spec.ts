import { describe, expect, it } from 'vitest'
import { i18n } from '@/locales'
import { appError, installBackend } from '@/test/backend'
import { allByTestId, byTestId, mountWithApp, settle, settleErrors, waitFor } from '@/test/mount'
import { EMPLOYER, EMPLOYER_BAD_CODE, EMPLOYERS, INSTITUTION, MERGE_REPORT, pageOf } from '@/test/fixtures/employers'
import PartnersView from './PartnersView.vue'
import { choose, confirmMessageBox, messageBoxText, optionsOf, type, wait } from './specHelpers'

function cells(row: HTMLElement): string[] {
  return Array.from(row.querySelectorAll('td')).map((td) => td.textContent?.replace(/\s+/g, ' ').trim() ?? '')
}

function rowOf(testId: string, name: string): HTMLElement {
  const row = allByTestId(testId).find((r) => r.textContent?.includes(name))
  expect(row, `row ${name}`).toBeTruthy()
  return row!
}

async function mountList(overrides: Parameters<typeof installBackend>[0] = {}) {
  const backend = installBackend({ employers_list: () => pageOf(EMPLOYERS, 2), ...overrides })
  const mounted = await mountWithApp(PartnersView, {}, '/employers')
  await settle()
  return { backend, ...mounted }
}

describe('PartnersView — employers', { timeout: 20_000 }, () => {
  it('lists employers with type and industry names, counts and a warning for a failed check digit', async () => {
    const { backend } = await mountList()

    expect(backend.argsOf('employers_list')).toEqual([{ query: { search: null, tag: null, offset: 0, limit: 20 } }])
    expect(allByTestId('employer-row')).toHaveLength(2)
    expect(allByTestId('employer-row-name').map((el) => el.textContent?.trim())).toEqual([
      EMPLOYER.name,
      EMPLOYER_BAD_CODE.name,
    ])
    expect(cells(rowOf('employer-row', EMPLOYER.name)).slice(0, 8)).toEqual([
      EMPLOYER.name,
      '91350100M000100Y43',
      '其他企业',
      '制造业',
      '东莞',
      '订单班机器人',
      '12',
      '2',
    ])
    // Only the employer whose code failed the check digit carries the warning.
    expect(rowOf('employer-row', EMPLOYER_BAD_CODE.name).textContent).toContain('校验位未通过')
    expect(rowOf('employer-row', '东莞智造机器人有限公司').textContent).not.toContain('校验位未通过')
    expect(cells(rowOf('employer-row', EMPLOYER_BAD_CODE.name))[2]).toBe('国有企业')
    expect(byTestId('employer-total')!.textContent?.trim()).toBe('共 2 家')
  })

  it('sends the search to the backend after a pause in typing, from page 1', async () => {
    const { backend } = await mountList()
    type('employer-search', 'dgzz')
    await wait(300)

    expect(backend.argsOf('employers_list').at(-1)!.query).toEqual({ search: 'dgzz', tag: null, offset: 0, limit: 20 })
  })

  it('filters by a tag picked in the filter', async () => {
    const { backend } = await mountList()
    // Tags seen on the list, in pinyin order.
    expect(await optionsOf('employer-tag-filter')).toEqual(['订单班', '机器人'])
    await choose('employer-tag-filter', '订单班')

    expect(backend.argsOf('employers_list').at(-1)!.query).toMatchObject({ tag: '订单班', offset: 0 })
  })

  it('opens the detail page from the name', async () => {
    const { router } = await mountList()
    allByTestId('employer-row-name')[0].click()
    await waitFor(() => router.currentRoute.value.path === '/employers/e1')
  })

  it('asks once, naming the employer, before deleting, then reloads', async () => {
    const { backend } = await mountList({ employer_delete: () => null })
    rowOf('employer-row', EMPLOYER_BAD_CODE.name).querySelector<HTMLElement>('[data-testid="employer-delete"]')!.click()
    await settle()

    expect(messageBoxText()).toBe(`删除用人单位「${EMPLOYER_BAD_CODE.name}」？此操作不能撤销。`)
    expect(backend.argsOf('employer_delete')).toEqual([])
    await confirmMessageBox()

    expect(backend.argsOf('employer_delete')).toEqual([{ id: 'e2' }])
    expect(backend.argsOf('employers_list')).toHaveLength(2)
  })

  it('says why an employer in use cannot be deleted and offers to merge it instead', async () => {
    const { backend } = await mountList({
      employer_delete: ({ id }) => {
        throw appError([
          {
            field: 'employer',
            code: 'employer.in_use',
            message: '还有记录指向它',
            params: { name: id === 'e1' ? EMPLOYER.name : EMPLOYER_BAD_CODE.name },
          },
        ])
      },
    })
    rowOf('employer-row', EMPLOYER_BAD_CODE.name).querySelector<HTMLElement>('[data-testid="employer-delete"]')!.click()
    await settle()
    await confirmMessageBox()

    expect(messageBoxText()).toBe(`“${EMPLOYER_BAD_CODE.name}”还有记录指向它，不能删除；如是重复单位，请合并`)
    const mergeButton = document.querySelector<HTMLElement>('.el-message-box__btns .el-button--primary')!
    expect(mergeButton.textContent?.trim()).toBe('合并到…')
    await confirmMessageBox()

    expect(byTestId('employer-merge-dialog')!.textContent).toContain(`「${EMPLOYER_BAD_CODE.name}」的毕业去向`)
    expect(backend.argsOf('employers_list')).toHaveLength(2) // the list, then the choices to keep
  })

  it('merges a duplicate into the employer chosen to keep, shows what moved and reloads', async () => {
    const { backend } = await mountList({ employers_merge: () => MERGE_REPORT })
    rowOf('employer-row', EMPLOYER_BAD_CODE.name).querySelector<HTMLElement>('[data-testid="employer-merge"]')!.click()
    await settle()

    // The employer being merged away is not among the ones to keep.
    expect(await optionsOf('employer-merge-keep')).toEqual([EMPLOYER.name])
    expect(byTestId<HTMLButtonElement>('employer-merge-confirm')!.disabled).toBe(true)
    await choose('employer-merge-keep', EMPLOYER.name)
    expect(byTestId('employer-merge-dialog')!.textContent).toContain('此操作不能撤销')

    const listCalls = backend.argsOf('employers_list').length
    byTestId('employer-merge-confirm')!.click()
    await settle()

    expect(backend.argsOf('employers_merge')).toEqual([{ keep: 'e1', drop: 'e2' }])
    const report = byTestId('employer-merge-report')!.textContent!
    expect(report).toContain(`已把「${EMPLOYER_BAD_CODE.name}」合并到「${EMPLOYER.name}」`)
    expect(report).toContain('毕业去向 3 条')
    expect(report).toContain('招聘岗位 2 个')
    expect(report).toContain('简历 5 份')
    expect(report).toContain('协议 1 份')
    expect(backend.argsOf('employers_list').length).toBe(listCalls + 1)
  })

  it('opens the form for a new employer and for an edit', async () => {
    const { backend } = await mountList({ employer_get: () => EMPLOYER })
    byTestId('employer-new')!.click()
    await settle()
    expect(document.querySelector('[data-testid="employer-form"] .el-dialog__title')?.textContent).toBe('新增用人单位')
    byTestId('employer-cancel')!.click()
    await settle()

    rowOf('employer-row', EMPLOYER.name).querySelector<HTMLElement>('[data-testid="employer-edit"]')!.click()
    await settle()
    expect(backend.argsOf('employer_get')).toEqual([{ id: 'e1' }])
  })

  it('speaks English when English is chosen', async () => {
    i18n.global.locale.value = 'en-US'
    await mountList()

    expect(byTestId('employer-tab-employers')!.textContent).toBe('Employers')
    expect(byTestId('employer-tab-institutions')!.textContent).toBe('Research institutions')
    expect(byTestId('employer-total')!.textContent?.trim()).toBe('2 employers in total')
    expect(rowOf('employer-row', EMPLOYER_BAD_CODE.name).textContent).toContain('Check digit failed')
    const headers = Array.from(document.querySelectorAll('.el-table__header th')).map((th) => th.textContent?.trim())
    expect(headers.join('|')).not.toMatch(/[\u4e00-\u9fff]/)
  })

  it('says what to do when there are no employers yet', async () => {
    await mountList({ employers_list: () => pageOf([]) })
    expect(byTestId('employer-empty')!.textContent).toBe('还没有用人单位 — 点击“新增用人单位”')
    expect(byTestId('employer-total')!.textContent?.trim()).toBe('共 0 家')
  })
})

describe('PartnersView — research institutions', { timeout: 20_000 }, () => {
  async function openInstitutions(overrides: Parameters<typeof installBackend>[0] = {}) {
    const mounted = await mountList({ institutions_list: () => pageOf([INSTITUTION]), ...overrides })
    byTestId('employer-tab-institutions')!.click()
    await waitFor(() => byTestId('institution-row') !== null)
    return mounted
  }

  it('lists institutions on their tab, and the tab is kept in the address', async () => {
    const { backend, router } = await openInstitutions()

    expect(router.currentRoute.value.query.tab).toBe('institutions')
    expect(backend.argsOf('institutions_list')).toEqual([{ query: { search: null, tag: null, offset: 0, limit: 20 } }])
    expect(cells(byTestId('institution-row')!).slice(0, 7)).toEqual([
      INSTITUTION.name,
      '北京大学',
      '高校实验室',
      '12100000MB1D72645N',
      '北京',
      '4',
      '1',
    ])
    type('institution-search', 'bjdx')
    await wait(300)
    expect(backend.argsOf('institutions_list').at(-1)!.query).toMatchObject({ search: 'bjdx', offset: 0 })
  })

  it('adds an institution', async () => {
    const { backend } = await openInstitutions({
      institution_create: ({ input }) => ({ ...INSTITUTION, ...input, id: 'i-new' }),
    })
    byTestId('institution-new')!.click()
    await settle()
    type('institution-name', '松山湖材料实验室')
    await choose('institution-kind', '研究中心')
    type('institution-city', '东莞')
    byTestId('institution-save')!.click()
    await settleErrors()

    expect(backend.argsOf('institution_create')).toEqual([
      {
        input: {
          name: '松山湖材料实验室',
          parent_org: null,
          kind: '研究中心',
          city: '东莞',
          credit_code: null,
          address: null,
          contacts: [],
          notes: null,
          accept_warnings: false,
        },
      },
    ])
    expect(backend.argsOf('institutions_list')).toHaveLength(2)
  })

  it('says why an institution in use cannot be deleted', async () => {
    await openInstitutions({
      institution_delete: () => {
        throw appError([
          { field: 'institution', code: 'institution.in_use', message: '仍有去向', params: { name: INSTITUTION.name } },
        ])
      },
    })
    byTestId('institution-row')!.querySelector<HTMLElement>('[data-testid="institution-delete"]')!.click()
    await settle()
    expect(messageBoxText()).toBe(`删除科研机构「${INSTITUTION.name}」？此操作不能撤销。`)
    await confirmMessageBox()

    expect(document.querySelector('.el-message--error')?.textContent).toContain(
      `“${INSTITUTION.name}”还有去向或协议指向它，不能删除`,
    )
  })

  it('shows an institution’s ledger', async () => {
    const { backend } = await openInstitutions()
    byTestId('institution-row')!.querySelector<HTMLElement>('[data-testid="institution-ledger-open"]')!.click()
    await settle()

    expect(backend.argsOf('partner_ledger')).toEqual([{ employer: null, institution: 'i1' }])
    expect(byTestId('institution-ledger')!.textContent).toContain('还没有协议')
  })
})
