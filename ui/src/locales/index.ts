import { createI18n } from 'vue-i18n'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import en from 'element-plus/es/locale/lang/en'
import type { FieldError } from '@/api/types'

export const LOCALES = ['zh-CN', 'en-US'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'zh-CN'
const STORAGE_KEY = 'xiaoqi.locale'

type Tree = { [key: string]: string | Tree }

// Each file locales/<locale>/<namespace>.json becomes the subtree <namespace> of that locale. A
// file <namespace>.<part>.json adds its keys to the same subtree (e.g. fieldError.documents.json:
// the field errors of printed documents, kept apart from the form errors).
const files = import.meta.glob<Tree>('./*/*.json', { eager: true, import: 'default' })

/** Adds the keys of `from` to `into`, subtree by subtree. */
function mergeInto(into: Tree, from: Tree): void {
  for (const [key, value] of Object.entries(from)) {
    if (typeof value === 'string') {
      into[key] = value
      continue
    }
    const current = into[key]
    const subtree: Tree = current !== undefined && typeof current !== 'string' ? current : (into[key] = {})
    mergeInto(subtree, value)
  }
}

export const messages: Record<Locale, Tree> = { 'zh-CN': {}, 'en-US': {} }
for (const [path, tree] of Object.entries(files)) {
  const match = /^\.\/([^/]+)\/([^/.]+)(?:\.[^/]+)?\.json$/.exec(path)
  if (match && (LOCALES as readonly string[]).includes(match[1])) {
    const locale = messages[match[1] as Locale]
    const namespace = (locale[match[2]] ??= {})
    if (typeof namespace !== 'string') mergeInto(namespace, tree)
  }
}

export const elementLocales = { 'zh-CN': zhCn, 'en-US': en } as const

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

export function storedLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    return isLocale(saved) ? saved : DEFAULT_LOCALE
  } catch {
    return DEFAULT_LOCALE
  }
}

export const i18n = createI18n({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: DEFAULT_LOCALE,
  messages,
})

/** Switches the UI language and remembers the choice. */
export function applyLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  document.documentElement.lang = locale
  try {
    localStorage.setItem(STORAGE_KEY, locale)
  } catch {
    // Storage can be unavailable; the choice then lasts for this session only.
  }
}

/** Formats a count with the locale's thousands separator: 1532 → "1,532". */
export function formatNumber(value: number): string {
  return new Intl.NumberFormat(i18n.global.locale.value).format(value)
}

function definedParams(params: FieldError['params']): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value !== undefined) out[key] = value
  }
  return out
}

/**
 * A field error in the person's language: `fieldError.<code>` with its params, else the backend's
 * message. A check the person may overrule on some records (`params.can_accept`) has its own
 * wording, `fieldError.<code>_refused`, where it cannot be overruled: the college, unlike an
 * employer, cannot keep a credit code failing its check digit.
 */
export function fieldErrorText(error: FieldError): string {
  const { t, te } = i18n.global
  const known = (key: string) => te(key) || te(key, DEFAULT_LOCALE)
  const refused = `fieldError.${error.code}_refused`
  const key = error.params?.can_accept !== 'true' && known(refused) ? refused : `fieldError.${error.code}`
  return known(key) ? t(key, definedParams(error.params)) : error.message
}

/** An AppError's code translated (`error.invalid`, ...), else its message. */
export function appErrorText(error: { code: string; message: string }): string {
  const key = error.code.startsWith('error.') ? error.code : `error.${error.code}`
  const { t, te } = i18n.global
  if (!(te(key) || te(key, DEFAULT_LOCALE))) return error.message
  // Unexpected failures keep the backend's detail so that it can be reported.
  const detailed = key === 'error.internal' || key === 'error.database' || key === 'error.file'
  return detailed && error.message ? `${t(key)}: ${error.message}` : t(key)
}

/** One line describing a failure: its field errors if it has any, else its code. */
export function errorSummary(error: { code: string; message: string; fields: FieldError[] }): string {
  if (error.fields.length > 0) return error.fields.map(fieldErrorText).join(i18n.global.t('common.separator'))
  return appErrorText(error)
}
