import { describe, expect, it } from 'vitest'
import type { Application, Fair } from '@/api/types'
import { appError, GRADUATE, installBackend, rowOf, type Handler } from '@/test/backend'
import { application, DESTINATION_CODES, FAIR, POSITION } from '@/test/fixtures/fairs'
import { allByTestId, byTestId, mountWithApp, settle, settleErrors, waitFor } from '@/test/mount'
import { choose, confirmBox, errorUnder, inputOf, lastMessage, rowButtons, type, visibleOptions } from './specHelpers'
import FairView from './FairView.vue'

const ROWS: Application[] = [
  application('a1', '已投递', '张三'),
  application('a2', '已面试', '李四'),
  application('a3', '意向', '王五'),
  application('a4', '已签约', '赵六'),
  application('a5', '未录用', '钱七'),
]

/** A backend for one fair whose applications can be moved and signed. */
function fairBackend(overrides: Record<string, Handler> = {}) {
  let rows = ROWS.map((r) => ({ ...r }))
  let fair: Fair = { ...FAIR, figures: { ...FAIR.figures } }
  const set = (id: string, status: Application['status']) => {
    rows = rows.map((r) => (r.id === id ? { ...r, status } : r))
    return rows.find((r) => r.id === id)!
  }
  return installBackend({
    fair_get: () => fair,
    positions_list: () => ({ total: 1, items: [POSITION] }),
    applications_list: ({ query }) => {
      const items = rows.filter((r) => !query.status || r.status === query.status)
      return { total: items.length, items }
    },
    application_update: ({ id, input }) => set(id, input.status),
    application_sign: ({ id }) => {
      fair = { ...fair, figures: { ...fair.figures, signings: fair.figures.signings + 1 } }
      return set(id, '已签约')
    },
    destination_codes: () => DESTINATION_CODES,
    ...overrides,
  })
}

async function openApplications() {
  const mounted = await mountWithApp(FairView, {}, '/fairs/f1?tab=applications')
  await waitFor(() => allByTestId('application-row').length > 0)
  return mounted
}

function rowOfGraduate(name: string): HTMLElement {
  const row = allByTestId('application-row').find(
    (r) => r.querySelector('[data-testid="application-row-name"]')?.textContent === name,
  )
  expect(row, name).toBeTruthy()
  return row!
}

async function openSign(name: string): Promise<void> {
  rowOfGraduate(name).querySelector<HTMLElement>('[data-testid="application-sign"]')!.click()
  await settle()
}

describe('ApplicationsTab', { timeout: 60000 }, () => {
  it('offers only the forward moves, and none on signed or declined rows', async () => {
    fairBackend()
    await openApplications()

    expect(allByTestId('application-row-status').map((el) => el.textContent?.trim())).toEqual([
      '已投递',
      '已面试',
      '意向',
      '已签约',
      '未录用',
    ])
    expect(rowButtons('application-row')).toEqual([
      ['application-move-interviewed', 'application-move-intention', 'application-move-declined', 'application-sign'],
      ['application-move-intention', 'application-move-declined', 'application-sign'],
      ['application-move-declined', 'application-sign'],
      [],
      [],
    ])
  })

  it('moves an application forward and reads the list and the figures again', async () => {
    const backend = fairBackend()
    await openApplications()
    const listed = backend.argsOf('applications_list').length
    const fairs = backend.argsOf('fair_get').length

    rowOfGraduate('张三').querySelector<HTMLElement>('[data-testid="application-move-interviewed"]')!.click()
    await settle()

    expect(backend.argsOf('application_update')).toEqual([{ id: 'a1', input: { status: '已面试' } }])
    expect(lastMessage('success')).toBe('已将张三的投递改为“已面试”')
    expect(backend.argsOf('applications_list').length).toBeGreaterThan(listed)
    expect(backend.argsOf('fair_get').length).toBeGreaterThan(fairs)
    expect(rowOfGraduate('张三').querySelector('[data-testid="application-row-status"]')?.textContent?.trim()).toBe('已面试')
  })

  it('asks before declining, since a declined application cannot move again', async () => {
    const backend = fairBackend()
    await openApplications()

    rowOfGraduate('王五').querySelector<HTMLElement>('[data-testid="application-move-declined"]')!.click()
    await settle()
    expect(document.querySelector('.el-message-box__message')?.textContent).toContain('王五')
    expect(backend.argsOf('application_update')).toEqual([])
    await confirmBox()
    expect(backend.argsOf('application_update')).toEqual([{ id: 'a3', input: { status: '未录用' } }])
  })

  it('filters by status', async () => {
    const backend = fairBackend()
    await openApplications()

    await choose('application-filter-status', '已签约')
    expect(backend.argsOf('applications_list').at(-1)!.query).toMatchObject({ fair_id: 'f1', status: '已签约', offset: 0 })
    expect(allByTestId('application-row-name').map((el) => el.textContent)).toEqual(['赵六'])
  })

  it('signs: sends the destination, says the destination was recorded, reloads the list and the figures', async () => {
    const backend = fairBackend()
    await openApplications()
    expect(byTestId('fair-figure-signings')!.textContent).toContain('293')

    await openSign('王五')
    // Prefilled: labour contract (11) with the position's title.
    expect(byTestId('sign-destination-code')!.querySelector('.el-select__placeholder')?.textContent?.trim()).toBe(
      '11 签劳动合同形式就业',
    )
    expect(inputOf('sign-position-title').value).toBe(POSITION.title)
    await type('sign-salary', '6500')
    await type('field-start_date', '2025-07-01')
    byTestId('sign-save')!.click()
    await settleErrors()

    expect(backend.argsOf('application_sign')).toEqual([
      {
        id: 'a3',
        destination: {
          destination_code: '11',
          salary: 6500,
          contract_type: '劳动合同',
          start_date: '2025-07-01',
          position_title: POSITION.title,
        },
      },
    ])
    expect(lastMessage('success')).toBe(`签约成功，已登记王五的毕业去向（${POSITION.employer}）`)
    expect(byTestId('sign-form')).toBeNull()
    await waitFor(() => byTestId('fair-figure-signings')!.textContent!.includes('294'))
    // The signed row shows its status and offers nothing more.
    const row = rowOfGraduate('王五')
    expect(row.querySelector('[data-testid="application-row-status"]')?.textContent?.trim()).toBe('已签约')
    expect(row.querySelectorAll('button')).toHaveLength(0)
  })

  it('offers only employment codes, grouped, and signs with the one chosen', async () => {
    const backend = fairBackend()
    await openApplications()
    await openSign('张三')

    byTestId('sign-destination-code')!.querySelector<HTMLElement>('.el-select__wrapper')!.click()
    await settle()
    expect(visibleOptions()).toEqual(['10 签就业协议形式就业', '11 签劳动合同形式就业', '12 其他录用形式就业'])
    await choose('sign-destination-code', '10 ')
    await choose('sign-contract-type', '就业协议')
    byTestId('sign-save')!.click()
    await settleErrors()

    expect(backend.argsOf('application_sign')[0].destination).toMatchObject({
      destination_code: '10',
      contract_type: '就业协议',
      salary: null,
      start_date: null,
    })
  })

  it('shows a salary refusal under the salary and keeps the dialog open', async () => {
    fairBackend({
      application_sign: () => {
        throw appError([
          { field: 'salary', code: 'salary.range', message: '月起薪超出范围', params: { min: '0', max: '1,000,000' } },
        ])
      },
    })
    await openApplications()
    await openSign('张三')
    await type('sign-salary', '2000000')
    byTestId('sign-save')!.click()
    await settleErrors()

    expect(errorUnder('salary')).toBe('月起薪应在 0 到 1,000,000 元之间')
    expect(byTestId('sign-form')).not.toBeNull()
    expect(inputOf('sign-salary').value).toBe('2000000')
  })

  it('shows an unknown destination code under the destination', async () => {
    fairBackend({
      application_sign: () => {
        throw appError([
          {
            field: 'destination_code',
            code: 'destination_code.unknown',
            message: '代码不在代码表中',
            params: { value: '11', version: '2024' },
          },
        ])
      },
    })
    await openApplications()
    await openSign('张三')
    byTestId('sign-save')!.click()
    await settleErrors()

    expect(errorUnder('destination_code')).toBe('去向代码“11”不在 2024 版代码表中')
  })

  it('says so when the application was signed meanwhile, closes the dialog and reads the list again', async () => {
    const backend = fairBackend({
      application_sign: () => {
        throw appError([{ field: 'status', code: 'status.already_signed', message: '已经签约', params: {} }])
      },
    })
    await openApplications()
    const listed = backend.argsOf('applications_list').length
    await openSign('张三')
    byTestId('sign-save')!.click()
    await settleErrors()

    expect(lastMessage('error')).toBe('保存失败：这份投递已经签约，不能重复签约')
    expect(byTestId('sign-form')).toBeNull()
    expect(backend.argsOf('applications_list').length).toBeGreaterThan(listed)
  })

  it('records an application for a position and a graduate found by search', async () => {
    const backend = fairBackend({
      graduates_list: () => ({ total: 1, items: [rowOf(GRADUATE)] }),
      application_create: () => application('a9', '已投递'),
    })
    await openApplications()

    byTestId('application-new')!.click()
    await settle()
    await choose('application-position', `${POSITION.employer} · ${POSITION.title}`)
    await choose('application-graduate', '张三')
    expect(backend.argsOf('graduates_list').at(-1)!.query).toEqual({ search: null, limit: 20 })
    byTestId('application-save')!.click()
    await settleErrors()

    expect(backend.argsOf('application_create')).toEqual([{ input: { position_id: 'po1', graduate_id: 'g1' } }])
    expect(byTestId('application-form')).toBeNull()
  })

  it('shows a duplicate application under the graduate', async () => {
    fairBackend({
      graduates_list: () => ({ total: 1, items: [rowOf(GRADUATE)] }),
      application_create: () => {
        throw appError([
          { field: 'graduate', code: 'graduate.duplicate', message: '已投递过', params: { position: POSITION.title } },
        ])
      },
    })
    await openApplications()

    byTestId('application-new')!.click()
    await settle()
    await choose('application-position', POSITION.employer)
    await choose('application-graduate', '张三')
    byTestId('application-save')!.click()
    await settleErrors()

    expect(errorUnder('graduate')).toBe(`该毕业生已投递过岗位“${POSITION.title}”`)
    expect(byTestId('application-form')).not.toBeNull()
  })
})
