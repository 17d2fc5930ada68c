import { i18n } from '@/locales'
import type { Conflict, ConflictSide, Keep } from '@/api/types'
import { formatDateTime } from '@/utils/format'

/** The locale namespace whose `field` labels name a synced table's columns. */
const FIELD_NAMESPACES: Record<string, string> = {
  colleges: 'college',
  programs: 'program',
  graduates: 'graduate',
  employers: 'employer',
  institutions: 'institution',
  placements: 'placement',
  agreements: 'agreement',
  fairs: 'fair',
  fair_employers: 'fair',
  positions: 'fair',
  applications: 'fair',
}

const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())

function known(key: string): boolean {
  const { te } = i18n.global
  return te(key) || te(key, 'zh-CN')
}

/** A synced table's name in words ("毕业生"). */
export function tableLabel(table: string): string {
  const key = `sync.table.${table}`
  return known(key) ? i18n.global.t(key) : table
}

/** A column's label as the record's form shows it ("班级"), else the column's name. */
export function fieldLabel(table: string, column: string | null): string {
  if (!column) return ''
  const names = [column, camel(column), column.replace(/_id$/, '')]
  const namespaces = [FIELD_NAMESPACES[table], 'fair'].filter((ns): ns is string => Boolean(ns))
  for (const ns of namespaces) {
    for (const name of names) {
      const key = `${ns}.field.${name}`
      if (known(key)) return i18n.global.t(key)
    }
  }
  return column
}

/** What the record is ("张三（2025001）"), or a note that it is gone. */
export function recordLabel(label: string | null): string {
  return label ?? i18n.global.t('sync.conflicts.missingRecord')
}

function plain(value: unknown): string {
  if (value === null || value === undefined || value === '') return i18n.global.t('sync.conflicts.emptyValue')
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** The value one side holds, in words. */
export function sideValue(conflict: Conflict, side: ConflictSide): string {
  const { t } = i18n.global
  if (conflict.kind === 'delete') {
    // The deleting side carries its deletion time, the updating side its columns as JSON.
    let changes: Record<string, unknown> | null = null
    try {
      const parsed: unknown = side.value ? JSON.parse(side.value) : null
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) changes = parsed as Record<string, unknown>
    } catch {
      changes = null
    }
    if (!changes) return t('sync.conflicts.deleted')
    const parts = Object.entries(changes)
      .filter(([column]) => !['updated_at', 'created_at', 'college_id', 'deleted_at'].includes(column))
      .map(([column, value]) => `${fieldLabel(conflict.table, column)} = ${plain(value)}`)
    return t('sync.conflicts.updated', { changes: parts.join(t('common.separator')) })
  }
  return plain(side.value)
}

/** Who made a side's change, and when. */
export function sideAuthor(side: ConflictSide): string {
  const who = side.user?.trim() || i18n.global.t('sync.conflicts.unknownUser')
  return side.at ? `${who} · ${formatDateTime(side.at)}` : who
}

/** The side a resolved conflict kept: the side the record held unless the other was restored. */
export function keptSide(conflict: Conflict): Keep {
  const current: Keep = conflict.local.current ? 'local' : 'remote'
  if (conflict.resolution !== 'lost') return current
  return current === 'local' ? 'remote' : 'local'
}

/** For a duplicate: which side keeps the conflict's own row (the other row is merged into it). */
export function keepForRow(conflict: Conflict, row: 'row' | 'other'): Keep {
  const current: Keep = conflict.local.current ? 'local' : 'remote'
  const other: Keep = current === 'local' ? 'remote' : 'local'
  return row === 'row' ? current : other
}

/** ID and phone numbers are masked until revealed. */
export function isSensitive(conflict: Conflict): boolean {
  return conflict.kind === 'delete' || conflict.column === 'id_number' || conflict.column === 'phone'
}
