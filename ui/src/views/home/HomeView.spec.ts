import { describe, expect, it, vi } from 'vitest'
import type { Router } from 'vue-router'
import App from '@/App.vue'
import type { Attention } from '@/api/types'
import { i18n } from '@/locales'
import { installBackend } from '@/test/backend'
import { allByTestId, byTestId, mountWithApp, settle, waitFor } from '@/test/mount'
import { ATTENTION, EXPIRING, FAIR } from '@/test/fixtures/placements'
import HomeView from './HomeView.vue'

const EMPTY: Attention = {
  cohort: 2025,
  cohort_graduates: 1393,
  without_destination: 0,
  unverified: 0,
  expiring: [],
  upcoming_fairs: [],
}

/** Records where the page sends the person, without loading the other pages. */
function spyPush(router: Router) {
  return vi.spyOn(router, 'push').mockResolvedValue(undefined)
}

const href = (testId: string) => byTestId(testId)!.getAttribute('href')

const text = (testId: string) => byTestId(testId)!.textContent?.replace(/\s+/g, ' ').trim()

describe('HomeView', { timeout: 20000 }, () => {
  it('shows what needs attention: destinations missing and unverified, with links to the placements view', async () => {
    installBackend({ attention: () => ATTENTION })
    const { wrapper, router } = await mountWithApp(HomeView, {}, '/home')
    const push = spyPush(router)

    expect(wrapper.text()).toContain('2025 届未登记去向')
    expect(text('home-without-destination')).toContain('189')
    expect(text('home-without-destination')).toContain('本届共 1,393 人')
    expect(text('home-unverified')).toContain('42')

    expect(href('home-without-destination')).toBe('/placements?cohort=2025&filter=none')
    expect(href('home-unverified')).toBe('/placements?filter=unverified')

    byTestId('home-without-destination')!.click()
    await settle()
    expect(push).toHaveBeenCalledWith({ path: '/placements', query: { cohort: '2025', filter: 'none' } })
  })

  it('lists the agreements ending soon and opens one on click', async () => {
    installBackend({ attention: () => ATTENTION })
    const { router } = await mountWithApp(HomeView, {}, '/home')
    const push = spyPush(router)

    const rows = allByTestId('home-expiring-row')
    expect(rows).toHaveLength(1)
    for (const part of [EXPIRING.number, EXPIRING.title, EXPIRING.partner, '2025-06-30', '12 天']) {
      expect(rows[0].textContent).toContain(part)
    }
    rows[0].querySelector<HTMLElement>('td:nth-child(3)')!.click()
    await settle()
    expect(push).toHaveBeenCalledWith('/agreements/a1')
    // The number is a link too, for the keyboard.
    expect(rows[0].querySelector('a')!.getAttribute('href')).toBe('/agreements/a1')
  })

  it('lists the fairs coming up with their dates and mode, and opens one on click', async () => {
    installBackend({ attention: () => ATTENTION })
    const { router } = await mountWithApp(HomeView, {}, '/home')
    const push = spyPush(router)

    const rows = allByTestId('home-fair-row')
    expect(rows).toHaveLength(1)
    expect(rows[0].textContent).toContain(FAIR.name)
    expect(rows[0].textContent).toContain('2025-06-20 ~ 2025-07-04')
    expect(rows[0].textContent).toContain('线上线下')
    rows[0].querySelector<HTMLElement>('td:nth-child(2)')!.click()
    await settle()
    expect(push).toHaveBeenCalledWith('/fairs/f1')
  })

  it('says what to do next when nothing needs attention', async () => {
    installBackend({ attention: () => EMPTY })
    await mountWithApp(HomeView, {}, '/home')

    expect(text('home-without-destination')).toContain('本届 1,393 名毕业生都已登记去向')
    expect(text('home-unverified')).toContain('所有去向都已核实')
    expect(allByTestId('home-expiring-row')).toEqual([])
    expect(text('home-expiring-empty')).toBe('60 天内没有到期的协议；需要续签或新签时，到“合作协议”页办理')
    expect(allByTestId('home-fair-row')).toEqual([])
    expect(text('home-fairs-empty')).toBe('近期没有双选会 — 可到“双选会”页新建')
  })

  it('points to the graduates page while there is no cohort yet', async () => {
    installBackend({ attention: () => ({ ...EMPTY, cohort: null, cohort_graduates: 0 }) })
    await mountWithApp(HomeView, {}, '/home')

    expect(text('home-without-destination')).toBe('还没有本届毕业生 — 先到“毕业生”页新增毕业生 →')
    expect(href('home-without-destination')).toBe('/graduates')
  })

  it('is all English when English is chosen', async () => {
    i18n.global.locale.value = 'en-US'
    installBackend({ attention: () => ({ ...ATTENTION, expiring: [{ ...EXPIRING, days_left: 1 }] }) })
    const { wrapper } = await mountWithApp(HomeView, {}, '/home')

    expect(allByTestId('home-expiring-row')[0].textContent).toContain('1 day')
    expect(allByTestId('home-fair-row')[0].textContent).toContain('On site and online')
    // No Chinese but the data (names of agreements, partners and fairs).
    const own = wrapper.text().replace(EXPIRING.title, '').replace(EXPIRING.partner, '').replace(FAIR.name, '').replace(FAIR.venue!, '')
    expect(own).not.toMatch(/[\u4e00-\u9fff]/)
  })

  it('is in the menu, first, and opens from it; the app still opens on the graduates page', async () => {
    installBackend({ attention: () => ATTENTION })
    const { router } = await mountWithApp(App)
    expect(router.currentRoute.value.path).toBe('/graduates')

    const items = Array.from(document.querySelectorAll('.side-menu > .el-menu-item'))
    expect(items[0].getAttribute('data-testid')).toBe('nav-home')
    expect(items[0].textContent).toContain('首页')
    byTestId('nav-home')!.click()
    await waitFor(() => byTestId('home-without-destination') !== null)
    expect(router.currentRoute.value.path).toBe('/home')
  })
})
