import { describe, expect, it, vi } from 'vitest'
import { i18n } from '@/locales'
import { installBackend } from '@/test/backend'
import { DRAFT, EMPLOYER, EXPIRED, INSTITUTION, RESEARCH_ACTIVE, SIGNED } from '@/test/fixtures/agreements'
import { allByTestId, byTestId, mountWithApp, settle } from '@/test/mount'
import { choose, click, errorAround, texts, type, typeDate } from './specHelpers'
import AgreementsView from './AgreementsView.vue'

const LIST = [RESEARCH_ACTIVE, DRAFT, EXPIRED, { ...SIGNED, id: 'a4', number: 'G4419-2025-005', days_left: 0 }]

describe('AgreementsView', { timeout: 20_000 }, () => {
  it('lists agreements with their status and warns only of signed or active ones ending within 60 days', async () => {
    installBackend({ agreements_list: () => LIST })
    const { wrapper } = await mountWithApp(AgreementsView)

    expect(allByTestId('agreement-row')).toHaveLength(4)
    expect(texts('agreement-row-number')).toEqual(['G4419-2025-004', 'G4419-2025-003', 'G4419-2024-011', 'G4419-2025-005'])
    expect(texts('agreement-row-status')).toEqual(['履行中', '草稿', '已到期', '已签署'])
    // The active one ends in 30 days, the signed one today; the draft and the expired one are not flagged.
    const warnings = allByTestId('agreement-row').map(
      (row) => row.querySelector('[data-testid="agreement-expiring"]')?.textContent?.trim() ?? null,
    )
    expect(warnings).toEqual(['30 天后到期', null, null, '今天到期'])
    expect(wrapper.text()).toContain('工业机器人应用与维护；数控加工')
    expect(wrapper.text()).toContain('技研合作协议')
    expect(byTestId('agreement-total')!.textContent?.trim()).toBe('共 4 份')
  })

  it('asks the backend for the chosen kind, status and search', async () => {
    const backend = installBackend({ agreements_list: () => LIST })
    await mountWithApp(AgreementsView)

    await choose('agreement-filter-kind', '技研合作协议')
    expect(backend.argsOf('agreements_list').at(-1)!.query).toMatchObject({ kind: '技研合作协议', status: null })

    await choose('agreement-filter-status', '履行中')
    expect(backend.argsOf('agreements_list').at(-1)!.query).toMatchObject({ kind: '技研合作协议', status: '履行中' })

    type('agreement-search', ' 北京大学 ')
    await new Promise((resolve) => setTimeout(resolve, 300))
    await settle()
    expect(backend.argsOf('agreements_list').at(-1)!.query).toMatchObject({ search: '北京大学', status: '履行中' })
  })

  it('exports the agreements the list shows: its search, kind, status and expiry filter', async () => {
    const backend = installBackend({
      agreements_list: () => LIST,
      export_save: () => ({ path: '/tmp/协议.xlsx', name: '协议.xlsx', rows: 1 }),
    })
    await mountWithApp(AgreementsView)
    await choose('agreement-filter-status', '履行中')
    click('agreement-filter-expiring')
    await settle()
    click('agreement-export')
    await settle()
    click('agreement-export-xlsx')
    await settle()
    expect(backend.argsOf('export_save').at(-1)).toMatchObject({
      kind: 'agreements',
      filter: { status: '履行中', agreement_kind: null, expiring_within_days: 60 },
      csv: false,
    })
  })

  it('opens an agreement when its row is clicked', async () => {
    installBackend({ agreements_list: () => LIST })
    const { router } = await mountWithApp(AgreementsView, {}, '/agreements')
    const push = vi.spyOn(router, 'push')

    allByTestId('agreement-row')[1].querySelector('td')!.click()
    expect(push).toHaveBeenCalledWith('/agreements/a1')
  })

  it('creates an agreement with an employer and opens it in the editor', async () => {
    const backend = installBackend({
      employers_list: () => ({ total: 1, items: [EMPLOYER] }),
      agreement_template: () => DRAFT.clauses,
      agreement_create: ({ input }) => ({ ...DRAFT, id: 'a-new', number: 'G4419-2025-006', ...input }),
    })
    const { router } = await mountWithApp(AgreementsView, {}, '/agreements')
    const push = vi.spyOn(router, 'push')

    click('agreement-new')
    await settle()
    await choose('field-kind', '校企合作协议')
    // The kind's template is previewed, and the employer picker searches employers.
    expect(backend.argsOf('agreement_template')).toEqual([{ kind: '校企合作协议' }])
    expect(byTestId('agreement-template')!.textContent).toContain('合作宗旨')
    expect(byTestId('field-institution')).toBeNull()
    await choose('field-employer', '东莞市智造机器人有限公司')
    expect(backend.argsOf('employers_list')[0].query).toMatchObject({ search: null })
    await choose('field-programs', '数控加工')
    await typeDate('field-start_date', '2025-09-01')
    await typeDate('field-end_date', '2028-08-31')

    click('agreement-create-save')
    await settle()
    expect(backend.argsOf('agreement_create')).toEqual([
      {
        input: {
          kind: '校企合作协议',
          title: null,
          employer_id: 'e1',
          programs: ['p2'],
          start_date: '2025-09-01',
          end_date: '2028-08-31',
        },
      },
    ])
    expect(push).toHaveBeenCalledWith('/agreements/a-new')
    expect(document.body.textContent).toContain('已创建协议 G4419-2025-006')
  })

  it('picks a research institution for a research agreement', async () => {
    const backend = installBackend({
      institutions_list: () => ({ total: 1, items: [INSTITUTION] }),
      agreement_create: ({ input }) => ({ ...RESEARCH_ACTIVE, id: 'a-new', ...input }),
    })
    await mountWithApp(AgreementsView, {}, '/agreements')

    click('agreement-new')
    await settle()
    await choose('field-kind', '技研合作协议')
    expect(byTestId('field-employer')).toBeNull()
    await new Promise((resolve) => setTimeout(resolve, 150))
    await settle(2)
    expect(errorAround('field-institution')).toBe('')
    await choose('field-institution', '北京大学化学学院')
    type('field-title', '北大化学学院技研合作')
    click('agreement-create-save')
    await settle()

    expect(backend.argsOf('institutions_list').length).toBeGreaterThan(0)
    expect(backend.argsOf('employers_list')).toEqual([])
    expect(backend.argsOf('agreement_create')[0].input).toMatchObject({
      kind: '技研合作协议',
      institution_id: 'i1',
      title: '北大化学学院技研合作',
    })
    expect(backend.argsOf('agreement_create')[0].input).not.toHaveProperty('employer_id')
  })

  it('does not create without a kind and a partner', async () => {
    const backend = installBackend()
    await mountWithApp(AgreementsView)

    click('agreement-new')
    await settle()
    click('agreement-create-save')
    await settle()
    await new Promise((resolve) => setTimeout(resolve, 150))
    await settle(2)

    expect(backend.argsOf('agreement_create')).toEqual([])
    const kindError = byTestId('field-kind')!.closest('.el-form-item')!.querySelector('.el-form-item__error')
    expect(kindError?.textContent?.trim()).toBe('此项必填')
  })

  it('shows kinds and statuses in English when English is chosen', async () => {
    i18n.global.locale.value = 'en-US'
    installBackend({ agreements_list: () => LIST })
    const { wrapper } = await mountWithApp(AgreementsView)

    expect(texts('agreement-row-status')).toEqual(['Active', 'Draft', 'Expired', 'Signed'])
    expect(texts('agreement-expiring')).toEqual(['Ends in 30 days', 'Ends today'])
    // The kind column (the second) is translated; titles and partners are the records' own words.
    const kinds = allByTestId('agreement-row').map((row) => row.querySelectorAll('td')[1].textContent?.trim())
    expect(kinds).toEqual(['Research cooperation', 'School–enterprise cooperation', 'Co-built training base', 'School–enterprise cooperation'])
    expect(wrapper.text()).toContain('4 agreements')
  })
})
