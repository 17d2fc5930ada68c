import { commands } from '@/bindings'
import type { Institution, InstitutionInput, PartnerQuery } from './types'
import type { Page } from '@/bindings'
import { unwrap } from './result'

export type InstitutionPage = Page<Institution>

export function listInstitutions(query: PartnerQuery): Promise<InstitutionPage> {
  return unwrap(commands.institutionsList(query))
}

export function getInstitution(id: string): Promise<Institution> {
  return unwrap(commands.institutionGet(id))
}

export function createInstitution(input: InstitutionInput): Promise<Institution> {
  return unwrap(commands.institutionCreate(input))
}

export function updateInstitution(id: string, input: InstitutionInput): Promise<Institution> {
  return unwrap(commands.institutionUpdate(id, input))
}

export async function deleteInstitution(id: string): Promise<void> {
  await unwrap(commands.institutionDelete(id))
}
