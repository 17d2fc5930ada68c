import type { Agreement, AgreementKind, AgreementStatus, Signatory } from '@/api/types'

export type Side = Signatory['side']

// Backend values (the canonical Chinese ones) → i18n keys of their labels.
export const KINDS: { value: AgreementKind; label: string }[] = [
  { value: '校企合作协议', label: 'agreement.kind.cooperation' },
  { value: '订单班/冠名班', label: 'agreement.kind.orderClass' },
  { value: '现代学徒制', label: 'agreement.kind.apprenticeship' },
  { value: '共建人才培养基地', label: 'agreement.kind.trainingBase' },
  { value: '技研合作协议', label: 'agreement.kind.research' },
]

/** The kind whose partner is a research institution; every other kind's is an employer. */
export const RESEARCH_KIND: AgreementKind = '技研合作协议'

/** A status's key: in test ids (`agreement-advance-<key>`) and i18n keys (`agreement.status.<key>`). */
export type StatusKey = 'draft' | 'in_review' | 'signed' | 'active' | 'expired' | 'terminated'

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

export const STATUSES: { value: AgreementStatus; key: StatusKey; tag: TagType }[] = [
  { value: '草稿', key: 'draft', tag: 'info' },
  { value: '审核中', key: 'in_review', tag: 'warning' },
  { value: '已签署', key: 'signed', tag: 'primary' },
  { value: '履行中', key: 'active', tag: 'success' },
  { value: '已到期', key: 'expired', tag: 'info' },
  { value: '已终止', key: 'terminated', tag: 'danger' },
]

/** The steps the lifecycle allows from each status (the backend refuses any other). */
const NEXT: Record<AgreementStatus, AgreementStatus[]> = {
  草稿: ['审核中'],
  审核中: ['草稿', '已签署'],
  已签署: ['履行中', '已终止'],
  履行中: ['已到期', '已终止'],
  已到期: [],
  已终止: [],
}

/** Days before the end date from which a signed or active agreement is flagged. */
export const EXPIRY_WARNING_DAYS = 60

export const SIDES: { value: Side; label: string }[] = [
  { value: 'college', label: 'agreement.side.college' },
  { value: 'partner', label: 'agreement.side.partner' },
]

export function nextSteps(status: AgreementStatus): AgreementStatus[] {
  return NEXT[status] ?? []
}

/** Text, parties, dates and signatories can change only before signing; notes always. */
export function isEditable(status: AgreementStatus): boolean {
  return status === '草稿' || status === '审核中'
}

export function statusInfo(status: string): { key: StatusKey; tag: TagType } | null {
  return STATUSES.find((s) => s.value === status) ?? null
}

/** The i18n key of a status label, or null for a value this UI does not know. */
export function statusLabelKey(status: string): string | null {
  const info = statusInfo(status)
  return info ? `agreement.status.${info.key}` : null
}

export function kindLabelKey(kind: string): string | null {
  return KINDS.find((k) => k.value === kind)?.label ?? null
}

/** Days left when a signed or active agreement ends within the warning window, else null. */
export function expiringIn(agreement: Pick<Agreement, 'status' | 'days_left'>): number | null {
  const days = agreement.days_left
  if (agreement.status !== '已签署' && agreement.status !== '履行中') return null
  if (days == null || days < 0 || days > EXPIRY_WARNING_DAYS) return null
  return days
}
