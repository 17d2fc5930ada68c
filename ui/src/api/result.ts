import type { AppError } from '@/api/types'

/** The shape every generated command resolves to. */
export type CommandResult<T> = { status: 'ok'; data: T } | { status: 'error'; error: AppError }

export function isAppError(value: unknown): value is AppError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AppError).code === 'string' &&
    typeof (value as AppError).message === 'string' &&
    Array.isArray((value as AppError).fields)
  )
}

/** The codes of a refusal because nobody is signed in (any more). */
const SESSION_LOST = new Set(['error.signed_out', 'error.session_expired'])
let sessionLost: ((error: AppError) => void) | null = null

/** Who hears that a command was refused because the session ended (the session store). */
export function onSessionLost(handler: ((error: AppError) => void) | null): void {
  sessionLost = handler
}

/** Awaits a command and returns its data, or throws its AppError. */
export async function unwrap<T>(pending: Promise<CommandResult<T>>): Promise<T> {
  const result = await pending
  if (result.status === 'error') {
    if (SESSION_LOST.has(result.error.code)) sessionLost?.(result.error)
    throw result.error
  }
  return result.data
}

/** Turns anything thrown (an AppError, an Error from the IPC layer, ...) into an AppError. */
export function toAppError(value: unknown): AppError {
  if (isAppError(value)) return value
  const message = value instanceof Error ? value.message : String(value)
  return { code: 'error.internal', message, fields: [] }
}
