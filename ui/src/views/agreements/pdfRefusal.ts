import type { AppError, FieldError } from '@/api/types'

/** Who has to complete a detail before an agreement can be printed. */
export type RefusalGroup = 'college' | 'partner' | 'clauses' | 'other'

const ORDER: RefusalGroup[] = ['college', 'partner', 'clauses', 'other']

/**
 * True when the backend refused to make an agreement's PDF because details are missing
 * (`college.credit_code.missing`, `partner.address.missing`, `clauses.missing`, …).
 */
export function isMissingRefusal(error: AppError): boolean {
  return error.code === 'error.invalid' && error.fields.some((f) => f.code.endsWith('.missing'))
}

export function groupOf(error: FieldError): RefusalGroup {
  if (error.field.startsWith('college.')) return 'college'
  if (error.field.startsWith('partner.')) return 'partner'
  if (error.field === 'clauses' || error.field.startsWith('clauses')) return 'clauses'
  return 'other'
}

/** The refusal's field errors by who completes them: the college, the partner, the clauses. */
export function refusalGroups(error: AppError): { group: RefusalGroup; fields: FieldError[] }[] {
  return ORDER.map((group) => ({ group, fields: error.fields.filter((f) => groupOf(f) === group) })).filter(
    (g) => g.fields.length > 0,
  )
}
