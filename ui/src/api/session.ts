import { commands } from '@/bindings'
import type { SessionStatus, User, UserInput } from './types'
import { unwrap } from './result'

export function sessionStatus(): Promise<SessionStatus> {
  return unwrap(commands.sessionStatus())
}

/** The first start: the administrator is created and signed in. */
export function createFirstAdmin(input: UserInput): Promise<User> {
  return unwrap(commands.sessionCreateFirstAdmin(input))
}

export function signIn(username: string, password: string): Promise<User> {
  return unwrap(commands.sessionSignIn(username, password))
}

export async function signOut(idle: boolean): Promise<void> {
  await unwrap(commands.sessionSignOut(idle))
}

/** Tells the backend the person is still at work (typing sends no command). */
export async function touchSession(): Promise<void> {
  await unwrap(commands.sessionTouch())
}

export async function changeOwnPassword(current: string, next: string): Promise<void> {
  await unwrap(commands.sessionChangePassword(current, next))
}

export async function setIdleMinutes(minutes: number): Promise<void> {
  await unwrap(commands.sessionIdleSet(minutes))
}
