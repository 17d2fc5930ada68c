import { describe, expect, it } from 'vitest'
import { appError, installBackend } from '@/test/backend'
import { EMPLOYER, FAIR_EMPLOYER, OTHER_EMPLOYER } from '@/test/fixtures/fairs'
import { allByTestId, byTestId, mountWithApp, settle, settleErrors } from '@/test/mount'
import { choose, confirmBox, errorUnder, lastMessage, type, visibleOptions } from './specHelpers'
import FairEmployersTab from './FairEmployersTab.vue'

async function mountTab() {
  const mounted = await mountWithApp(FairEmployersTab, { props: { fairId: 'f1', revision: 0 } })
  await settle()
  return mounted
}

describe('FairEmployersTab', { timeout: 60000 }, () => {
  it('lists the employers at the fair with booth and positions', async () => {
    installBackend({ fair_employers_list: () => [FAIR_EMPLOYER] })
    await mountTab()

    const cells = Array.from(byTestId('fair-employer-row')!.querySelectorAll('td')).map((td) => td.textContent?.trim())
    expect(cells.slice(0, 3)).toEqual([EMPLOYER.name, 'A-12', '2'])
  })

  it('adds an employer found by search with its booth', async () => {
    const backend = installBackend({
      employers_list: () => ({ total: 2, items: [EMPLOYER, OTHER_EMPLOYER] }),
      fair_employer_add: ({ input }) => ({ ...FAIR_EMPLOYER, id: 'fe2', employer_id: input.employer_id, employer: OTHER_EMPLOYER.name, booth: input.booth, positions: 0 }),
    })
    const { wrapper } = await mountTab()

    byTestId('fair-employer-add')!.click()
    await settle()
    byTestId('employer-select')!.querySelector<HTMLElement>('.el-select__wrapper')!.click()
    await settle()
    expect(backend.argsOf('employers_list').at(-1)).toEqual({ query: { search: null, tag: null, offset: null, limit: 20 } })
    expect(visibleOptions()).toEqual([EMPLOYER.name, OTHER_EMPLOYER.name])
    await choose('employer-select', OTHER_EMPLOYER.name)
    await type('fair-employer-booth', ' B-3 ')
    byTestId('fair-employer-save')!.click()
    await settleErrors()

    expect(backend.argsOf('fair_employer_add')).toEqual([{ input: { fair_id: 'f1', employer_id: 'e2', booth: 'B-3' } }])
    expect(lastMessage('success')).toBe(`已登记参会单位「${OTHER_EMPLOYER.name}」`)
    expect(wrapper.emitted('changed')).toHaveLength(1)
  })

  it('asks for the employer before saving', async () => {
    const backend = installBackend()
    await mountTab()

    byTestId('fair-employer-add')!.click()
    await settle()
    byTestId('fair-employer-save')!.click()
    await settleErrors()

    expect(errorUnder('employer')).toBe('请选择用人单位')
    expect(backend.argsOf('fair_employer_add')).toEqual([])
  })

  it('says why an employer with positions at the fair cannot be removed', async () => {
    const backend = installBackend({
      fair_employers_list: () => [FAIR_EMPLOYER],
      fair_employer_remove: () => {
        throw appError([{ field: 'employer', code: 'employer.in_use', message: '还有岗位', params: {} }])
      },
    })
    await mountTab()

    allByTestId('fair-employer-remove')[0].click()
    await settle()
    await confirmBox()

    expect(backend.argsOf('fair_employer_remove')).toEqual([{ id: 'fe1' }])
    expect(lastMessage('error')).toBe(`移出失败：「${EMPLOYER.name}」在本场还有 2 个岗位，请先删除岗位`)
  })
})
