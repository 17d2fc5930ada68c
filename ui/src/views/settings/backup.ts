import type { RestoreInfo } from '@/api/types'

/** A file size in the units people read: 512 B, 820 KB, 6.8 MB, 1.2 GB. */
export function formatSize(bytes: number): string {
  const KB = 1024
  if (bytes >= KB ** 3) return `${(bytes / KB ** 3).toFixed(1)} GB`
  if (bytes >= KB ** 2) return `${(bytes / KB ** 2).toFixed(1)} MB`
  if (bytes >= KB) return `${Math.round(bytes / KB)} KB`
  return `${bytes} B`
}

/** The app backs up daily: a newest backup older than two days (or none) means they are failing. */
export const STALE_AFTER_MS = 2 * 24 * 60 * 60 * 1000

export function backupIsStale(newest: string | null | undefined, now: number = Date.now()): boolean {
  if (!newest) return true
  const at = new Date(newest).getTime()
  return Number.isNaN(at) || now - at > STALE_AFTER_MS
}

/** What a restore did, kept across the page reload that follows it. */
const RESTORED_KEY = 'xiaoqi.restored'

export function rememberRestored(info: RestoreInfo): void {
  try {
    sessionStorage.setItem(RESTORED_KEY, JSON.stringify(info))
  } catch {
    // Without storage the reloaded page just does not repeat what was restored.
  }
}

export function takeRestored(): RestoreInfo | null {
  try {
    const text = sessionStorage.getItem(RESTORED_KEY)
    sessionStorage.removeItem(RESTORED_KEY)
    return text ? (JSON.parse(text) as RestoreInfo) : null
  } catch {
    return null
  }
}

/** The page reload after a restore: every view and store reads the restored database afresh. */
export const page = {
  reload(): void {
    window.location.reload()
  },
}
