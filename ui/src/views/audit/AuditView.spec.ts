import { describe, expect, it } from 'vitest'
import type { AuditCheck, AuditEntry } from '@/api/types'
import { appError, installBackend, type Handler } from '@/test/backend'
import { allByTestId, byTestId, mountWithApp, settle } from '@/test/mount'
import { i18n } from '@/locales'
import AuditView from './AuditView.vue'

function entry(seq: number, rest: Partial<AuditEntry>): AuditEntry {
  return {
    seq,
    at: '2025-06-01T08:30:05.120Z',
    user_id: 'u1',
    user_name: '王主任',
    action: 'update',
    table_name: null,
    row_id: null,
    fields: [],
    detail: null,
    prev_hash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
    ...rest,
  }
}

const ENTRIES: AuditEntry[] = [
  entry(1532, { action: 'update', table_name: 'graduates', row_id: '0197a1b2-c3d4-7e5f', fields: ['phone', 'class_name'] }),
  entry(1531, { action: 'reveal', table_name: 'graduates', row_id: '0197a1b2-c3d4-7e5f', fields: ['id_number'] }),
  entry(1530, { action: 'login_failed', user_id: null, user_name: 'zhangsan', detail: '{"reason":"unknown_user"}' }),
]

const HOLDS: AuditCheck = {
  verification: { entries: 1532, broken_at: null, reason: null, head: 'c0ffee'.repeat(10) + 'abcd' },
  message: '审计日志完整',
}

async function mountAudit(overrides: Record<string, Handler> = {}) {
  const backend = installBackend({ audit_list: () => ({ entries: ENTRIES, total: 1532 }), ...overrides })
  await mountWithApp(AuditView, {}, '/audit')
  await settle()
  return backend
}

async function pickOption(testId: string, label: string): Promise<void> {
  byTestId(testId)!.querySelector<HTMLElement>('.el-select__wrapper')!.click()
  await settle()
  Array.from(document.querySelectorAll<HTMLElement>('.el-select-dropdown__item'))
    .find((item) => item.textContent?.trim() === label)!
    .click()
  await settle()
}

const texts = (id: string) => allByTestId(id).map((e) => e.textContent?.trim())

describe('AuditView', () => {
  it('shows the newest page: who, the action and the fields in words, and the count', async () => {
    const backend = await mountAudit()

    expect(backend.argsOf('audit_list')).toEqual([
      { query: { action: null, row_id: null, user_name: null, from: null, until: null, offset: 0, limit: 100 } },
    ])
    expect(allByTestId('audit-row')).toHaveLength(3)
    expect(texts('audit-row-seq')).toEqual(['1532', '1531', '1530'])
    expect(texts('audit-row-action')).toEqual(['修改', '查看完整号码', '登录失败'])
    expect(texts('audit-row-user')).toEqual(['王主任', '王主任', 'zhangsan'])
    expect(texts('audit-row-fields')).toEqual(['手机号；班级', '身份证号', ''])
    expect(texts('audit-row-record')[0]).toBe('毕业生')
    expect(allByTestId('audit-row')[2].textContent).toContain('reason: unknown_user')
    // Local time to the second.
    expect(allByTestId('audit-row')[0].textContent).toMatch(/2025-06-01 \d{2}:30:05/)
    expect(byTestId('audit-total')!.textContent?.trim()).toBe('共 1,532 条')
  })

  it('filters by action and user, from the first page again', async () => {
    const backend = await mountAudit()

    await pickOption('audit-filter-action', '登录失败')
    const user = byTestId('audit-filter-user')!.querySelector('input') ?? byTestId<HTMLInputElement>('audit-filter-user')!
    user.value = ' zhangsan '
    user.dispatchEvent(new Event('input'))
    user.dispatchEvent(new Event('change'))
    await settle()

    const queries = backend.argsOf('audit_list').map((a) => a.query)
    expect(queries[1]).toMatchObject({ action: 'login_failed', user_name: null, offset: 0 })
    expect(queries[2]).toMatchObject({ action: 'login_failed', user_name: 'zhangsan', offset: 0, limit: 100 })
  })

  it('pages by 100', async () => {
    const backend = await mountAudit()

    document.querySelector<HTMLElement>('.el-pager li:nth-child(3)')!.click()
    await settle()

    expect(backend.argsOf('audit_list').at(-1)!.query).toMatchObject({ offset: 200, limit: 100 })
  })

  it('says the log is whole, with the count and the last hash', async () => {
    await mountAudit({ audit_verify: () => HOLDS })

    byTestId('audit-verify')!.click()
    await settle()

    const result = byTestId('audit-verify-result')!
    expect(result.classList.contains('el-alert--success')).toBe(true)
    expect(result.textContent).toContain('审计日志完整：共 1,532 条记录')
    expect(result.textContent).toContain(HOLDS.verification.head)
  })

  it('names the broken entry in red when the log was edited', async () => {
    await mountAudit({
      audit_verify: () => ({
        verification: { entries: 40, broken_at: 37, reason: 'altered', head: 'd'.repeat(64) },
        message: '审计日志被改动：第 37 条记录的内容与其哈希不符（被修改）',
      }),
    })

    byTestId('audit-verify')!.click()
    await settle()

    const result = byTestId('audit-verify-result')!
    expect(result.classList.contains('el-alert--error')).toBe(true)
    expect(result.textContent).toContain('第 37 条记录的内容与其哈希不符（被修改）')
  })

  it('exports what the filters match and says where the file went', async () => {
    const FILE = { path: '/home/admin/下载/校企通-审计日志-2025-06-01.xlsx', name: '校企通-审计日志-2025-06-01.xlsx', rows: 1532 }
    const backend = await mountAudit({ audit_export: () => FILE })

    await pickOption('audit-filter-action', '查看完整号码')
    byTestId('audit-export')!.click()
    await settle()
    byTestId('audit-export-xlsx')!.click()
    await settle()

    expect(backend.argsOf('audit_export')).toEqual([
      {
        query: { action: 'reveal', row_id: null, user_name: null, from: null, until: null, offset: 0, limit: 100 },
        csv: false,
      },
    ])
    expect(document.body.textContent).toContain('已导出 1,532 条审计记录')
    expect(texts('saved-file-name')).toEqual([FILE.name])
  })

  it('says why an export failed', async () => {
    await mountAudit({
      audit_export: () => {
        throw appError([], 'error.disk_full')
      },
    })

    byTestId('audit-export')!.click()
    await settle()
    byTestId('audit-export-csv')!.click()
    await settle()

    expect(document.querySelector('.el-message--error')?.textContent).toContain('导出失败')
  })

  it('offers to clear the filters when nothing matches', async () => {
    const backend = await mountAudit({ audit_list: ({ query }) => (query.action ? { entries: [], total: 0 } : { entries: ENTRIES, total: 3 }) })

    await pickOption('audit-filter-action', '恢复')
    expect(document.body.textContent).toContain('没有符合条件的记录')
    byTestId('audit-clear-filters')!.click()
    await settle()

    expect(backend.argsOf('audit_list').at(-1)!.query.action).toBeNull()
    expect(allByTestId('audit-row')).toHaveLength(3)
  })

  it('speaks English when English is chosen', async () => {
    i18n.global.locale.value = 'en-US'
    await mountAudit()

    expect(texts('audit-row-action')).toEqual(['Changed', 'Whole numbers shown', 'Sign-in refused'])
    expect(byTestId('audit-total')!.textContent?.trim()).toBe('1,532 entries')
  })
})
