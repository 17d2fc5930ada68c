import { describe, expect, it, vi } from 'vitest'
import { ElMessageBox } from 'element-plus'
import type { PurgeReport } from '@/api/types'
import { appError, installBackend, SESSION_STATUS, type Handler } from '@/test/backend'
import { byTestId, mountWithApp, settle, settleErrors } from '@/test/mount'
import { useSessionStore } from '@/store/session'
import SecuritySection from './SecuritySection.vue'

/** What the backend finds past a period: the dry run counts, the real run clears (one more file found by then). */
const report = (dryRun: boolean): PurgeReport => ({
  up_to_cohort: 2021,
  graduates: 1532,
  placements: 1204,
  files: dryRun ? 37 : 38,
  dry_run: dryRun,
})

async function mountSection(overrides: Record<string, Handler> = {}) {
  const backend = installBackend({
    session_status: () => ({ ...SESSION_STATUS, idle_minutes: 20 }),
    session_idle_set: () => null,
    retention_get: () => 3,
    retention_set: () => null,
    retention_purge: ({ dryRun }) => report(dryRun),
    ...overrides,
  })
  const mounted = await mountWithApp(SecuritySection, {}, '/settings')
  await settle()
  return { backend, ...mounted }
}

/** The <input> inside an el-input-number, el-radio or el-input. */
function input(id: string): HTMLInputElement {
  const el = byTestId<HTMLElement>(id)!
  return el instanceof HTMLInputElement ? el : el.querySelector<HTMLInputElement>('input')!
}

/** Types into a number field and leaves it (a click elsewhere blurs it first). */
async function type(id: string, text: string): Promise<void> {
  const field = input(id)
  field.value = text
  field.dispatchEvent(new Event('input'))
  field.dispatchEvent(new Event('change'))
  await settle(2)
}

async function click(id: string): Promise<void> {
  byTestId(id)!.click()
  await settle()
}

async function choose(id: string): Promise<void> {
  input(id).click()
  await settle(2)
}

const text = (id: string) => byTestId(id)?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
const fieldError = (field: string) => byTestId(`field-${field}`)?.querySelector('.el-form-item__error')?.textContent?.trim()
const messages = () => Array.from(document.querySelectorAll('.el-message')).map((m) => m.textContent?.trim())
const disabled = (id: string) => byTestId<HTMLButtonElement>(id)!.disabled

describe('SecuritySection', () => {
  it('saves the idle minutes typed, tells the session and says so', async () => {
    const { backend } = await mountSection()
    expect(input('settings-idle-minutes').value).toBe('20')

    await type('settings-idle-minutes', '45')
    await click('settings-idle-save')

    expect(backend.argsOf('session_idle_set')).toEqual([{ minutes: 45 }])
    expect(useSessionStore().status?.idle_minutes).toBe(45)
    expect(messages()).toContain('已保存：45 分钟无操作自动退出')
  })

  it('shows a refused idle time under its field, keeps what was typed and the old time', async () => {
    await mountSection({
      session_idle_set: () => {
        throw appError([{ field: 'idle_minutes', code: 'idle_minutes.range', message: 'out of range', params: {} }])
      },
    })

    await type('settings-idle-minutes', '45')
    await click('settings-idle-save')
    await settleErrors()

    expect(fieldError('idle_minutes')).toBe('自动退出时间应在 1 到 480 分钟之间')
    expect(input('settings-idle-minutes').value).toBe('45')
    expect(useSessionStore().status?.idle_minutes).toBe(20)
    expect(messages()).not.toContain('已保存：45 分钟无操作自动退出')
  })

  it('does not send an emptied idle time', async () => {
    const { backend } = await mountSection()

    await type('settings-idle-minutes', '')
    await click('settings-idle-save')
    await settleErrors()

    expect(backend.argsOf('session_idle_set')).toEqual([])
    expect(fieldError('idle_minutes')).toBe('自动退出时间应在 1 到 480 分钟之间')
    expect(useSessionStore().status?.idle_minutes).toBe(20)
  })

  it('reads the retention period: none set means kept until deleted, and nothing to clear', async () => {
    const { backend } = await mountSection({ retention_get: () => null })

    expect(backend.argsOf('retention_get')).toHaveLength(1)
    expect(input('settings-retention-forever').checked).toBe(true)
    expect(input('settings-retention-by-years').checked).toBe(false)
    expect(input('settings-retention-years').disabled).toBe(true)
    expect(disabled('settings-retention-preview')).toBe(true)
    expect(disabled('settings-retention-purge')).toBe(true)
    expect(text('settings-retention-why')).toBe('先选择保存年限并保存，才能预览或清除。')
  })

  it('reads a saved period of years and offers to clear past it', async () => {
    await mountSection({ retention_get: () => 5 })

    expect(input('settings-retention-by-years').checked).toBe(true)
    expect(input('settings-retention-years').value).toBe('5')
    expect(input('settings-retention-years').disabled).toBe(false)
    expect(disabled('settings-retention-preview')).toBe(false)
    expect(disabled('settings-retention-purge')).toBe(false)
    expect(byTestId('settings-retention-why')).toBeNull()
  })

  it('says why the period could not be read, and saves nothing', async () => {
    const { backend } = await mountSection({
      retention_get: () => {
        throw appError([], 'error.database')
      },
    })

    expect(text('settings-security')).toContain('数据库出错')
    expect(disabled('settings-retention-save')).toBe(true)
    expect(disabled('settings-retention-purge')).toBe(true)
    await click('settings-retention-save')
    expect(backend.argsOf('retention_set')).toEqual([])
  })

  it('saves the years chosen, then offers clearing', async () => {
    const { backend } = await mountSection({ retention_get: () => null })

    await choose('settings-retention-by-years')
    await type('settings-retention-years', '4')
    expect(text('settings-retention-why')).toBe('保存期限已修改，先保存再预览或清除。')
    await click('settings-retention-save')

    expect(backend.argsOf('retention_set')).toEqual([{ years: 4 }])
    expect(messages()).toContain('已保存个人信息保存期限')
    expect(disabled('settings-retention-preview')).toBe(false)
    expect(disabled('settings-retention-purge')).toBe(false)
    expect(byTestId('settings-retention-why')).toBeNull()
  })

  it('saves “until deleted” as no period', async () => {
    const { backend } = await mountSection({ retention_get: () => 5 })

    await choose('settings-retention-forever')
    await click('settings-retention-save')

    expect(backend.argsOf('retention_set')).toEqual([{ years: null }])
    expect(disabled('settings-retention-purge')).toBe(true)
    expect(text('settings-retention-why')).toBe('先选择保存年限并保存，才能预览或清除。')
  })

  it('does not save an emptied number of years as “until deleted”', async () => {
    const { backend } = await mountSection({ retention_get: () => 5 })

    await type('settings-retention-years', '')
    await click('settings-retention-save')
    await settleErrors()

    expect(backend.argsOf('retention_set')).toEqual([])
    expect(fieldError('retention_years')).toBe('保存年限应在 1 到 50 年之间')
    expect(input('settings-retention-by-years').checked).toBe(true)

    // Choosing “until deleted” instead needs no number.
    await choose('settings-retention-forever')
    await click('settings-retention-save')
    await settleErrors()
    expect(fieldError('retention_years')).toBeUndefined()
    expect(backend.argsOf('retention_set')).toEqual([{ years: null }])
  })

  it('shows a refused period under its field and keeps what was chosen', async () => {
    await mountSection({
      retention_set: () => {
        throw appError([{ field: 'retention_years', code: 'retention_years.range', message: 'out of range', params: {} }])
      },
    })

    await type('settings-retention-years', '7')
    await click('settings-retention-save')
    await settleErrors()

    expect(fieldError('retention_years')).toBe('保存年限应在 1 到 50 年之间')
    expect(input('settings-retention-years').value).toBe('7')
    // Still unsaved: nothing can be cleared against the refused period.
    expect(disabled('settings-retention-purge')).toBe(true)
    expect(text('settings-retention-why')).toBe('保存期限已修改，先保存再预览或清除。')
  })

  it('does not offer clearing while the chosen period is unsaved', async () => {
    const { backend } = await mountSection({ retention_get: () => 3 })
    expect(disabled('settings-retention-purge')).toBe(false)

    await type('settings-retention-years', '2')
    expect(disabled('settings-retention-preview')).toBe(true)
    expect(disabled('settings-retention-purge')).toBe(true)
    expect(text('settings-retention-why')).toBe('保存期限已修改，先保存再预览或清除。')

    await choose('settings-retention-forever')
    expect(disabled('settings-retention-purge')).toBe(true)
    expect(text('settings-retention-why')).toBe('保存期限已修改，先保存再预览或清除。')

    // Back to the saved period: clearing is offered again.
    await choose('settings-retention-by-years')
    await type('settings-retention-years', '3')
    expect(disabled('settings-retention-preview')).toBe(false)
    expect(disabled('settings-retention-purge')).toBe(false)
    expect(byTestId('settings-retention-why')).toBeNull()
    expect(backend.argsOf('retention_purge')).toEqual([])
  })

  it('previews what would be cleared with the backend’s counts, and clears nothing', async () => {
    const confirm = vi.spyOn(ElMessageBox, 'confirm')
    const { backend } = await mountSection()

    await click('settings-retention-preview')

    expect(backend.argsOf('retention_purge')).toEqual([{ dryRun: true }])
    expect(text('settings-retention-result')).toBe(
      '将清除 2021 届及更早的个人信息：1,532 名毕业生、1,204 条毕业去向、37 个证明文件。',
    )
    expect(byTestId('settings-retention-result')!.classList.contains('el-alert--success')).toBe(true)
    expect(confirm).not.toHaveBeenCalled()
  })

  it('asks once, naming what will be cleared, then clears and says what was cleared', async () => {
    const confirm = vi.spyOn(ElMessageBox, 'confirm')
    const { backend } = await mountSection()

    await click('settings-retention-purge')
    expect(confirm).toHaveBeenCalledTimes(1)
    expect(document.querySelector('.el-message-box__message')?.textContent).toContain(
      '将清除 2021 届及更早的 1,532 名毕业生的姓名、身份证号、手机号和备注，1,204 条毕业去向的备注，以及 37 个证明文件。清除后不能恢复',
    )
    // Only counted so far.
    expect(backend.argsOf('retention_purge')).toEqual([{ dryRun: true }])

    document.querySelector<HTMLElement>('.el-message-box__btns .el-button--primary')!.click()
    await settle()

    expect(backend.argsOf('retention_purge')).toEqual([{ dryRun: true }, { dryRun: false }])
    expect(confirm).toHaveBeenCalledTimes(1)
    expect(text('settings-retention-result')).toBe(
      '已清除 2021 届及更早的个人信息：1,532 名毕业生、1,204 条毕业去向、38 个证明文件。',
    )
  })

  it('clears nothing when the person cancels', async () => {
    const { backend } = await mountSection()

    await click('settings-retention-purge')
    document.querySelector<HTMLElement>('.el-message-box__btns .el-button:not(.el-button--primary)')!.click()
    await settle()

    expect(backend.argsOf('retention_purge')).toEqual([{ dryRun: true }])
    expect(byTestId('settings-retention-result')).toBeNull()
  })

  it('says there is nothing to clear without asking', async () => {
    const confirm = vi.spyOn(ElMessageBox, 'confirm')
    const { backend } = await mountSection({
      retention_purge: ({ dryRun }) => ({ up_to_cohort: 2021, graduates: 0, placements: 0, files: 0, dry_run: dryRun }),
    })

    await click('settings-retention-purge')

    expect(confirm).not.toHaveBeenCalled()
    expect(backend.argsOf('retention_purge')).toEqual([{ dryRun: true }])
    expect(text('settings-retention-result')).toBe('2021 届及更早没有需要清除的个人信息。')
  })

  it('says why clearing failed', async () => {
    await mountSection({
      retention_purge: ({ dryRun }) => {
        if (!dryRun) throw appError([], 'error.disk_full')
        return report(true)
      },
    })

    await click('settings-retention-purge')
    document.querySelector<HTMLElement>('.el-message-box__btns .el-button--primary')!.click()
    await settle()

    expect(text('settings-retention-result')).toBe('操作失败：磁盘空间不足，未能保存')
    expect(byTestId('settings-retention-result')!.classList.contains('el-alert--error')).toBe(true)
  })
})
