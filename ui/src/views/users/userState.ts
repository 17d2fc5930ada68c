import type { Role, User } from '@/api/types'

/** The roles in the order the role select offers them. */
export const ROLES: Role[] = ['admin', 'staff', 'teacher']

/** True while signing in is refused after repeated wrong passwords (`now`: for tests). */
export function isLocked(user: User, now: Date = new Date()): boolean {
  if (!user.locked_until) return false
  const until = new Date(user.locked_until)
  return !Number.isNaN(until.getTime()) && until.getTime() > now.getTime()
}

/** What the state column says of an account: disabled first, then locked, else active. */
export type UserState = { kind: 'disabled' } | { kind: 'locked'; until: string } | { kind: 'active' }

export function userState(user: User, now: Date = new Date()): UserState {
  if (user.disabled) return { kind: 'disabled' }
  if (isLocked(user, now)) return { kind: 'locked', until: user.locked_until! }
  return { kind: 'active' }
}
