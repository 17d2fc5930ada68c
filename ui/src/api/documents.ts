import { Channel } from '@tauri-apps/api/core'
import { commands } from '@/bindings'
import type { BatchProgress, BatchReport, PdfPreview, SavedFile } from './types'
import { unwrap } from './result'

/**
 * The PDF of an agreement, to preview. Refused (`error.invalid`) with a field error for every
 * party detail that is missing (`college.credit_code.missing`, `partner.address.missing`, …) and
 * `clauses.missing`: an agreement is never printed with blanks.
 */
export function agreementPdfPreview(id: string): Promise<PdfPreview> {
  return unwrap(commands.agreementPdfPreview(id))
}

/**
 * Saves the agreement's PDF to the Downloads folder under a name not yet taken, or, with
 * `choose`, where the person picks in the system's save dialog (null when they cancel it).
 */
export function agreementPdfSave(id: string, choose: boolean): Promise<SavedFile | null> {
  return unwrap(commands.agreementPdfSave(id, choose))
}

/** The annual employment-quality report (就业质量年度报告) of a cohort, to preview. */
export function reportPdfPreview(cohort: number): Promise<PdfPreview> {
  return unwrap(commands.reportPdfPreview(cohort))
}

/** Saves a cohort's annual report, as `agreementPdfSave` does. */
export function reportPdfSave(cohort: number, choose: boolean): Promise<SavedFile | null> {
  return unwrap(commands.reportPdfSave(cohort, choose))
}

/**
 * Writes every agreement in force (已签署, 履行中) as a PDF into a new folder in Downloads; the
 * backend reports each agreement as it starts on a channel. Agreements with missing party
 * details are listed in the report, not written.
 */
export function agreementsPdfExport(onProgress?: (progress: BatchProgress) => void): Promise<BatchReport> {
  const channel = new Channel<BatchProgress>()
  if (onProgress) channel.onmessage = onProgress
  return unwrap(commands.agreementsPdfExport(channel))
}
