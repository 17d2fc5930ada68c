import { Channel } from '@tauri-apps/api/core'
import { commands } from '@/bindings'
import type {
  ExportFilter,
  ExportKind,
  ExportLogEntry,
  ImportKind,
  ImportOptions,
  ImportProgress,
  ImportReport,
  SavedFile,
} from './types'
import { unwrap } from './result'

/** The files an import reads (what the backend accepts). */
export const IMPORT_EXTENSIONS = ['.xlsx', '.xls', '.csv'] as const
/** For `<input type="file" accept>`. */
export const IMPORT_ACCEPT = IMPORT_EXTENSIONS.join(',')
/** Larger files are refused by the backend too; checked here so nothing large is read for nothing. */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024

/** True when the file's name ends in one of the extensions an import reads. */
export function isImportable(name: string): boolean {
  const lower = name.toLowerCase()
  return IMPORT_EXTENSIONS.some((ext) => lower.endsWith(ext))
}

// A multiple of 3 bytes: each chunk encodes to whole base64 quads, so the pieces join without padding.
const CHUNK = 3 * 0x8000

/** The bytes of a picked file (or any Blob), base64-encoded, as the commands that take file contents expect. */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  const parts: string[] = []
  for (let i = 0; i < bytes.length; i += CHUNK) {
    parts.push(btoa(String.fromCharCode(...bytes.subarray(i, i + CHUNK))))
  }
  return parts.join('')
}

/**
 * Imports a picked file of `kind`. The backend reports how many rows it has gone through on a
 * channel (every few hundred rows and at the end); `onProgress` receives those reports.
 */
export async function runImport(
  kind: ImportKind,
  file: File,
  options: ImportOptions,
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportReport> {
  const content = await fileToBase64(file)
  const channel = new Channel<ImportProgress>()
  if (onProgress) channel.onmessage = onProgress
  return unwrap(commands.importRun(kind, file.name, content, options, channel))
}

/** Saves the rows the last import rejected (bad cells in red) as .xlsx in the Downloads folder. */
export function saveRejectedRows(): Promise<SavedFile> {
  return unwrap(commands.importReportSave())
}

/** Saves the import template of `kind` (.xlsx) in the Downloads folder. */
export function saveImportTemplate(kind: ImportKind): Promise<SavedFile> {
  return unwrap(commands.importTemplateSave(kind))
}

export interface ExportChoice {
  /** ID numbers and phones written whole (the export log records it); masked otherwise. */
  wholeIds: boolean
  /** .csv instead of .xlsx. */
  csv: boolean
  /** Who exports, for the export log (the login name when null). */
  operator: string | null
}

/** Exports a list with its filter to the Downloads folder. */
export function saveExport(kind: ExportKind, filter: ExportFilter, choice: ExportChoice): Promise<SavedFile> {
  return unwrap(commands.exportSave(kind, filter, choice.wholeIds, choice.csv, choice.operator?.trim() || null))
}

/** The latest exports, newest first. */
export function listExportLog(): Promise<ExportLogEntry[]> {
  return unwrap(commands.exportLog())
}

/** Shows a file the app saved (in the Downloads folder) in the system's file manager. */
export async function revealFile(path: string): Promise<void> {
  await unwrap(commands.revealFile(path))
}
