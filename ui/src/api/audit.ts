import { commands } from '@/bindings'
import type { AuditCheck, AuditPage, AuditQuery, PurgeReport, SavedFile } from './types'
import { unwrap } from './result'

/** A page of the audit log, newest first, and how many entries match (administrators). */
export function listAudit(query: AuditQuery): Promise<AuditPage> {
  return unwrap(commands.auditList(query))
}

/** Walks the hash chain: the entries read, the head hash, or the first broken entry. */
export function verifyAudit(): Promise<AuditCheck> {
  return unwrap(commands.auditVerify())
}

/** Every entry matching `query` (not one page) to .xlsx or .csv in the Downloads folder. */
export function exportAudit(query: AuditQuery, csv: boolean): Promise<SavedFile> {
  return unwrap(commands.auditExport(query, csv))
}

/** Years after graduation that personal data is kept; null: until deleted. */
export function retentionYears(): Promise<number | null> {
  return unwrap(commands.retentionGet())
}

export async function setRetentionYears(years: number | null): Promise<void> {
  await unwrap(commands.retentionSet(years))
}

/** Clears the personal data of the cohorts past the retention period; `dryRun` only counts. */
export function purgePersonalData(dryRun: boolean): Promise<PurgeReport> {
  return unwrap(commands.retentionPurge(dryRun))
}
