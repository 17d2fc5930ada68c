// DOM helpers shared by the agreements specs.
import { expect } from 'vitest'
import { allByTestId, byTestId, settle } from '@/test/mount'

/** The input (or textarea) of a test id that is on an input or on an element around it. */
export function inputOf(el: Element): HTMLInputElement {
  return (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' ? el : el.querySelector('input, textarea'))! as HTMLInputElement
}

export function input(testId: string, index = 0): HTMLInputElement {
  const el = allByTestId(testId)[index]
  expect(el, testId).toBeTruthy()
  return inputOf(el)
}

export function type(testId: string, value: string, index = 0): void {
  const el = input(testId, index)
  el.value = value
  el.dispatchEvent(new Event('input'))
}

export function click(testId: string, index = 0): void {
  const el = allByTestId(testId)[index]
  expect(el, testId).toBeTruthy()
  el.click()
}

/** Opens an el-select by its test id and picks the option with this text. */
export async function choose(testId: string, optionText: string): Promise<void> {
  byTestId(testId)!.querySelector<HTMLElement>('.el-select__wrapper')!.click()
  await settle()
  const option = Array.from(document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')).find(
    (item) => item.textContent?.trim().startsWith(optionText),
  )
  expect(option, `option ${optionText}`).toBeTruthy()
  option!.click()
  await settle()
}

/** The options an el-select offers once opened. */
export async function optionsOf(testId: string): Promise<string[]> {
  byTestId(testId)!.querySelector<HTMLElement>('.el-select__wrapper')!.click()
  await settle()
  return Array.from(document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')).map(
    (item) => item.textContent?.trim() ?? '',
  )
}

/** The error shown by the form item around the element with this test id. */
export function errorAround(testId: string, index = 0): string {
  const el = allByTestId(testId)[index]
  return el?.closest('.el-form-item')?.querySelector('.el-form-item__error')?.textContent?.trim() ?? ''
}

export function texts(testId: string): string[] {
  return allByTestId(testId).map((el) => el.textContent?.trim() ?? '')
}

/** Types a date into the date picker inside the element with this test id. */
export async function typeDate(testId: string, value: string): Promise<void> {
  const el = input(testId)
  el.value = value
  el.dispatchEvent(new Event('input', { bubbles: true }))
  // A date picker opens its panel on input, and only the open panel parses the typed text.
  await settle(2)
  el.dispatchEvent(new Event('change', { bubbles: true }))
  await settle()
}
