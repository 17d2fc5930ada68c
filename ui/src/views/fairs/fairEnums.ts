import type { ApplicationStatus, ContractType, FairMode } from '@/api/types'

// Backend values (the canonical Chinese ones) → i18n keys of their labels.
export const FAIR_MODES: { value: FairMode; label: string }[] = [
  { value: '现场', label: 'fair.mode.onsite' },
  { value: '线上', label: 'fair.mode.online' },
  { value: '线上线下', label: 'fair.mode.hybrid' },
]

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

/** The statuses in the order an application moves through them; `key` names test ids and i18n keys. */
export const APPLICATION_STATUSES: { value: ApplicationStatus; key: string; label: string; tag: TagType }[] = [
  { value: '已投递', key: 'applied', label: 'fair.status.applied', tag: 'info' },
  { value: '已面试', key: 'interviewed', label: 'fair.status.interviewed', tag: 'primary' },
  { value: '意向', key: 'intention', label: 'fair.status.intention', tag: 'warning' },
  { value: '已签约', key: 'signed', label: 'fair.status.signed', tag: 'success' },
  { value: '未录用', key: 'declined', label: 'fair.status.declined', tag: 'danger' },
]

export const CONTRACT_TYPES: { value: ContractType; label: string }[] = [
  { value: '劳动合同', label: 'fair.contract.labour' },
  { value: '就业协议', label: 'fair.contract.agreement' },
  { value: '劳务合同', label: 'fair.contract.service' },
  { value: '其他', label: 'fair.contract.other' },
  { value: '无', label: 'fair.contract.none' },
]

const ORDER: ApplicationStatus[] = ['已投递', '已面试', '意向']

/**
 * The statuses an application may be moved to by hand, as the backend allows them: forward
 * only, and declined from any step before signing. Signing has its own action (it records a
 * destination), and nothing moves a signed or declined application.
 */
export function nextStatuses(status: ApplicationStatus): ApplicationStatus[] {
  const at = ORDER.indexOf(status)
  if (at < 0) return []
  return [...ORDER.slice(at + 1), '未录用']
}

/** True while the application can still be signed. */
export function canSign(status: ApplicationStatus): boolean {
  return status !== '已签约' && status !== '未录用'
}

export function statusInfo(status: ApplicationStatus) {
  return APPLICATION_STATUSES.find((s) => s.value === status)
}

/** The i18n key of a value's label, or null for a value the UI does not know. */
export function labelOf<T extends string>(list: { value: T; label: string }[], value: T | null): string | null {
  return list.find((entry) => entry.value === value)?.label ?? null
}

/** A fair's figures in the order the seed article reports them; each names `fair.figure.<key>`. */
export const FIGURE_KEYS = ['employers', 'positions', 'headcount', 'resumes', 'intentions', 'signings'] as const
