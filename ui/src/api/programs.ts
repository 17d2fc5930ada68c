import { commands } from '@/bindings'
import type { Program, ProgramInput } from './types'
import { unwrap } from './result'

export function listPrograms(): Promise<Program[]> {
  return unwrap(commands.programsList())
}

export function createProgram(input: ProgramInput): Promise<Program> {
  return unwrap(commands.programCreate(input))
}

export function updateProgram(id: string, input: ProgramInput): Promise<Program> {
  return unwrap(commands.programUpdate(id, input))
}

export async function deleteProgram(id: string): Promise<void> {
  await unwrap(commands.programDelete(id))
}
