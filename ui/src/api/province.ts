import { commands } from '@/bindings'
import type { ProvinceSnapshot } from './types'
import { unwrap } from './result'

/**
 * The province's figures of a cohort (every cohort when null), read from the server with the
 * saved provincial token; throws an AppError (`sync.unreachable`, `sync.token_refused`, …) when
 * they cannot be read.
 */
export function fetchProvinceFigures(cohort: number | null): Promise<ProvinceSnapshot> {
  return unwrap(commands.provinceFigures(cohort))
}

/** The last figures of a cohort read since the app started, if any (without the network). */
export function cachedProvinceFigures(cohort: number | null): Promise<ProvinceSnapshot | null> {
  return unwrap(commands.provinceFiguresCached(cohort))
}
