import { commands } from '@/bindings'
import type { AppInfo, College, CollegeInput } from './types'
import { unwrap } from './result'

export function fetchAppInfo(): Promise<AppInfo> {
  return unwrap(commands.appInfo())
}

export function updateCollege(input: CollegeInput): Promise<College> {
  return unwrap(commands.collegeUpdate(input))
}

let readyReported = false
const startupMarks: { step: string; ms: number }[] = []

/** Notes a step of startup (ms since the page began loading); sent with `reportReady`. */
export function markStartup(step: string): void {
  if (!readyReported) startupMarks.push({ step, ms: performance.now() })
}

/** Tells the backend, once, that the first usable screen is shown; it logs the startup time and steps. */
export function reportReady(): void {
  if (readyReported) return
  markStartup('shown')
  readyReported = true
  // Diagnostics only: a failure here must never disturb the user.
  commands.appReady(startupMarks).catch(() => undefined)
}
