import type { FormItemRule } from 'element-plus'
import { i18n } from '@/locales'

/** The rule of a "password again" field: it must equal `password()`. */
export function sameAsRule(password: () => string): FormItemRule {
  return {
    validator: (_rule: unknown, value: string, callback: (e?: Error) => void) =>
      value === password() ? callback() : callback(new Error(i18n.global.t('session.field.confirmMismatch'))),
    trigger: 'blur',
  }
}
