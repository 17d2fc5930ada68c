import { commands } from '@/bindings'
import type { Facets, Graduate, GraduateDetail, GraduateInput, GraduatePage, GraduateQuery, Revealed } from './types'
import { unwrap } from './result'

export function listGraduates(query: GraduateQuery): Promise<GraduatePage> {
  return unwrap(commands.graduatesList(query))
}

/** The record for the edit form, its ID number and phone masked. */
export function getGraduate(id: string): Promise<GraduateDetail> {
  return unwrap(commands.graduateGet(id))
}

export async function createGraduate(input: GraduateInput): Promise<Graduate> {
  return (await unwrap(commands.graduateCreate(input))).graduate
}

/** `id_number` / `phone` null keep the stored numbers. */
export async function updateGraduate(id: string, input: GraduateInput): Promise<Graduate> {
  return (await unwrap(commands.graduateUpdate(id, input))).graduate
}

/** The whole ID number and phone (administrators; each reveal is in the audit log). */
export function revealGraduate(id: string): Promise<Revealed> {
  return unwrap(commands.graduateReveal(id))
}

export async function deleteGraduate(id: string): Promise<void> {
  await unwrap(commands.graduateDelete(id))
}

export function graduateFacets(): Promise<Facets> {
  return unwrap(commands.graduateFacets())
}
