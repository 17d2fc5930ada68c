import type { RejectedRow } from '@/api/types'
import { fieldErrorText, i18n } from '@/locales'

/**
 * Why a row was not imported, in the person's language: each problem's code translated with
 * its values (the importer's zh-CN words when the code is unknown), the first one plain and
 * the others naming their column and value.
 */
export function rejectedReason(row: RejectedRow): string {
  const { t } = i18n.global
  if (row.problems.length === 0) return row.reason
  return row.problems
    .map((p, i) => {
      const reason = p.code ? fieldErrorText({ field: '', code: p.code, message: p.reason, params: p.params }) : p.reason
      return i === 0 ? reason : t('files.import.rejected.also', { column: p.column, value: p.value, reason })
    })
    .join(t('common.separator'))
}
