// Helpers for the fairs specs: driving Element Plus inputs and selects the way a person does.
import { expect } from 'vitest'
import { allByTestId, byTestId, settle } from '@/test/mount'

/** The input (or textarea) of the element with this test id, or inside it. */
export function inputOf(testId: string, root: ParentNode = document): HTMLInputElement {
  const el = root.querySelector<HTMLElement>(`[data-testid="${testId}"]`)
  expect(el, testId).toBeTruthy()
  return (el!.tagName === 'INPUT' || el!.tagName === 'TEXTAREA' ? el : el!.querySelector('input, textarea')) as HTMLInputElement
}

/** Types a value as a person would: input, then change (what date pickers and number inputs read). */
export async function type(testId: string, value: string): Promise<void> {
  const input = inputOf(testId)
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true }))
  // A date picker opens its panel on input, and only the open panel parses the typed text.
  await settle(2)
  input.dispatchEvent(new Event('change', { bubbles: true }))
  await settle()
}

/** The texts of the options an open select shows. */
export function visibleOptions(): string[] {
  return Array.from(document.querySelectorAll<HTMLElement>('.el-select-dropdown__item'))
    .filter((item) => !item.closest('[style*="display: none"]'))
    .map((item) => item.textContent?.trim() ?? '')
}

/** Opens the select with this test id and picks the option whose text starts with `text`. */
export async function choose(testId: string, text: string): Promise<void> {
  byTestId(testId)!.querySelector<HTMLElement>('.el-select__wrapper')!.click()
  await settle()
  const option = Array.from(document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')).find(
    (item) => item.textContent?.trim().startsWith(text) && !item.closest('[style*="display: none"]'),
  )
  expect(option, `option ${text} of ${testId}`).toBeTruthy()
  option!.click()
  await settle()
}

/** The error Element Plus shows under the form item `field-<name>`. */
export function errorUnder(field: string): string {
  return byTestId(`field-${field}`)?.querySelector('.el-form-item__error')?.textContent?.trim() ?? ''
}

/** Clicks the confirm button of the open message box. */
export async function confirmBox(): Promise<void> {
  document.querySelector<HTMLElement>('.el-message-box__btns .el-button--primary')!.click()
  await settle()
}

/** The text of the last message shown (ElMessage) of this type. */
export function lastMessage(type: 'success' | 'error'): string {
  const all = document.querySelectorAll(`.el-message--${type}`)
  return all[all.length - 1]?.textContent?.trim() ?? ''
}

/** The rows with this test id and, for each, the test ids of the buttons in it. */
export function rowButtons(rowTestId: string): string[][] {
  return allByTestId(rowTestId).map((row) =>
    Array.from(row.querySelectorAll<HTMLElement>('button')).map((b) => b.dataset.testid ?? ''),
  )
}
