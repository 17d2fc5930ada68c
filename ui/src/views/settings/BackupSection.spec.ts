import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Backups, RestoreInfo } from '@/api/types'
import { appError, installBackend, type Handler } from '@/test/backend'
import { allByTestId, byTestId, mountWithApp, settle } from '@/test/mount'
import BackupSection from './BackupSection.vue'
import { page } from './backup'

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString()

const BACKUPS: Backups = {
  folder: '/data/cn.xiaoqi.desktop/backups',
  keep_daily: 7,
  keep_weekly: 4,
  backups: [
    { name: 'xiaoqi-b.db', taken_at: hoursAgo(3), size: 7_098_368, path: '/data/cn.xiaoqi.desktop/backups/xiaoqi-b.db' },
    { name: 'xiaoqi-a.db', taken_at: hoursAgo(27), size: 6_991_872, path: '/data/cn.xiaoqi.desktop/backups/xiaoqi-a.db' },
  ],
}

const PLAN: RestoreInfo = {
  file: '/data/cn.xiaoqi.desktop/backups/xiaoqi-a.db',
  college_name: '粤湾技师学院',
  schema_version: 5,
  migrated_to: 7,
  graduates: 1560,
  placements: 1179,
  employers: 17,
  replaces_current: true,
  kept_aside_folder: '/data/cn.xiaoqi.desktop',
  kept_aside_name: 'xiaoqi.before-restore-20260302-100000.db',
  kept_aside: null,
  new_device: true,
}

async function mountSection(overrides: Record<string, Handler> = {}) {
  const backend = installBackend({ backups_list: () => BACKUPS, ...overrides })
  const mounted = await mountWithApp(BackupSection, {}, '/settings')
  await settle()
  return { backend, ...mounted }
}

const text = (id: string) => byTestId(id)?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
const click = async (el: Element | null | undefined) => {
  ;(el as HTMLElement).click()
  await settle()
}

describe('BackupSection', () => {
  afterEach(() => {
    document.body.innerHTML = ''
    sessionStorage.clear()
    vi.restoreAllMocks()
  })

  it('shows the last backup, the folder and every backup with its size', async () => {
    await mountSection()
    expect(text('backup-last')).toContain('3 小时前')
    expect(byTestId('backup-stale')).toBeNull()
    expect(text('backup-folder')).toBe('/data/cn.xiaoqi.desktop/backups')
    const rows = allByTestId('backup-row')
    expect(rows).toHaveLength(2)
    expect(rows[0].textContent).toContain('6.8 MB')
    expect(text('settings-backup')).toContain('保留最近 7 天每天一份、最近 4 周每周一份')
  })

  it('warns when there is no recent backup', async () => {
    await mountSection({ backups_list: () => ({ ...BACKUPS, backups: [] }) })
    expect(text('backup-last')).toBe('还没有备份')
    expect(text('backup-stale')).toBe('已超过两天没有备份')
  })

  it('backs up now into the folder, and reads the folder again', async () => {
    let listed = 0
    const { backend } = await mountSection({
      backups_list: () => {
        listed += 1
        return BACKUPS
      },
      backup_now: () => BACKUPS.backups[0],
    })
    await click(byTestId('backup-now'))
    expect(backend.argsOf('backup_now')).toEqual([{ choose: false }])
    expect(listed).toBe(2)
  })

  it('says why a backup failed', async () => {
    await mountSection({
      backup_now: () => {
        throw appError([], 'error.disk_full')
      },
    })
    await click(byTestId('backup-save-as'))
    expect(text('backup-error')).toBe('备份失败：磁盘空间不足，未能保存')
  })

  it('says in the person’s words why a backup cannot be restored, and restores nothing', async () => {
    const { backend } = await mountSection({
      restore_check: () => {
        throw appError([
          {
            field: 'backup',
            code: 'backup.other_college',
            message: '是另一所学校的备份',
            params: { file: 'xiaoqi-a.db', backup_college: '珠江职业技术学院', current_college: '粤湾技师学院' },
          },
        ])
      },
    })
    await click(allByTestId('backup-restore')[1])
    expect(backend.argsOf('restore_check')).toEqual([{ name: 'xiaoqi-a.db' }])
    expect(text('backup-error')).toBe(
      '没有恢复：xiaoqi-a.db 是“珠江职业技术学院”的备份，本机数据属于“粤湾技师学院”，不能恢复另一所学校的备份。现有数据未改动。',
    )
    expect(byTestId('restore-dialog')).toBeNull()
    expect(backend.argsOf('restore_confirm')).toEqual([])
  })

  it('asks before restoring, saying where the current data goes, then restores and reloads', async () => {
    const reload = vi.spyOn(page, 'reload').mockImplementation(() => {})
    const { backend } = await mountSection({
      restore_check: () => PLAN,
      restore_confirm: () => ({ ...PLAN, kept_aside: '/data/cn.xiaoqi.desktop/xiaoqi.before-restore-20260302-100003.db' }),
    })
    await click(allByTestId('backup-restore')[1])
    const plan = text('restore-dialog')
    expect(plan).toContain('将用 /data/cn.xiaoqi.desktop/backups/xiaoqi-a.db 替换本机当前的全部数据')
    expect(plan).toContain('学校：粤湾技师学院')
    expect(plan).toContain('毕业生 1,560 名，当前毕业去向 1,179 条，用人单位 17 家')
    expect(text('restore-kept-aside')).toBe(
      '当前数据会先另存为 xiaoqi.before-restore-20260302-100000.db（在数据文件夹 /data/cn.xiaoqi.desktop 中），需要时可以用“从文件恢复…”找回。',
    )
    expect(plan).toContain('恢复时会升级到版本 7')
    expect(plan).toContain('新的设备身份')
    expect(backend.argsOf('restore_confirm')).toEqual([])

    await click(byTestId('restore-confirm'))
    expect(backend.argsOf('restore_confirm')).toHaveLength(1)
    expect(reload).toHaveBeenCalledTimes(1)

    // The reloaded page says what was restored, once.
    document.body.innerHTML = ''
    await mountSection()
    expect(text('backup-restored')).toBe(
      '已恢复“粤湾技师学院”的数据：毕业生 1,560 名，当前毕业去向 1,179 条，用人单位 17 家。恢复前的数据已另存为 /data/cn.xiaoqi.desktop/xiaoqi.before-restore-20260302-100003.db',
    )
  })

  it('forgets the checked backup when the person cancels', async () => {
    const { backend } = await mountSection({ restore_check: () => PLAN })
    await click(byTestId('restore-from-file'))
    expect(backend.argsOf('restore_check')).toEqual([{ name: null }])
    await click(byTestId('restore-cancel'))
    await settle()
    expect(backend.argsOf('restore_cancel')).toHaveLength(1)
    expect(backend.argsOf('restore_confirm')).toEqual([])
  })

  it('says nothing when the open dialog is cancelled', async () => {
    const { backend } = await mountSection({ restore_check: () => null })
    await click(byTestId('restore-from-file'))
    expect(byTestId('backup-error')).toBeNull()
    expect(backend.argsOf('restore_confirm')).toEqual([])
  })
})
