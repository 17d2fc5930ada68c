import { reactive } from 'vue'
import type { AppError, FieldError } from '@/api/types'
import { appErrorText, fieldErrorText, i18n } from '@/locales'
import { statusLabelKey } from './lifecycle'

// Params of agreement errors that carry a status value (e.g. `to.invalid_step` {from, to}).
const STATUS_PARAMS = ['from', 'to', 'status']

/** A field error in the person's language, with status values in its params translated too. */
export function agreementErrorText(error: FieldError): string {
  const params = { ...(error.params ?? {}) }
  for (const name of STATUS_PARAMS) {
    const key = params[name] !== undefined ? statusLabelKey(params[name]!) : null
    if (key) params[name] = i18n.global.t(key)
  }
  return fieldErrorText({ ...error, params })
}

/** Every reason of a failure, translated. */
export function agreementErrorReasons(error: AppError): string[] {
  return error.fields.length > 0 ? error.fields.map(agreementErrorText) : [appErrorText(error)]
}

/** One line describing a failure. */
export function agreementErrorSummary(error: AppError): string {
  return agreementErrorReasons(error).join(i18n.global.t('common.separator'))
}

/**
 * Backend field errors keyed by the field path they name (`title`, `clauses[2].title`,
 * `signatories`, ...), for forms whose fields are not one flat model.
 */
export function useFieldErrors() {
  const errors = reactive<Record<string, FieldError>>({})

  /** Forgets every error, or those whose path starts with `prefix` (e.g. `clauses`). */
  function clear(prefix?: string): void {
    for (const key of Object.keys(errors)) {
      if (prefix === undefined || key === prefix || key.startsWith(`${prefix}[`)) delete errors[key]
    }
  }

  /** Keeps the errors of the given fields (the first per field); returns the others. */
  function show(error: AppError, shown: (field: string) => boolean): FieldError[] {
    const unmatched: FieldError[] = []
    for (const fieldError of error.fields) {
      if (!shown(fieldError.field)) unmatched.push(fieldError)
      else if (!errors[fieldError.field]) errors[fieldError.field] = fieldError
    }
    return unmatched
  }

  /** The translated error of a field, or '' (what el-form-item's `error` prop expects). */
  function text(field: string): string {
    const fieldError = errors[field]
    return fieldError ? agreementErrorText(fieldError) : ''
  }

  return { errors, clear, show, text }
}
