import { describe, expect, it } from 'vitest'
import { i18n } from '@/locales'
import { installBackend } from '@/test/backend'
import { FAIR, FAIR_EMPLOYER, POSITION, PROGRAM_FIGURES } from '@/test/fixtures/fairs'
import { allByTestId, byTestId, mountWithApp, waitFor } from '@/test/mount'
import FairView from './FairView.vue'

/** A stat card as read aloud: its label, then its value. */
function figure(name: string): string {
  const card = byTestId(`fair-figure-${name}`)!
  const label = card.querySelector('.figure-label')?.textContent?.trim()
  const value = card.querySelector('.figure-value')?.textContent?.trim()
  return `${label} ${value}`
}

function cells(row: HTMLElement): string[] {
  return Array.from(row.querySelectorAll('td')).map((td) => td.textContent?.trim() ?? '')
}

const FAIR_BACKEND = {
  fair_get: () => FAIR,
  fair_program_figures: () => PROGRAM_FIGURES,
  fair_employers_list: () => [FAIR_EMPLOYER],
  positions_list: () => ({ total: 1, items: [POSITION] }),
}

describe('FairView', { timeout: 60000 }, () => {
  it('reports the figures the way the seed article does, with thousands separators', async () => {
    installBackend(FAIR_BACKEND)
    await mountWithApp(FairView, {}, '/fairs/f1')
    await waitFor(() => byTestId('fair-title') !== null)

    expect(byTestId('fair-title')!.textContent).toBe(FAIR.name)
    expect(byTestId('fair-dates')!.textContent).toBe('2025-05-07 至 2025-05-21')
    expect(byTestId('fair-mode')!.textContent?.trim()).toBe('线上线下')
    expect(figure('employers')).toBe('参会单位 345 家')
    expect(figure('positions')).toBe('岗位 7,000 个')
    expect(figure('headcount')).toBe('招聘人数 11,000 人')
    expect(figure('resumes')).toBe('投递简历 16,560 份')
    expect(figure('intentions')).toBe('就业意向 6,316 人次')
    expect(figure('signings')).toBe('签约 293 人')
  })

  it('shows the figures by program and in English when English is chosen', async () => {
    i18n.global.locale.value = 'en-US'
    installBackend(FAIR_BACKEND)
    await mountWithApp(FairView, {}, '/fairs/f1')
    await waitFor(() => allByTestId('fair-program-row').length === 2)

    expect(allByTestId('fair-program-row').map(cells)).toEqual([
      ['工业机器人应用与维护', '1,200', '2,400', '5,321', '2,048', '97'],
      ['数控加工', '300', '450', '880', '310', '12'],
    ])
    expect(figure('resumes')).toBe('Resumes submitted 16,560')
    expect(byTestId('fair-mode')!.textContent?.trim()).toBe('On site and online')
  })

  it('opens on the employers tab and switches tabs, remembering the tab in the address', async () => {
    const backend = installBackend(FAIR_BACKEND)
    const { router } = await mountWithApp(FairView, {}, '/fairs/f1')
    await waitFor(() => allByTestId('fair-employer-row').length === 1)

    expect(byTestId('fair-employer-row')!.textContent).toContain('A-12')
    expect(backend.argsOf('fair_employers_list')[0]).toEqual({ fairId: 'f1' })

    byTestId('fair-tab-positions')!.click()
    await waitFor(() => allByTestId('position-row').length === 1)
    expect(router.currentRoute.value.query.tab).toBe('positions')
    expect(backend.argsOf('positions_list')[0].query).toMatchObject({ fair_id: 'f1', offset: 0, limit: 20 })
    expect(cells(byTestId('position-row')!)).toContain('6,000–8,000 元')
  })

  it('says so when the fair no longer exists', async () => {
    installBackend({
      fair_get: () => {
        throw { code: 'error.not_found', message: '双选会不存在', fields: [] }
      },
    })
    await mountWithApp(FairView, {}, '/fairs/gone')
    await waitFor(() => byTestId('fair-not-found') !== null)
    expect(byTestId('fair-title')).toBeNull()
  })
})
