import { commands } from '@/bindings'
import type {
  ClassView,
  DestinationCode,
  Employer,
  EvidenceKind,
  Institution,
  Placement,
  PlacementInput,
} from './types'
import { fileToBase64 } from './files'
import { unwrap } from './result'

/** How many partners a remote select offers at a time. */
const PARTNER_OPTIONS = 20

/** Every graduate of one class with their current destination, and the class's figures. */
export function fetchClassView(cohort: number, className: string): Promise<ClassView> {
  return unwrap(commands.classView(cohort, className))
}

export function getPlacement(id: string): Promise<Placement> {
  return unwrap(commands.placementGet(id))
}

/** Records a new destination; the graduate's current one (if any) becomes history. */
export function recordPlacement(input: PlacementInput): Promise<Placement> {
  return unwrap(commands.placementRecord(input))
}

/** Corrects a placement in place; absent fields stay as they are, an empty text clears. */
export function updatePlacement(id: string, input: PlacementInput): Promise<Placement> {
  return unwrap(commands.placementUpdate(id, input))
}

/** Verifies a placement in the name of `by`; an empty name marks it unverified again. */
export function setPlacementVerified(id: string, by: string): Promise<Placement> {
  return unwrap(commands.placementUpdate(id, { verified_by: by }))
}

/** The codes of the current destination code list. */
export function listDestinationCodes(): Promise<DestinationCode[]> {
  return unwrap(commands.destinationCodes(null))
}

/** Employers matching a name, pinyin initials or credit code (the first few, for a select). */
export async function searchEmployers(search: string): Promise<Employer[]> {
  const page = await unwrap(commands.employersList({ search: search.trim() || null, offset: 0, limit: PARTNER_OPTIONS }))
  return page.items
}

/** Research institutions matching a name (the first few, for a select). */
export async function searchInstitutions(search: string): Promise<Institution[]> {
  const page = await unwrap(
    commands.institutionsList({ search: search.trim() || null, offset: 0, limit: PARTNER_OPTIONS }),
  )
  return page.items
}

/** Reads a picked file and stores it as evidence of a placement (content sent base64-encoded). */
export async function attachEvidence(id: string, file: File, kind: EvidenceKind): Promise<Placement> {
  return unwrap(commands.placementAttachFile(id, file.name, await fileToBase64(file), kind))
}

/** Takes an evidence entry off a placement. */
export function detachEvidence(id: string, sha256: string): Promise<Placement> {
  return unwrap(commands.placementDetach(id, sha256))
}
