// Helpers shared by the partners specs: typing into Element Plus inputs and picking options.
import { expect } from 'vitest'
import { byTestId, settle } from '@/test/mount'

export function inputOf(testId: string, root: ParentNode = document): HTMLInputElement {
  const el = root.querySelector<HTMLElement>(`[data-testid="${testId}"]`)!
  return (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' ? el : el.querySelector('input, textarea'))! as HTMLInputElement
}

export function type(testId: string, value: string, root: ParentNode = document): void {
  const el = inputOf(testId, root)
  el.value = value
  el.dispatchEvent(new Event('input'))
}

/** Opens the el-select with this test id and clicks the option with this text (in that select's own list). */
export async function choose(testId: string, optionText: string): Promise<void> {
  const select = byTestId(testId)!
  select.querySelector<HTMLElement>('.el-select__wrapper')!.click()
  await settle()
  const listId = select.querySelector('input')!.getAttribute('aria-controls')!
  const options = Array.from(document.getElementById(listId)!.querySelectorAll<HTMLElement>('.el-select-dropdown__item'))
  const option = options.find((item) => item.textContent?.trim() === optionText)
  expect(option, `option ${optionText} of ${testId}`).toBeTruthy()
  option!.click()
  await settle()
}

/** The texts of the options an el-select offers. */
export async function optionsOf(testId: string): Promise<string[]> {
  const select = byTestId(testId)!
  select.querySelector<HTMLElement>('.el-select__wrapper')!.click()
  await settle()
  const listId = select.querySelector('input')!.getAttribute('aria-controls')!
  return Array.from(document.getElementById(listId)!.querySelectorAll<HTMLElement>('.el-select-dropdown__item')).map(
    (item) => item.textContent?.trim() ?? '',
  )
}

export function errorUnder(field: string): string {
  return byTestId(`field-${field}`)?.querySelector('.el-form-item__error')?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
}

export function messageBoxText(): string {
  return document.querySelector('.el-message-box__message')?.textContent?.trim() ?? ''
}

export async function confirmMessageBox(): Promise<void> {
  document.querySelector<HTMLElement>('.el-message-box__btns .el-button--primary')!.click()
  await settle()
}

/** Real time passes (debounced search and duplicate checks), then the UI settles. */
export async function wait(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms))
  await settle()
}
