import type { AuditEntry, AuditQuery } from '@/api/types'
import { i18n } from '@/locales'

/** Every action the log records, as core's `audit::Action::as_str` names them. */
export const ACTIONS = [
  'insert',
  'update',
  'delete',
  'login',
  'login_failed',
  'logout',
  'reveal',
  'export',
  'backup',
  'restore',
  'user',
  'settings',
  'sync',
  'purge',
] as const

/** A table's fields are translated from the form namespace of its records, when it has one. */
const FIELD_NAMESPACE: Record<string, string> = {
  graduates: 'graduate',
  programs: 'program',
  placements: 'placement',
  employers: 'employer',
  institutions: 'institution',
  agreements: 'agreement',
  fairs: 'fair',
  fair_employers: 'fair',
  positions: 'fair',
  applications: 'fair',
  colleges: 'college',
}

function known(key: string): boolean {
  const { te } = i18n.global
  return te(key) || te(key, 'zh-CN')
}

function translated(key: string, fallback: string): string {
  return known(key) ? i18n.global.t(key) : fallback
}

export function actionLabel(action: string): string {
  return translated(`audit.action.${action}`, action)
}

export function tableLabel(table: string | null | undefined): string {
  return table ? translated(`audit.table.${table}`, table) : ''
}

/** The columns an entry names, in the person's words where the app has them (else as stored). */
export function fieldLabels(entry: AuditEntry): string[] {
  const ns = entry.table_name ? FIELD_NAMESPACE[entry.table_name] : undefined
  return entry.fields.map((field) => (ns ? translated(`${ns}.field.${field}`, field) : field))
}

/** The entry's detail (a JSON object of counts, names, reasons) as `key: value` pairs. */
export function detailText(detail: string | null | undefined): string {
  if (!detail) return ''
  try {
    const value: unknown = JSON.parse(detail)
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(', ')
    }
  } catch {
    // Not JSON: shown as stored.
  }
  return detail
}

const pad = (n: number) => String(n).padStart(2, '0')

/** A stored timestamp in local time to the second: YYYY-MM-DD HH:mm:ss. */
export function formatSeconds(value: string): string {
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return value
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

/** The start of a local calendar day `YYYY-MM-DD` (plus `days`) as the log's UTC timestamps. */
export function localDayStart(day: string, days = 0): string {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(y, m - 1, d + days).toISOString()
}

export interface AuditFilters {
  action: string | null
  userName: string
  /** Local days, inclusive: [first, last]. */
  dates: [string, string] | null
}

/** The backend's query for the filters and a page (`page` from 1). */
export function auditQuery(filters: AuditFilters, page: number, pageSize: number): AuditQuery {
  const userName = filters.userName.trim()
  return {
    action: filters.action || null,
    row_id: null,
    user_name: userName === '' ? null : userName,
    from: filters.dates ? localDayStart(filters.dates[0]) : null,
    until: filters.dates ? localDayStart(filters.dates[1], 1) : null,
    offset: (page - 1) * pageSize,
    limit: pageSize,
  }
}
