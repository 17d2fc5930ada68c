import { commands } from '@/bindings'
import type { Facets, Graduate, GraduateInput, GraduatePage, GraduateQuery } from './types'
import { unwrap } from './result'

export function listGraduates(query: GraduateQuery): Promise<GraduatePage> {
  return unwrap(commands.graduatesList(query))
}

/** The whole record, including the full ID number: only the edit form asks for it. */
export function getGraduate(id: string): Promise<Graduate> {
  return unwrap(commands.graduateGet(id))
}

export function createGraduate(input: GraduateInput): Promise<Graduate> {
  return unwrap(commands.graduateCreate(input))
}

export function updateGraduate(id: string, input: GraduateInput): Promise<Graduate> {
  return unwrap(commands.graduateUpdate(id, input))
}

export async function deleteGraduate(id: string): Promise<void> {
  await unwrap(commands.graduateDelete(id))
}

export function graduateFacets(): Promise<Facets> {
  return unwrap(commands.graduateFacets())
}
