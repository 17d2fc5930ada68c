import { commands } from '@/bindings'
import type { Attention } from './types'
import { unwrap } from './result'

/** What needs attention now: destinations missing or unverified, agreements ending, fairs coming. */
export function fetchAttention(): Promise<Attention> {
  return unwrap(commands.attention())
}
