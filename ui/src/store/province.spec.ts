import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { appError, installBackend } from '@/test/backend'
import { FIGURES_2025, figuresFor, snapshotOf } from '@/test/fixtures/province'
import { useProvinceStore } from './province'

const offline = () => {
  throw appError([], 'sync.unreachable')
}

describe('province store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('opens on the latest cohort, learnt from the figures of every cohort', async () => {
    const backend = installBackend({ province_figures: figuresFor })
    const province = useProvinceStore()

    await province.start()

    expect(backend.argsOf('province_figures')).toEqual([{ cohort: null }, { cohort: 2025 }])
    expect(province.cohort).toBe(2025)
    expect(province.cohorts).toEqual([2025, 2024])
    expect(province.figures?.graduates).toBe(294)
    expect(province.error).toBeNull()

    // Opened again: the cohort chosen before, read again.
    await province.start()
    expect(backend.argsOf('province_figures').at(-1)).toEqual({ cohort: 2025 })
  })

  it('keeps the last figures read when the server cannot be reached, and says so', async () => {
    let reachable = true
    installBackend({
      province_figures: (args) => (reachable ? figuresFor(args) : offline()),
    })
    const province = useProvinceStore()
    await province.start()
    const read = province.snapshot

    reachable = false
    await province.refresh()

    expect(province.offline).toBe(true)
    expect(province.refused).toBe(false)
    expect(province.snapshot).toEqual(read)
    expect(province.figures?.graduates).toBe(294)

    // Another cohort never read: nothing to show for it, rather than another cohort's figures.
    await province.choose(2024)
    expect(province.cohort).toBe(2024)
    expect(province.figures).toBeNull()
    // Back to the one read, then back online.
    await province.choose(2025)
    expect(province.figures?.graduates).toBe(294)
    reachable = true
    await province.refresh()
    expect(province.error).toBeNull()
    expect(province.offline).toBe(false)
  })

  it('shows what the backend kept at once when the app was reloaded offline', async () => {
    const kept = snapshotOf(FIGURES_2025, '2025-05-06T09:00:00Z')
    installBackend({
      province_figures_cached: ({ cohort }) => (cohort === 2025 ? kept : null),
      province_figures: offline,
    })
    const province = useProvinceStore()

    await province.choose(2025)

    expect(province.snapshot).toEqual(kept)
    expect(province.offline).toBe(true)
  })

  it('says a refused token needs new settings', async () => {
    installBackend({
      province_figures: () => {
        throw appError([], 'sync.token_refused')
      },
    })
    const province = useProvinceStore()
    await province.start()

    expect(province.refused).toBe(true)
    expect(province.offline).toBe(false)
    expect(province.figures).toBeNull()
    expect(province.started).toBe(false)
  })

  it('shows only the latest choice when answers cross', async () => {
    let release2024: (() => void) | null = null
    installBackend({
      province_figures: (args) =>
        args.cohort === 2024 ? new Promise((resolve) => (release2024 = () => resolve(figuresFor(args)))) : figuresFor(args),
    })
    const province = useProvinceStore()
    await province.start()

    const slow = province.choose(2024)
    await province.choose(2025)
    release2024!()
    await slow

    expect(province.cohort).toBe(2025)
    expect(province.loading).toBe(false)
    expect(province.figures?.cohort).toBe(2025)
  })

  it('forgets everything when another token is saved', async () => {
    installBackend({ province_figures: figuresFor })
    const province = useProvinceStore()
    await province.start()

    province.reset()

    expect(province.figures).toBeNull()
    expect(province.cohort).toBeNull()
    expect(province.started).toBe(false)
    expect(province.cohorts).toEqual([])
  })
})
