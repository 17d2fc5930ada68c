import type { Directive } from 'vue'

const observers = new WeakMap<HTMLElement, MutationObserver>()

function mark(table: HTMLElement, testId: string): void {
  for (const row of table.querySelectorAll<HTMLElement>('.el-table__body tr.el-table__row')) {
    if (row.getAttribute('data-testid') !== testId) row.setAttribute('data-testid', testId)
  }
}

/**
 * `v-row-testid="'employer-row'"` on an el-table puts that data-testid on each body row (el-table
 * offers no row attributes), so that tests can find a row and the actions inside it.
 */
export const vRowTestid: Directive<HTMLElement, string> = {
  mounted(el, binding) {
    mark(el, binding.value)
    const observer = new MutationObserver(() => mark(el, binding.value))
    observer.observe(el, { childList: true, subtree: true })
    observers.set(el, observer)
  },
  updated(el, binding) {
    mark(el, binding.value)
  },
  unmounted(el) {
    observers.get(el)?.disconnect()
    observers.delete(el)
  },
}
