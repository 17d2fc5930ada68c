import { commands } from '@/bindings'
import type { AppInfo, College, CollegeInput } from './types'
import { unwrap } from './result'

export function fetchAppInfo(): Promise<AppInfo> {
  return unwrap(commands.appInfo())
}

export function updateCollege(input: CollegeInput): Promise<College> {
  return unwrap(commands.collegeUpdate(input))
}
