// The person taking lifecycle steps (经办人), remembered on this computer between steps.
const STORAGE_KEY = 'xiaoqi.operator'

export function rememberedOperator(): string {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? ''
  } catch {
    return ''
  }
}

export function rememberOperator(name: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, name.trim())
  } catch {
    // Storage can be unavailable; the name is then asked again next time.
  }
}
