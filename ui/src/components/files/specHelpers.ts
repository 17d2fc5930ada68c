// Helpers shared by the files specs: picking a file, answering over a channel, fixtures.
import type { ImportProgress, ImportReport, SavedFile } from '@/api/types'
import { byTestId } from '@/test/mount'

/** Hands `file` to the `<input type="file">` with this test id, as the browser does after a choice. */
export function pickFile(testId: string, file: File): void {
  const input = byTestId<HTMLInputElement>(testId)!
  Object.defineProperty(input, 'files', { value: [file], configurable: true })
  input.dispatchEvent(new Event('change'))
}

/**
 * Sends messages on a channel the UI passed to a command, as the backend does: numbered raw
 * messages through the IPC callback the Channel registered (so its ordering logic runs too).
 */
export function sendOnChannel<T>(channel: { id: number }, messages: T[]): void {
  const internals = (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void } })
    .__TAURI_INTERNALS__
  messages.forEach((message, index) => internals.runCallback(channel.id, { index, message }))
}

export const PROGRESS: ImportProgress[] = [
  { done: 250, total: 1000 },
  { done: 500, total: 1000 },
]

/** Three graduates added, one updated, one as it was, two rows rejected. */
export const REPORT: ImportReport = {
  inserted: 3,
  updated: 1,
  unchanged: 1,
  rejected: [
    {
      row: 5,
      column: '身份证号',
      value: '110105194912310021',
      reason: '身份证号校验位错误：应为 X，实际为 1；另：手机号码“138****8000”：手机号码是遮盖过的（含 *），无法导入：请导出完整号码后再导入，或清空该列',
      problems: [
        {
          col: 3,
          column: '身份证号',
          value: '110105194912310021',
          reason: '身份证号校验位错误：应为 X，实际为 1',
          code: 'id_number.check_digit',
          params: { expected: 'X', found: '1' },
        },
        {
          col: 4,
          column: '手机号码',
          value: '138****8000',
          reason: '手机号码是遮盖过的（含 *），无法导入：请导出完整号码后再导入，或清空该列',
          code: 'phone.masked',
          params: {},
        },
      ],
    },
    {
      row: 8,
      column: '学号',
      value: '',
      reason: '请填写学号',
      problems: [{ col: 1, column: '学号', value: '', reason: '请填写学号', code: 'student_number.required', params: {} }],
    },
  ],
}

export const SAVED: SavedFile = {
  path: '/home/teacher/下载/毕业生名单-未导入的行.xlsx',
  name: '毕业生名单-未导入的行.xlsx',
  rows: 2,
}
