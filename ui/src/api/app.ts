import { commands } from '@/bindings'
import type { AppInfo } from './types'
import { unwrap } from './result'

export function fetchAppInfo(): Promise<AppInfo> {
  return unwrap(commands.appInfo())
}
