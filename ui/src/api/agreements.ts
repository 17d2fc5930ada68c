import { commands } from '@/bindings'
import type {
  AdvanceInput,
  Agreement,
  AgreementInput,
  AgreementKind,
  AgreementQuery,
  Clause,
  Employer,
  Institution,
} from './types'
import { unwrap } from './result'

/** How many partners a picker offers for what was typed. */
const PICKER_LIMIT = 20

export function listAgreements(query: AgreementQuery): Promise<Agreement[]> {
  return unwrap(commands.agreementsList(query))
}

export function getAgreement(id: string): Promise<Agreement> {
  return unwrap(commands.agreementGet(id))
}

/** A new draft: the backend numbers it and, without clauses, fills in its kind's template. */
export function createAgreement(input: AgreementInput): Promise<Agreement> {
  return unwrap(commands.agreementCreate(input))
}

/** Changes only the fields given; after signing only `notes` may change. */
export function updateAgreement(id: string, input: AgreementInput): Promise<Agreement> {
  return unwrap(commands.agreementUpdate(id, input))
}

export async function deleteAgreement(id: string): Promise<void> {
  await unwrap(commands.agreementDelete(id))
}

/** Takes one lifecycle step, recorded with who took it. */
export function advanceAgreement(id: string, step: AdvanceInput): Promise<Agreement> {
  return unwrap(commands.agreementAdvance(id, step))
}

/** The clauses a new agreement of this kind starts from. */
export function agreementTemplate(kind: AgreementKind): Promise<Clause[]> {
  return unwrap(commands.agreementTemplate(kind))
}

/** Employers matching a name, pinyin or credit code, for the partner picker. */
export async function searchEmployers(search: string): Promise<Employer[]> {
  const page = await unwrap(commands.employersList({ search: search.trim() || null, limit: PICKER_LIMIT }))
  return page.items
}

/** Research institutions matching a name, for the partner picker of research agreements. */
export async function searchInstitutions(search: string): Promise<Institution[]> {
  const page = await unwrap(commands.institutionsList({ search: search.trim() || null, limit: PICKER_LIMIT }))
  return page.items
}
