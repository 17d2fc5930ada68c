import { commands, events } from '@/bindings'
import type { Conflict, Keep, SyncSettings, SyncSettingsInput, SyncStatus } from './types'
import { unwrap } from './result'

export function fetchSyncStatus(): Promise<SyncStatus> {
  return unwrap(commands.syncStatus())
}

/** Syncs now; resolves when the sync is done, or throws why it failed. */
export function syncNow(): Promise<SyncStatus> {
  return unwrap(commands.syncNow())
}

export function fetchSyncSettings(): Promise<SyncSettings> {
  return unwrap(commands.syncSettingsGet())
}

/** `token`: null keeps the saved one, '' removes it. */
export function saveSyncSettings(input: SyncSettingsInput): Promise<SyncSettings> {
  return unwrap(commands.syncSettingsSave(input))
}

/** Every conflict, open ones first; ID and phone numbers masked unless `reveal`. */
export function listConflicts(reveal = false): Promise<Conflict[]> {
  return unwrap(commands.conflictsList(reveal))
}

export function resolveConflict(id: string, keep: Keep): Promise<null> {
  return unwrap(commands.conflictResolve(id, keep))
}

/** Calls `handler` with every status the background sync publishes; resolves to the unlisten function. */
export function onSyncStatus(handler: (status: SyncStatus) => void): Promise<() => void> {
  return events.syncStatus.listen((event) => handler(event.payload))
}
