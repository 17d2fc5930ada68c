import { describe, expect, it } from 'vitest'
import type { ImportReport } from '@/api/types'
import { appError, installBackend } from '@/test/backend'
import { allByTestId, byTestId, mountWithApp, settle, waitFor } from '@/test/mount'
import ImportDialog from './ImportDialog.vue'
import { PROGRESS, REPORT, SAVED, pickFile, sendOnChannel } from './specHelpers'

const CSV = new File(['学号,姓名\n2025001,张三\n'], '2025届毕业生名单.csv', { type: 'text/csv' })

function text(testId: string): string {
  return byTestId(testId)?.textContent?.trim() ?? ''
}

function counts(): Record<string, string> {
  return Object.fromEntries(
    ['inserted', 'updated', 'unchanged', 'rejected'].map((key) => [key, text(`import-count-${key}`)]),
  )
}

function check(testId: string): void {
  byTestId(testId)!.querySelector<HTMLInputElement>('input')!.click()
}

async function mountDialog(kind: 'graduates' | 'employers' | 'programs' | 'placements' = 'graduates') {
  const { wrapper } = await mountWithApp(ImportDialog, { props: { kind, modelValue: true } })
  await settle()
  return wrapper
}

describe('ImportDialog', () => {
  it('says what matches what for each kind', async () => {
    installBackend()
    await mountDialog('graduates')
    expect(document.querySelector('.el-dialog__title')!.textContent).toBe('导入毕业生')
    expect(text('import-explain')).toContain('按学号对应')
    expect(text('import-explain')).toContain('留空的单元格不会清除已保存的内容')
    expect(text('import-explain')).toContain('.xlsx、.xls 和 .csv')
    expect(byTestId<HTMLInputElement>('import-file')!.accept).toBe('.xlsx,.xls,.csv')
    // Nothing to import before a file is chosen.
    expect(byTestId<HTMLButtonElement>('import-run')!.disabled).toBe(true)
  })

  it('names the employers\' matching: credit code, then name', async () => {
    installBackend()
    await mountDialog('employers')
    expect(document.querySelector('.el-dialog__title')!.textContent).toBe('导入用人单位')
    expect(text('import-explain')).toContain('先按统一社会信用代码对应，没有代码时按单位名称对应')
  })

  it('imports the picked file with progress, then shows the counts and the rejected rows', async () => {
    let finish: (report: ImportReport) => void = () => {}
    const backend = installBackend({
      import_run: ({ onProgress }) => {
        sendOnChannel(onProgress, PROGRESS)
        return new Promise<ImportReport>((resolve) => (finish = resolve))
      },
    })
    const wrapper = await mountDialog()

    pickFile('import-file', CSV)
    await settle()
    expect(text('import-file-name')).toContain('2025届毕业生名单.csv')
    byTestId('import-run')!.click()
    await waitFor(() => backend.argsOf('import_run').length === 1)
    await settle()

    // While it runs: the bar follows the channel (500 of 1,000 rows), nothing can be closed or changed.
    expect(byTestId('import-progress-bar')!.getAttribute('aria-valuenow')).toBe('50')
    expect(text('import-progress-text')).toBe('已处理 500 / 1,000 行')
    expect(byTestId<HTMLButtonElement>('import-close')!.disabled).toBe(true)
    expect(byTestId<HTMLButtonElement>('import-choose')!.disabled).toBe(true)
    expect(document.querySelector('.el-dialog__headerbtn')).toBeNull()

    finish(REPORT)
    await settle()
    expect(byTestId('import-progress')).toBeNull()
    expect(counts()).toEqual({ inserted: '3', updated: '1', unchanged: '1', rejected: '2' })
    expect(text('import-result-summary')).toContain('下面 2 行没有导入')
    const rows = allByTestId('import-rejected-row')
    expect(rows).toHaveLength(2)
    expect(allByTestId('import-rejected-line').map((e) => e.textContent)).toEqual(['5', '8'])
    expect(allByTestId('import-rejected-column').map((e) => e.textContent)).toEqual(['身份证号', '学号'])
    expect(allByTestId('import-rejected-value')[0].textContent).toBe('110105194912310021')
    expect(allByTestId('import-rejected-reason').map((e) => e.textContent)).toEqual([
      '校验位应为 X，实际为 1，请核对号码；另：手机号码“138****8000”：手机号码是遮盖过的（含 *），无法导入：请导出完整号码后再导入，或清空该列',
      '此项必填',
    ])

    const [args] = backend.argsOf('import_run')
    expect(args).toMatchObject({
      kind: 'graduates',
      name: '2025届毕业生名单.csv',
      contentBase64: Buffer.from('学号,姓名\n2025001,张三\n').toString('base64'),
      options: { dry_run: false, strict: false },
    })
    // Rows were saved: the list behind reloads.
    expect(wrapper.emitted('imported')).toEqual([[REPORT]])
    // The result is that of this file: the main button now closes.
    expect(byTestId('import-run')).toBeNull()
    byTestId('import-done')!.click()
    await settle()
    expect(wrapper.emitted('update:modelValue')).toEqual([[false]])
  })

  it('sends "check only" and "all or nothing", and saves nothing it was told not to', async () => {
    const backend = installBackend({ import_run: () => REPORT })
    const wrapper = await mountDialog()
    pickFile('import-file', CSV)
    await settle()

    check('import-dry-run')
    await settle()
    expect(text('import-run')).toBe('开始检查')
    byTestId('import-run')!.click()
    await settle()
    expect(backend.argsOf('import_run')[0].options).toEqual({ dry_run: true, strict: false })
    expect(text('import-result-summary')).toBe('只做了检查，没有导入任何数据。以下是正式导入时的结果')
    expect(wrapper.emitted('imported')).toBeUndefined()

    // After a check, the same file for real, in one click.
    byTestId('import-run-real')!.click()
    await settle()
    expect(backend.argsOf('import_run')[1].options).toEqual({ dry_run: false, strict: false })
    expect(wrapper.emitted('imported')).toHaveLength(1)
    expect(byTestId('import-run-real')).toBeNull()
  })

  it('says so when a strict import kept nothing because of rejected rows', async () => {
    const refused: ImportReport = { inserted: 0, updated: 0, unchanged: 0, rejected: REPORT.rejected }
    const backend = installBackend({ import_run: () => refused })
    const wrapper = await mountDialog()
    pickFile('import-file', CSV)
    check('import-strict')
    await settle()
    byTestId('import-run')!.click()
    await settle()

    expect(backend.argsOf('import_run')[0].options).toEqual({ dry_run: false, strict: true })
    expect(text('import-result-summary')).toBe('有 2 行有错误，按设置全部没有导入。请修改这些行后重新导入')
    expect(counts()).toEqual({ inserted: '0', updated: '0', unchanged: '0', rejected: '2' })
    expect(wrapper.emitted('imported')).toBeUndefined()
  })

  it('downloads the rejected rows and the template, and offers to open their folder', async () => {
    const template = { path: '/home/teacher/下载/校企通-毕业生导入模板.xlsx', name: '校企通-毕业生导入模板.xlsx', rows: 0 }
    const backend = installBackend({
      import_run: () => REPORT,
      import_report_save: () => SAVED,
      import_template_save: () => template,
      reveal_file: () => null,
    })
    await mountDialog()

    byTestId('import-template')!.click()
    await settle()
    expect(backend.argsOf('import_template_save')).toEqual([{ kind: 'graduates' }])
    expect(allByTestId('saved-file-name').map((e) => e.textContent)).toEqual(['校企通-毕业生导入模板.xlsx'])

    pickFile('import-file', CSV)
    await settle()
    byTestId('import-run')!.click()
    await settle()
    expect(text('import-save-rejected')).toBe('下载未导入的行（标红）')
    byTestId('import-save-rejected')!.click()
    await settle()
    expect(backend.argsOf('import_report_save')).toEqual([{}])
    const notice = allByTestId('saved-file').at(-1)!
    expect(notice.textContent).toContain('毕业生名单-未导入的行.xlsx')
    expect(notice.textContent).toContain('保存在：/home/teacher/下载')
    expect(document.body.textContent).toContain('未导入的行已保存，有错的单元格标红')

    notice.querySelector<HTMLElement>('[data-testid="saved-file-reveal"]')!.click()
    await settle()
    expect(backend.argsOf('reveal_file')).toEqual([{ path: SAVED.path }])
  })

  it('shows why an import failed, in words, and keeps the file to try again', async () => {
    const backend = installBackend({
      import_run: () => {
        throw appError([
          { field: 'file', code: 'file.missing_columns', message: '第 1 行的表头缺少毕业生必需的列：学号', params: {} },
        ])
      },
    })
    const wrapper = await mountDialog()
    pickFile('import-file', CSV)
    await settle()
    byTestId('import-run')!.click()
    await settle()

    expect(text('import-error')).toBe('导入失败：第 1 行的表头缺少毕业生必需的列：学号')
    expect(byTestId('import-result')).toBeNull()
    expect(wrapper.emitted('imported')).toBeUndefined()
    expect(text('import-file-name')).toContain('2025届毕业生名单.csv')
    expect(byTestId<HTMLButtonElement>('import-run')!.disabled).toBe(false)
    expect(backend.argsOf('import_run')).toHaveLength(1)
  })

  it('refuses a file it cannot read before sending anything', async () => {
    const backend = installBackend({ import_run: () => REPORT })
    await mountDialog()
    pickFile('import-file', new File(['x'], '名单.docx'))
    await settle()
    expect(text('import-file-error')).toBe('只能导入 .xlsx、.xls 或 .csv 文件，“名单.docx”不是')
    expect(byTestId('import-file-name')).toBeNull()
    expect(byTestId<HTMLButtonElement>('import-run')!.disabled).toBe(true)
    expect(backend.argsOf('import_run')).toEqual([])
  })

  it('runs on Enter once a file is chosen, and keeps file and result when closed and opened again', async () => {
    const backend = installBackend({ import_run: () => REPORT })
    const wrapper = await mountDialog()
    pickFile('import-file', CSV)
    await settle()

    byTestId('import-dry-run')!.querySelector('input')!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }),
    )
    await settle()
    expect(backend.argsOf('import_run')).toHaveLength(1)

    await wrapper.setProps({ modelValue: false })
    await settle()
    await wrapper.setProps({ modelValue: true })
    await settle()
    expect(text('import-file-name')).toContain('2025届毕业生名单.csv')
    expect(counts()).toEqual({ inserted: '3', updated: '1', unchanged: '1', rejected: '2' })
  })
})
