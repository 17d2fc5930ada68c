import { describe, expect, it } from 'vitest'
import { i18n } from '@/locales'
import { appError, installBackend } from '@/test/backend'
import { FAIR, SMALL_FAIR } from '@/test/fixtures/fairs'
import { allByTestId, byTestId, mountWithApp, settle, settleErrors, waitFor } from '@/test/mount'
import { choose, confirmBox, errorUnder, inputOf, lastMessage, type } from './specHelpers'
import FairsView from './FairsView.vue'

function figureTexts(card: HTMLElement): string[] {
  return Array.from(card.querySelectorAll('[data-testid^="fair-row-figure-"]')).map(
    (el) => `${el.querySelector('dt')?.textContent} ${el.querySelector('dd')?.textContent}`,
  )
}

describe('FairsView', { timeout: 60000 }, () => {
  it('lists each fair with its dates, mode, venue and figures with thousands separators', async () => {
    installBackend({ fairs_list: () => [FAIR, SMALL_FAIR] })
    await mountWithApp(FairsView)

    expect(allByTestId('fair-row-name').map((el) => el.textContent?.trim())).toEqual([FAIR.name, SMALL_FAIR.name])
    const [first, second] = allByTestId('fair-row')
    expect(first.querySelector('[data-testid="fair-row-dates"]')?.textContent).toBe('2025-05-07 至 2025-05-21')
    expect(first.querySelector('[data-testid="fair-row-mode"]')?.textContent?.trim()).toBe('线上线下')
    expect(first.querySelector('[data-testid="fair-row-venue"]')?.textContent).toBe('东莞市技师学院')
    expect(figureTexts(first)).toEqual([
      '参会单位 345',
      '岗位 7,000',
      '招聘人数 11,000',
      '投递简历 16,560',
      '就业意向 6,316',
      '签约 293',
    ])
    // A one-day fair shows its one date.
    expect(second.querySelector('[data-testid="fair-row-dates"]')?.textContent).toBe('2025-10-18')
    expect(byTestId('fair-total')!.textContent?.trim()).toBe('共 2 场')
  })

  it('shows the mode in English when English is chosen', async () => {
    i18n.global.locale.value = 'en-US'
    installBackend({ fairs_list: () => [FAIR] })
    await mountWithApp(FairsView)

    expect(byTestId('fair-row-mode')!.textContent?.trim()).toBe('On site and online')
    expect(byTestId('fair-row-dates')!.textContent).toBe('2025-05-07 to 2025-05-21')
  })

  it('opens a fair on its page', async () => {
    installBackend({ fairs_list: () => [FAIR] })
    const { router } = await mountWithApp(FairsView)

    byTestId('fair-open')!.click()
    await waitFor(() => router.currentRoute.value.path === '/fairs/f1')
  })

  it('creates a fair from the dialog and reads the list again', async () => {
    const backend = installBackend({
      fairs_list: () => [],
      fair_create: ({ input }) => ({ ...SMALL_FAIR, ...input, id: 'f-new' }),
    })
    await mountWithApp(FairsView)
    expect(byTestId('fair-empty')).not.toBeNull()

    byTestId('fair-new')!.click()
    await settle()
    await type('fair-name', ' 2025 届春季双选会 ')
    await type('field-start_date', '2025-05-07')
    await type('field-end_date', '2025-05-08')
    await choose('fair-mode', '线上线下')
    await type('fair-venue', '学院体育馆')
    byTestId('fair-save')!.click()
    await settleErrors()

    expect(backend.argsOf('fair_create')).toEqual([
      {
        input: {
          name: '2025 届春季双选会',
          start_date: '2025-05-07',
          end_date: '2025-05-08',
          mode: '线上线下',
          venue: '学院体育馆',
          notes: '',
        },
      },
    ])
    expect(lastMessage('success')).toBe('已保存双选会「2025 届春季双选会」')
    expect(backend.argsOf('fairs_list')).toHaveLength(2)
    expect(byTestId('fair-form')).toBeNull()
  })

  it('shows the backend refusal under the end date and keeps what was typed', async () => {
    installBackend({
      fairs_list: () => [FAIR],
      fair_update: () => {
        throw appError([
          {
            field: 'end_date',
            code: 'end_date.before_start',
            message: '结束日期早于开始日期',
            params: { start: '2025-05-07', end: '2025-05-01' },
          },
        ])
      },
    })
    await mountWithApp(FairsView)
    byTestId('fair-edit')!.click()
    await settle()
    expect(inputOf('fair-name').value).toBe(FAIR.name)

    byTestId('fair-save')!.click()
    await settleErrors()
    expect(errorUnder('end_date')).toBe('结束日期 2025-05-01 早于开始日期 2025-05-07')
    expect(inputOf('fair-name').value).toBe(FAIR.name)
  })

  it('asks before deleting and says why a fair with positions cannot be deleted', async () => {
    const backend = installBackend({
      fairs_list: () => [FAIR],
      fair_delete: () => {
        throw appError([{ field: 'fair', code: 'fair.in_use', message: '已有岗位', params: { count: '7000' } }])
      },
    })
    await mountWithApp(FairsView)

    byTestId('fair-delete')!.click()
    await settle()
    expect(document.querySelector('.el-message-box__message')?.textContent).toContain(`删除双选会「${FAIR.name}」？`)
    await confirmBox()

    expect(backend.argsOf('fair_delete')).toEqual([{ id: 'f1' }])
    expect(lastMessage('error')).toBe('删除失败：双选会已有 7000 个岗位，不能删除')
  })
})
