import { mount, flushPromises, type ComponentMountingOptions } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import { createMemoryHistory } from 'vue-router'
import { i18n } from '@/locales'
import { createAppRouter } from '@/router'

/** Mounts a component with the app's plugins (Pinia, i18n, Element Plus, router in memory). */
export async function mountWithApp<C>(component: C, options: ComponentMountingOptions<C> = {}, path = '/') {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createAppRouter(createMemoryHistory())
  await router.push(path)
  await router.isReady()
  const wrapper = mount(component, {
    attachTo: document.body,
    ...options,
    global: {
      plugins: [pinia, i18n, ElementPlus, router],
      // Real transitions: Element Plus shows form errors inside a TransitionGroup.
      stubs: { transition: false, 'transition-group': false },
      ...options.global,
    },
  } as ComponentMountingOptions<C>)
  await flushPromises()
  return { wrapper, router }
}

/** Lets pending promises, Vue updates and short timers (validation, transitions) run. */
export async function settle(rounds = 8): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await flushPromises()
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** The text of the element with this test id anywhere in the document (dialogs and popups are teleported). */
export function byTestId<E extends Element = HTMLElement>(id: string): E | null {
  return document.querySelector<E>(`[data-testid="${id}"]`)
}

export function allByTestId<E extends Element = HTMLElement>(id: string): E[] {
  return Array.from(document.querySelectorAll<E>(`[data-testid="${id}"]`))
}

/** Element Plus shows a form item's error 100 ms after its state changes (refDebounced). */
export async function settleErrors(): Promise<void> {
  await settle()
  await new Promise((resolve) => setTimeout(resolve, 150))
  await settle(2)
}

/** Waits until `condition` holds (e.g. a lazy route has loaded), failing after `timeout` ms. */
export async function waitFor(condition: () => boolean, timeout = 3000): Promise<void> {
  const start = Date.now()
  while (!condition()) {
    if (Date.now() - start > timeout) throw new Error('waitFor: condition not met in time')
    await settle(1)
  }
}
