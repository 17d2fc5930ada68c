import { describe, expect, it } from 'vitest'
import { installBackend } from '@/test/backend'
import { SAVED, sendOnChannel } from '@/components/files/specHelpers'
import { fileToBase64, isImportable, runImport, saveExport } from './files'
import type { ImportProgress } from './types'

/** What Node makes of the same bytes: the reference encoding. */
function reference(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64')
}

describe('files api', () => {
  it('encodes a file base64, whatever its size (chunks join without padding in between)', async () => {
    for (const size of [0, 1, 2, 3, 4, 98303, 98304, 98305, 300001]) {
      const bytes = new Uint8Array(size)
      for (let i = 0; i < size; i++) bytes[i] = (i * 7919 + 13) % 256
      expect(await fileToBase64(new Blob([bytes])), `${size} bytes`).toBe(reference(bytes))
    }
    // Text as the browser reads it from disk: UTF-8 bytes.
    expect(await fileToBase64(new File(['学号,姓名\n'], 'a.csv'))).toBe(reference(new TextEncoder().encode('学号,姓名\n')))
  })

  it('knows the files an import reads', () => {
    expect(['名单.xlsx', 'OLD.XLS', 'a.b.csv'].map(isImportable)).toEqual([true, true, true])
    expect(['名单.docx', 'csv', 'x.xlsx.pdf'].map(isImportable)).toEqual([false, false, false])
  })

  it('sends the file, its name and the options, and passes on the progress from the channel', async () => {
    const report = { inserted: 2, updated: 0, unchanged: 0, rejected: [] }
    const backend = installBackend({
      import_run: ({ onProgress }) => {
        sendOnChannel(onProgress, [
          { done: 250, total: 300 },
          { done: 300, total: 300 },
        ])
        return report
      },
    })
    const seen: ImportProgress[] = []
    const file = new File(['学号\n2025001\n'], '名单.csv')

    expect(await runImport('graduates', file, { dry_run: true, strict: false }, (p) => seen.push(p))).toEqual(report)
    const [args] = backend.argsOf('import_run')
    expect(args).toMatchObject({
      kind: 'graduates',
      name: '名单.csv',
      contentBase64: reference(new TextEncoder().encode('学号\n2025001\n')),
      options: { dry_run: true, strict: false },
    })
    expect(seen).toEqual([
      { done: 250, total: 300 },
      { done: 300, total: 300 },
    ])
  })

  it('exports with the filter and choices, a blank operator as none', async () => {
    const backend = installBackend({ export_save: () => SAVED })
    expect(await saveExport('graduates', { cohort: 2025 }, { wholeIds: false, csv: true, operator: '  ' })).toEqual(SAVED)
    await saveExport('employers', { tag: '实习基地' }, { wholeIds: true, csv: false, operator: ' 王老师 ' })
    expect(backend.argsOf('export_save')).toEqual([
      { kind: 'graduates', filter: { cohort: 2025 }, wholeIds: false, csv: true, operator: null },
      { kind: 'employers', filter: { tag: '实习基地' }, wholeIds: true, csv: false, operator: '王老师' },
    ])
  })
})
