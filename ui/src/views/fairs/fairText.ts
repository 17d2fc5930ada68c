import { formatNumber, i18n } from '@/locales'

/** "2025-05-07 至 2025-05-21", or the one date of a one-day fair. */
export function dateRange(start: string, end: string): string {
  return start === end ? start : i18n.global.t('fair.dateRange', { start, end })
}

/** A monthly salary range in CNY with thousands separators: "6,000–8,000 元", "6,000 元起"; '' when unknown. */
export function salaryRange(min: number | null, max: number | null): string {
  const { t } = i18n.global
  if (min != null && max != null) {
    return min === max ? t('fair.salary.exact', { value: formatNumber(min) }) : t('fair.salary.range', { min: formatNumber(min), max: formatNumber(max) })
  }
  if (min != null) return t('fair.salary.from', { value: formatNumber(min) })
  if (max != null) return t('fair.salary.upTo', { value: formatNumber(max) })
  return ''
}
