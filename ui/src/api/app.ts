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

/** Tells the backend, once, that the first usable screen is shown; it logs the startup time. */
export function reportReady(): void {
  if (readyReported) return
  readyReported = true
  // Diagnostics only: a failure here must never disturb the user.
  commands.appReady().catch(() => undefined)
}
