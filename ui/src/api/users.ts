import { commands } from '@/bindings'
import type { User, UserInput } from './types'
import { unwrap } from './result'

/** Every user of this copy of the app, administrators first (administrators only). */
export function listUsers(): Promise<User[]> {
  return unwrap(commands.usersList())
}

export function addUser(input: UserInput): Promise<User> {
  return unwrap(commands.userAdd(input))
}

/** Fields left null keep their value; a new password also unlocks a locked account. */
export function updateUser(id: string, input: UserInput): Promise<User> {
  return unwrap(commands.userUpdate(id, input))
}
