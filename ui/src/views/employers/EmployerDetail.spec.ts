import { describe, expect, it, vi } from 'vitest'
import { installBackend } from '@/test/backend'
import { allByTestId, byTestId, mountWithApp, settle } from '@/test/mount'
import { EMPLOYER, EMPLOYER_BAD_CODE, LEDGER } from '@/test/fixtures/employers'
import EmployerDetail from './EmployerDetail.vue'
import { inputOf } from './specHelpers'

function cells(row: HTMLElement): string[] {
  return Array.from(row.querySelectorAll('td')).map((td) => td.textContent?.replace(/\s+/g, ' ').trim() ?? '')
}

async function mountDetail(employer = EMPLOYER, ledger = LEDGER) {
  const backend = installBackend({ employer_get: () => employer, partner_ledger: () => ledger })
  const mounted = await mountWithApp(EmployerDetail, { props: { id: employer.id } }, `/employers/${employer.id}`)
  await settle()
  return { backend, ...mounted }
}

describe('EmployerDetail', { timeout: 20_000 }, () => {
  it('shows the employer with its type and industry names, contacts’ phones masked until asked', async () => {
    const { backend } = await mountDetail()

    expect(backend.argsOf('employer_get')).toEqual([{ id: 'e1' }])
    expect(byTestId('employer-detail-name')!.textContent).toBe(EMPLOYER.name)
    const page = byTestId('employer-detail')!.textContent!
    for (const text of ['91350100M000100Y43', '其他企业', '制造业', '中型', '东莞', '松山湖园区工业北路 6 号', '王敏']) {
      expect(page).toContain(text)
    }
    expect(byTestId('employer-detail-code-warning')).toBeNull()
    expect(byTestId('employer-detail-contacts')!.textContent).toContain('138****8000')
    expect(page).not.toContain('13800138000')

    byTestId('employer-show-phones')!.click()
    await settle()
    expect(byTestId('employer-detail-contacts')!.textContent).toContain('13800138000')
  })

  it('renders the partner → outcome ledger: figures, agreements and current placements', async () => {
    const { backend } = await mountDetail()

    expect(backend.argsOf('partner_ledger')).toEqual([{ employer: 'e1', institution: null }])
    expect(byTestId('ledger-positions')!.textContent).toContain('8')
    expect(byTestId('ledger-headcount')!.textContent).toContain('35')
    expect(byTestId('ledger-resumes')!.textContent).toContain('1,204')
    expect(byTestId('ledger-signings')!.textContent).toContain('12')

    expect(allByTestId('ledger-agreement-row')).toHaveLength(1)
    expect(cells(byTestId('ledger-agreement-row')!)).toEqual([
      'G4419-2025-003',
      '工业机器人订单班合作协议',
      '订单班/冠名班',
      '履行中',
      '2025-05-07',
      '2028-05-06',
    ])
    expect(allByTestId('ledger-placement-row')).toHaveLength(1)
    expect(cells(byTestId('ledger-placement-row')!)).toEqual([
      '张三',
      '2021001',
      '工业机器人应用与维护',
      '2025',
      '机器人运维技术员',
      '6,500 元',
    ])
  })

  it('opens an agreement from the ledger', async () => {
    const { router } = await mountDetail()
    const push = vi.spyOn(router, 'push')
    byTestId('ledger-agreement-row')!.querySelector('td')!.click()
    await settle()
    expect(push).toHaveBeenCalledWith('/agreements/a1')
  })

  it('warns about a credit code that failed its check digit, and edits the employer', async () => {
    const { backend } = await mountDetail(EMPLOYER_BAD_CODE, {
      ...LEDGER,
      agreements: [],
      placements: [],
    })
    expect(byTestId('employer-detail-code-warning')!.textContent?.trim()).toBe('校验位未通过')
    expect(byTestId('employer-detail')!.textContent).toContain('还没有协议')
    expect(byTestId('employer-detail')!.textContent).toContain('还没有毕业生在这里就业')

    byTestId('employer-detail-edit')!.click()
    await settle()
    expect(backend.argsOf('employer_get')).toEqual([{ id: 'e2' }, { id: 'e2' }])
    expect(inputOf('employer-name').value).toBe(EMPLOYER_BAD_CODE.name)
  })
})
