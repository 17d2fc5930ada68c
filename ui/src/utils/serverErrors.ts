import { nextTick, reactive, watch } from 'vue'
import type { FormItemRule } from 'element-plus'
import type { AppError, FieldError } from '@/api/types'
import { fieldErrorText } from '@/locales'

/**
 * Field errors from the backend, keyed by form field. `aliases` maps a backend field name to the
 * form field that shows it (e.g. program → program_id). An error clears when its field is edited.
 */
export function useServerErrors<M extends object>(model: M, aliases: Record<string, keyof M> = {}) {
  const errors = reactive<Partial<Record<keyof M, FieldError>>>({}) as Partial<Record<keyof M, FieldError>>

  function clear(): void {
    for (const key of Object.keys(errors)) delete errors[key as keyof M]
  }

  /** Puts each field error under its field; returns those that match no field of the form. */
  function show(error: AppError): FieldError[] {
    clear()
    const unmatched: FieldError[] = []
    for (const fieldError of error.fields) {
      const target = aliases[fieldError.field] ?? (fieldError.field as keyof M)
      if (!(target in model)) unmatched.push(fieldError)
      else if (!errors[target]) errors[target] = fieldError
    }
    return unmatched
  }

  /** The translated error of a field, or '' (what el-form-item's `error` prop expects). */
  function text(field: keyof M): string {
    const fieldError = errors[field]
    return fieldError ? fieldErrorText(fieldError) : ''
  }

  /**
   * A form rule that fails while the field has a backend error, so that a later blur or change
   * validation does not hide the error before the person has edited the field.
   */
  function rule(field: keyof M): FormItemRule {
    return {
      trigger: ['blur', 'change'],
      validator: (_rule, _value, callback) => {
        const fieldError = errors[field]
        if (fieldError) callback(new Error(fieldErrorText(fieldError)))
        else callback()
      },
    }
  }

  for (const field of Object.keys(model) as (keyof M)[]) {
    watch(
      () => model[field],
      () => {
        delete errors[field]
      },
    )
  }

  return { errors, clear, show, text, rule }
}

/** Focuses the input of the first form item that shows an error. */
export async function focusFirstError(root: Element | null | undefined): Promise<void> {
  await nextTick()
  const input = root?.querySelector<HTMLElement>(
    '.el-form-item.is-error input:not([type="hidden"]), .el-form-item.is-error textarea',
  )
  input?.focus()
}

/** True when Enter in this keyboard event should submit the form around it. */
export function isSubmitEnter(event: KeyboardEvent): boolean {
  if (event.key !== 'Enter' || event.isComposing || event.shiftKey) return false
  const target = event.target as HTMLElement | null
  // Enter writes a new line in a textarea, and picks an option in a select.
  if (!target || target.tagName === 'TEXTAREA' || target.closest('.el-select')) return false
  return true
}
