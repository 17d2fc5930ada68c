import { commands } from '@/bindings'
import type { ReferenceLists } from './types'
import { unwrap } from './result'

/** The reference lists records point into: employer types (单位性质) and industries (行业). */
export function referenceLists(): Promise<ReferenceLists> {
  return unwrap(commands.referenceLists())
}
