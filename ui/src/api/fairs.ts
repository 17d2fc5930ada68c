import { commands } from '@/bindings'
import type {
  Application,
  ApplicationInput,
  ApplicationPage,
  ApplicationStatus,
  DestinationCode,
  Employer,
  Fair,
  FairEmployer,
  FairEmployerInput,
  FairInput,
  FairItemQuery,
  GraduateRow,
  PlacementInput,
  Position,
  PositionInput,
  PositionPage,
  ProgramFigures,
} from './types'
import { unwrap } from './result'

// ---- fairs ----

/** Every fair with its figures, latest first. */
export function listFairs(): Promise<Fair[]> {
  return unwrap(commands.fairsList())
}

export function getFair(id: string): Promise<Fair> {
  return unwrap(commands.fairGet(id))
}

export function createFair(input: FairInput): Promise<Fair> {
  return unwrap(commands.fairCreate(input))
}

export function updateFair(id: string, input: FairInput): Promise<Fair> {
  return unwrap(commands.fairUpdate(id, input))
}

export async function deleteFair(id: string): Promise<void> {
  await unwrap(commands.fairDelete(id))
}

/** A fair's figures by the applicants' program. */
export function fairProgramFigures(id: string): Promise<ProgramFigures[]> {
  return unwrap(commands.fairProgramFigures(id))
}

// ---- employers at a fair ----

export function listFairEmployers(fairId: string): Promise<FairEmployer[]> {
  return unwrap(commands.fairEmployersList(fairId))
}

/** Adds an employer to a fair, or changes its booth if it is there already. */
export function addFairEmployer(input: FairEmployerInput): Promise<FairEmployer> {
  return unwrap(commands.fairEmployerAdd(input))
}

export async function removeFairEmployer(id: string): Promise<void> {
  await unwrap(commands.fairEmployerRemove(id))
}

// ---- positions ----

export function listPositions(query: FairItemQuery): Promise<PositionPage> {
  return unwrap(commands.positionsList(query))
}

export function createPosition(input: PositionInput): Promise<Position> {
  return unwrap(commands.positionCreate(input))
}

export function updatePosition(id: string, input: PositionInput): Promise<Position> {
  return unwrap(commands.positionUpdate(id, input))
}

export async function deletePosition(id: string): Promise<void> {
  await unwrap(commands.positionDelete(id))
}

// ---- applications ----

export function listApplications(query: FairItemQuery): Promise<ApplicationPage> {
  return unwrap(commands.applicationsList(query))
}

export function createApplication(input: ApplicationInput): Promise<Application> {
  return unwrap(commands.applicationCreate(input))
}

/** Moves an application to another status (forward only; signing is `signApplication`). */
export function moveApplication(id: string, status: ApplicationStatus): Promise<Application> {
  return unwrap(commands.applicationUpdate(id, { status }))
}

/** Signs: records the graduate's destination and marks the application signed. */
export function signApplication(id: string, destination: PlacementInput): Promise<Application> {
  return unwrap(commands.applicationSign(id, destination))
}

// ---- pickers ----

/** Employers whose name, pinyin or credit code matches, for a picker (first 20). */
export async function searchEmployers(search: string): Promise<Employer[]> {
  const page = await unwrap(
    commands.employersList({ search: search.trim() || null, tag: null, offset: null, limit: 20 }),
  )
  return page.items
}

/** Graduates whose name, pinyin, student number or ID number matches, for a picker (first 20). */
export async function searchGraduates(search: string): Promise<GraduateRow[]> {
  const page = await unwrap(commands.graduatesList({ search: search.trim() || null, limit: 20 }))
  return page.items
}

/** The destination codes of the college's current code list. */
export function listDestinationCodes(): Promise<DestinationCode[]> {
  return unwrap(commands.destinationCodes(null))
}
