import { ElMessageBox } from 'element-plus'
import { i18n } from '@/locales'

/** Where the name of the person who verifies placements is remembered. */
export const OPERATOR_KEY = 'xiaoqi.operator'

export function storedOperator(): string {
  try {
    return localStorage.getItem(OPERATOR_KEY)?.trim() ?? ''
  } catch {
    return ''
  }
}

function rememberOperator(name: string): void {
  try {
    localStorage.setItem(OPERATOR_KEY, name)
  } catch {
    // Storage can be unavailable; the name is then asked again next time.
  }
}

/** Asks for the verifier's name (prefilled with the remembered one) and remembers it; null when cancelled. */
export async function askOperator(): Promise<string | null> {
  const { t } = i18n.global
  try {
    const { value } = await ElMessageBox.prompt(t('placement.operator.prompt'), t('placement.operator.title'), {
      inputValue: storedOperator(),
      inputValidator: (text: string) => (text ?? '').trim() !== '' || t('placement.operator.required'),
      confirmButtonText: t('placement.operator.confirm'),
      cancelButtonText: t('common.cancel'),
    })
    const name = value.trim()
    rememberOperator(name)
    return name
  } catch {
    return null // cancelled
  }
}

/** The remembered verifier's name, or asks for it once. */
export async function operatorName(): Promise<string | null> {
  return storedOperator() || askOperator()
}
