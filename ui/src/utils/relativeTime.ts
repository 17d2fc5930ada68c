import { i18n } from '@/locales'
import { formatDate } from './format'

const MINUTE = 60_000

/** How long ago a timestamp was, in words ("3 分钟前"); a week or more shows the date. */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const then = new Date(iso).getTime()
  if (Number.isNaN(then)) return iso.slice(0, 10)
  const { t } = i18n.global
  const minutes = Math.floor((now - then) / MINUTE)
  if (minutes < 1) return t('sync.ago.justNow')
  if (minutes < 60) return t('sync.ago.minutes', { n: minutes }, minutes)
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return t('sync.ago.hours', { n: hours }, hours)
  const days = Math.floor(hours / 24)
  if (days < 7) return t('sync.ago.days', { n: days }, days)
  return formatDate(iso)
}
