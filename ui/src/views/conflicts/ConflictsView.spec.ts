import { describe, expect, it } from 'vitest'
import { emit } from '@tauri-apps/api/event'
import type { Conflict } from '@/api/types'
import { i18n } from '@/locales'
import { installBackend, SYNC_STATUS, type Handler } from '@/test/backend'
import { allByTestId, byTestId, mountWithApp, settle } from '@/test/mount'
import { useSyncStore } from '@/store/sync'
import { formatDateTime } from '@/utils/format'
import { fieldLabel, keepForRow, keptSide, sideValue, tableLabel } from './conflictText'
import ConflictsView from './ConflictsView.vue'

const OPEN: Conflict = {
  id: 'k1',
  kind: 'column',
  table: 'graduates',
  row_id: 'g1',
  record: '张三（2025001）',
  column: 'class_name',
  other_row_id: null,
  other_record: null,
  local: { value: '机器人3班', device: 'dev-b', user: '李老师', at: '2025-06-01T02:00:00Z', current: true },
  remote: { value: '机器人2班', device: 'dev-a', user: '王老师', at: '2025-06-01T01:30:00Z', current: false },
  created_at: '2025-06-01T02:01:00Z',
  resolved_at: null,
  resolved_by: null,
  resolution: null,
}

const RESOLVED: Conflict = {
  ...OPEN,
  id: 'k0',
  column: 'phone',
  local: { ...OPEN.local, value: '138****5678' },
  remote: { ...OPEN.remote, value: '139****0000' },
  resolved_at: '2025-06-02T03:00:00Z',
  resolved_by: '王老师',
  resolution: 'lost',
}

const DUPLICATE: Conflict = {
  ...OPEN,
  id: 'k2',
  kind: 'duplicate',
  row_id: 'g2',
  record: '张叁（2025001）',
  column: 'student_number',
  other_row_id: 'g1',
  other_record: '张三（2025001）',
  local: { value: '2025001', device: 'dev-b', user: null, at: '2025-06-01T02:00:00Z', current: true },
  remote: { value: null, device: 'dev-b', user: null, at: '2025-06-01T02:00:00Z', current: false },
}

const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim()

async function mountConflicts(list: Conflict[], overrides: Record<string, Handler> = {}) {
  let conflicts = list
  const backend = installBackend({
    conflicts_list: () => conflicts,
    conflict_resolve: ({ id }) => {
      conflicts = conflicts.map((c) =>
        c.id === id ? { ...c, resolved_at: '2025-06-03T08:00:00Z', resolved_by: '李老师', resolution: 'lost' } : c,
      )
      return null
    },
    ...overrides,
  })
  const mounted = await mountWithApp(ConflictsView, {}, '/conflicts')
  await settle()
  return { backend, ...mounted }
}

describe('ConflictsView', () => {
  it('shows an open conflict: the record, the field, both values with who and when', async () => {
    await mountConflicts([OPEN, RESOLVED])

    const cards = allByTestId('conflict')
    expect(cards).toHaveLength(1)
    expect(text(byTestId('conflicts-open-title'))).toBe('待处理（1）')
    expect(text(byTestId('conflict-record'))).toBe('毕业生 · 张三（2025001）')
    expect(text(byTestId('conflict-field'))).toBe('班级')
    expect(text(byTestId('conflict-local'))).toContain('本机')
    expect(text(byTestId('conflict-local'))).toContain('当前值')
    expect(text(byTestId('conflict-local-value'))).toBe('机器人3班')
    expect(text(byTestId('conflict-local-who'))).toBe(`李老师 · ${formatDateTime(OPEN.local.at)}`)
    expect(text(byTestId('conflict-remote'))).toContain('其他电脑')
    expect(text(byTestId('conflict-remote-value'))).toBe('机器人2班')
    expect(text(byTestId('conflict-remote-who'))).toBe(`王老师 · ${formatDateTime(OPEN.remote.at)}`)
    expect(text(byTestId('conflict-keep-local'))).toBe('保留本机的值')
    expect(text(byTestId('conflict-keep-remote'))).toBe('保留其他电脑的值')
  })

  it('lists the resolved ones below, collapsed, with what was kept and by whom', async () => {
    await mountConflicts([OPEN, RESOLVED])

    expect(text(byTestId('conflicts-resolved-title'))).toBe('已处理（1）')
    const item = byTestId('conflict-resolved')!
    expect(item.closest('.el-collapse-item')!.classList.contains('is-active')).toBe(false)
    expect(text(item)).toContain('手机号')
    expect(text(byTestId('conflict-resolution'))).toBe('已保留其他电脑的值：139****0000')
    expect(text(item)).toContain(`王老师 于 ${formatDateTime(RESOLVED.resolved_at)} 处理`)

    byTestId('conflicts-resolved')!.querySelector<HTMLElement>('.el-collapse-item__header')!.click()
    await settle()
    expect(item.closest('.el-collapse-item')!.classList.contains('is-active')).toBe(true)
  })

  it('keeps the value chosen, says so, and moves the conflict to the resolved ones', async () => {
    const { backend } = await mountConflicts([OPEN])

    byTestId('conflict-keep-remote')!.click()
    await settle()

    expect(backend.argsOf('conflict_resolve')).toEqual([{ id: 'k1', keep: 'remote' }])
    expect(Array.from(document.querySelectorAll('.el-message')).map((m) => text(m))).toContain(
      '已保留其他电脑的值，下次同步时发送到服务器',
    )
    expect(allByTestId('conflict')).toHaveLength(0)
    expect(byTestId('conflicts-empty')).not.toBeNull()
    expect(text(byTestId('conflict-resolution'))).toBe('已保留其他电脑的值：机器人2班')
    // The sync state (the menu's count) is read again.
    expect(backend.argsOf('sync_status').length).toBeGreaterThan(0)
  })

  it('says what to expect when there is nothing to resolve', async () => {
    await mountConflicts([])
    expect(text(byTestId('conflicts-empty'))).toContain('没有待处理的冲突')
    expect(byTestId('conflicts-resolved')).toBeNull()
    expect(byTestId('conflicts-reveal')).toBeNull()
  })

  it('offers to keep either record of a duplicate', async () => {
    const { backend } = await mountConflicts([DUPLICATE])

    expect(text(byTestId('conflict-kind'))).toBe('两条记录的学号相同：2025001')
    expect(text(byTestId('conflict-row-row'))).toContain('张叁（2025001）')
    expect(text(byTestId('conflict-row-other'))).toContain('张三（2025001）')
    byTestId('conflict-keep-other')!.click()
    await settle()
    expect(backend.argsOf('conflict_resolve')).toEqual([{ id: 'k2', keep: 'remote' }])
  })

  it('reveals whole phone and ID numbers only when asked', async () => {
    const { backend } = await mountConflicts([{ ...RESOLVED, resolved_at: null, resolution: null }])

    expect(backend.argsOf('conflicts_list')).toEqual([{ reveal: false }])
    byTestId('conflicts-reveal')!.click()
    await settle()
    expect(backend.argsOf('conflicts_list')).toEqual([{ reveal: false }, { reveal: true }])
  })

  it('reads the list again when a sync brings conflicts', async () => {
    const { backend } = await mountConflicts([])
    const sync = useSyncStore()
    await sync.start()
    const before = backend.argsOf('conflicts_list').length

    await emit('sync-status', { ...SYNC_STATUS, activity: 'idle', open_conflicts: 1 })
    await settle()

    expect(backend.argsOf('conflicts_list').length).toBe(before + 1)
  })

  it('is in English too', async () => {
    i18n.global.locale.value = 'en-US'
    await mountConflicts([OPEN])
    expect(text(byTestId('conflict-field'))).toBe('Class')
    expect(text(byTestId('conflict-keep-local'))).toBe("Keep this computer's value")
    expect(text(byTestId('conflict-record'))).toBe('Graduates · 张三（2025001）')
    expect(text(byTestId('conflict-remote'))).toContain('Other computer')
    expect(text(byTestId('conflicts-open-title'))).toBe('To resolve (1)')
  })
})

describe('conflict texts', () => {
  it('names tables and fields as the forms do, else by the column', () => {
    expect(tableLabel('placements')).toBe('毕业去向')
    expect(fieldLabel('graduates', 'phone')).toBe('手机号')
    expect(fieldLabel('colleges', 'min_wage')).toBe(i18n.global.t('college.field.minWage'))
    expect(fieldLabel('placements', 'employer_id')).toBe(i18n.global.t('placement.field.employer'))
    expect(fieldLabel('applications', 'graduate_id')).toBe('毕业生')
    expect(fieldLabel('graduates', 'brand_new_column')).toBe('brand_new_column')
  })

  it('tells a deletion from the update it beat', () => {
    const del: Conflict = {
      ...OPEN,
      kind: 'delete',
      column: null,
      local: { ...OPEN.local, value: '2025-06-01T02:00:00Z' },
      remote: { ...OPEN.remote, value: '{"class_name":"机器人2班","phone":null,"updated_at":"2025-06-01T01:30:00Z"}' },
    }
    expect(sideValue(del, del.local)).toBe('删除了这条记录')
    expect(sideValue(del, del.remote)).toBe('修改了：班级 = 机器人2班；手机号 = （空）')
  })

  it('knows which side a resolution kept, and which side keeps which duplicate row', () => {
    expect(keptSide({ ...OPEN, resolution: 'kept' })).toBe('local')
    expect(keptSide({ ...OPEN, resolution: 'lost' })).toBe('remote')
    const flipped = { ...OPEN, local: { ...OPEN.local, current: false }, remote: { ...OPEN.remote, current: true } }
    expect(keptSide({ ...flipped, resolution: 'kept' })).toBe('remote')
    expect(keepForRow(flipped, 'row')).toBe('remote')
    expect(keepForRow(flipped, 'other')).toBe('local')
  })
})
