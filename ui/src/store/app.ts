import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import type { AppError, AppInfo, College, CollegeInput } from '@/api/types'
import { fetchAppInfo, updateCollege } from '@/api/app'
import { toAppError } from '@/api/result'
import { applyLocale, i18n, type Locale } from '@/locales'

/** The name the backend gives the college on first start, until the career office sets the real one. */
export const DEFAULT_COLLEGE_NAME = '我的学校'

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null)
  const infoError = ref<AppError | null>(null)
  const locale = ref<Locale>(i18n.global.locale.value as Locale)

  const collegeName = computed(() => info.value?.college.name.trim() ?? '')
  /** True while the college still has no real name (none, or the install's placeholder). */
  const collegeNameUnset = computed(
    () => info.value !== null && (collegeName.value === '' || collegeName.value === DEFAULT_COLLEGE_NAME),
  )
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

  /** Saves the college profile, then reads the app info again (the save adds a change waiting). */
  async function saveCollege(input: CollegeInput): Promise<College> {
    const college = await updateCollege(input)
    if (info.value) info.value = { ...info.value, college }
    await loadInfo()
    return college
  }

  function setLocale(next: Locale): void {
    locale.value = next
    applyLocale(next)
  }

  return { info, infoError, locale, collegeName, collegeNameUnset, pendingChanges, loadInfo, saveCollege, setLocale }
})
