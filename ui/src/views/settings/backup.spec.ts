import { afterEach, describe, expect, it } from 'vitest'
import type { RestoreInfo } from '@/api/types'
import { backupIsStale, formatSize, rememberRestored, STALE_AFTER_MS, takeRestored } from './backup'

describe('backup helpers', () => {
  it('writes sizes in the units people read', () => {
    expect(formatSize(512)).toBe('512 B')
    expect(formatSize(820 * 1024)).toBe('820 KB')
    expect(formatSize(7_098_368)).toBe('6.8 MB')
    expect(formatSize(1.25 * 1024 ** 3)).toBe('1.3 GB')
  })

  it('calls backups stale when there is none or the newest is more than two days old', () => {
    const now = Date.parse('2026-03-02T09:00:00Z')
    expect(backupIsStale(null, now)).toBe(true)
    expect(backupIsStale('not a time', now)).toBe(true)
    expect(backupIsStale('2026-03-01T09:00:00Z', now)).toBe(false)
    expect(backupIsStale(new Date(now - STALE_AFTER_MS).toISOString(), now)).toBe(false)
    expect(backupIsStale(new Date(now - STALE_AFTER_MS - 1000).toISOString(), now)).toBe(true)
  })

  describe('what a restore did, across the reload', () => {
    afterEach(() => sessionStorage.clear())
    const info: RestoreInfo = {
      file: '/data/backups/xiaoqi-20260301-090000.db',
      college_name: '粤湾技师学院',
      schema_version: 7,
      migrated_to: 7,
      graduates: 40,
      placements: 3,
      employers: 2,
      replaces_current: true,
      kept_aside_folder: '/data',
      kept_aside_name: 'xiaoqi.before-restore-20260302-100000.db',
      kept_aside: '/data/xiaoqi.before-restore-20260302-100000.db',
      new_device: false,
    }

    it('is read once', () => {
      rememberRestored(info)
      expect(takeRestored()).toEqual(info)
      expect(takeRestored()).toBeNull()
    })

    it('is nothing when storage holds something else', () => {
      sessionStorage.setItem('xiaoqi.restored', '{not json')
      expect(takeRestored()).toBeNull()
    })
  })
})
