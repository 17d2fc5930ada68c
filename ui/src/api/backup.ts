import { commands } from '@/bindings'
import type { BackupEntry, Backups, RestoreInfo } from './types'
import { unwrap } from './result'

/** The backups folder beside the database and its backups, newest first. */
export function listBackups(): Promise<Backups> {
  return unwrap(commands.backupsList())
}

/** Backs up now into the backups folder, or, with `choose`, through the system's save dialog (null when cancelled). */
export function backupNow(choose: boolean): Promise<BackupEntry | null> {
  return unwrap(commands.backupNow(choose))
}

/**
 * Checks a backup for restoring: the one of the backups folder named `name`, or (null) a file
 * picked in the system's open dialog (resolves null when cancelled). Refused with `backup.*`
 * field errors; nothing changes. The checked backup waits for `confirmRestore` or `cancelRestore`.
 */
export function checkRestore(name: string | null): Promise<RestoreInfo | null> {
  return unwrap(commands.restoreCheck(name))
}

/** Puts the checked backup in place of the database, the current one kept aside. */
export function confirmRestore(): Promise<RestoreInfo> {
  return unwrap(commands.restoreConfirm())
}

export function cancelRestore(): Promise<null> {
  return unwrap(commands.restoreCancel())
}
