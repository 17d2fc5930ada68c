import { commands } from '@/bindings'
import type { DuplicateCandidate, Employer, EmployerInput, EmployerPage, MergeReport, PartnerQuery } from './types'
import { unwrap } from './result'

/** A page of employers (by name pinyin order), contacts' phones masked. */
export function listEmployers(query: PartnerQuery): Promise<EmployerPage> {
  return unwrap(commands.employersList(query))
}

/** The whole record, contacts unmasked: for the detail page and the edit form. */
export function getEmployer(id: string): Promise<Employer> {
  return unwrap(commands.employerGet(id))
}

export function createEmployer(input: EmployerInput): Promise<Employer> {
  return unwrap(commands.employerCreate(input))
}

export function updateEmployer(id: string, input: EmployerInput): Promise<Employer> {
  return unwrap(commands.employerUpdate(id, input))
}

export async function deleteEmployer(id: string): Promise<void> {
  await unwrap(commands.employerDelete(id))
}

/** Existing employers that saving this name or credit code would duplicate (other than `exceptId`). */
export function employerDuplicates(
  name: string | null,
  creditCode: string | null,
  exceptId: string | null,
): Promise<DuplicateCandidate[]> {
  return unwrap(commands.employerDuplicates(name, creditCode, exceptId))
}

/** Moves everything of `drop` to `keep`, then deletes `drop`. */
export function mergeEmployers(keep: string, drop: string): Promise<MergeReport> {
  return unwrap(commands.employersMerge(keep, drop))
}
