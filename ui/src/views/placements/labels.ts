import type { ContractType, DestinationStatus, EvidenceKind, PlacementWarning } from '@/api/types'
import { DEFAULT_LOCALE, i18n } from '@/locales'

// Backend values → i18n keys of their labels.
export const CONTRACT_TYPES: { value: ContractType; label: string }[] = [
  { value: '劳动合同', label: 'placement.contract.labour' },
  { value: '就业协议', label: 'placement.contract.agreement' },
  { value: '劳务合同', label: 'placement.contract.service' },
  { value: '其他', label: 'placement.contract.other' },
  { value: '无', label: 'placement.contract.none' },
]

export const EVIDENCE_KINDS: { value: EvidenceKind; label: string }[] = [
  { value: '劳动合同', label: 'placement.evidence.kind.labourContract' },
  { value: '就业协议书', label: 'placement.evidence.kind.employmentAgreement' },
  { value: '录用通知', label: 'placement.evidence.kind.offer' },
  { value: '社保缴纳证明', label: 'placement.evidence.kind.socialInsurance' },
  { value: '录取通知书', label: 'placement.evidence.kind.admission' },
  { value: '营业执照', label: 'placement.evidence.kind.businessLicence' },
  { value: '实习证明', label: 'placement.evidence.kind.internship' },
  { value: '其他', label: 'placement.evidence.kind.other' },
]

/** How a destination status is shown: grey, orange, green. */
export const STATUS_TAGS: Record<DestinationStatus, { type: 'info' | 'warning' | 'success'; label: string }> = {
  none: { type: 'info', label: 'placement.status.none' },
  unverified: { type: 'warning', label: 'placement.status.unverified' },
  verified: { type: 'success', label: 'placement.status.verified' },
}

/** A placement warning in the person's language: its code is an i18n key; else the backend's words. */
export function warningText(warning: PlacementWarning): string {
  const { t, te } = i18n.global
  return te(warning.code) || te(warning.code, DEFAULT_LOCALE) ? t(warning.code) : warning.message
}

/** Employed ÷ total as a percentage with one decimal ("86.4%"), or null for an empty class. */
export function ratePercent(employed: number, total: number): string | null {
  if (total <= 0) return null
  return `${((employed / total) * 100).toFixed(1)}%`
}

/** A monthly salary in CNY with thousands separators, no decimals ("¥6,500"). */
export function formatSalary(value: number | null | undefined): string {
  if (value === null || value === undefined) return ''
  return new Intl.NumberFormat(i18n.global.locale.value, {
    style: 'currency',
    currency: 'CNY',
    maximumFractionDigits: 0,
  }).format(value)
}
