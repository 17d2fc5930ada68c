import { afterEach } from 'vitest'
import { enableAutoUnmount } from '@vue/test-utils'
import { clearMocks } from '@tauri-apps/api/mocks'
import { i18n } from '@/locales'

afterEach(() => {
  clearMocks()
  localStorage.clear()
  i18n.global.locale.value = 'zh-CN'
  document.body.innerHTML = ''
})
// Registered last so that it runs first: components unmount before the page is cleared.
enableAutoUnmount(afterEach)
