import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import type { AppError, AppInfo } from '@/api/types'
import { fetchAppInfo } from '@/api/app'
import { toAppError } from '@/api/result'
import { applyLocale, i18n, type Locale } from '@/locales'

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null)
  const infoError = ref<AppError | null>(null)
  const locale = ref<Locale>(i18n.global.locale.value as Locale)

  const collegeName = computed(() => info.value?.college.name.trim() ?? '')
  const pendingChanges = computed(() => info.value?.pending_changes ?? 0)

  /** Reads the app info again, e.g. after a save changed the number of changes waiting. */
  async function loadInfo(): Promise<void> {
    try {
      info.value = await fetchAppInfo()
      infoError.value = null
    } catch (e) {
      infoError.value = toAppError(e)
    }
  }

  function setLocale(next: Locale): void {
    locale.value = next
    applyLocale(next)
  }

  return { info, infoError, locale, collegeName, pendingChanges, loadInfo, setLocale }
})
