import { ref } from 'vue'
import { defineStore } from 'pinia'
import type { RefEntry } from '@/api/types'
import { referenceLists } from '@/api/reference'

/**
 * The reference lists (employer types 单位性质, industries 行业), read once per session and shared
 * by every view that shows or picks a code.
 */
export const useReferenceStore = defineStore('reference', () => {
  const employerTypes = ref<RefEntry[]>([])
  const industries = ref<RefEntry[]>([])
  const loaded = ref(false)
  let pending: Promise<void> | null = null

  async function load(): Promise<void> {
    const lists = await referenceLists()
    employerTypes.value = lists.employer_types
    industries.value = lists.industries
    loaded.value = true
  }

  /** Loads the lists unless they are already there; concurrent callers share one request. */
  function ensureLoaded(): Promise<void> {
    if (loaded.value) return Promise.resolve()
    pending ??= load().finally(() => {
      pending = null
    })
    return pending
  }

  function nameIn(list: RefEntry[], code: string | null | undefined): string {
    if (!code) return ''
    return list.find((entry) => entry.code === code)?.name ?? code
  }

  /** The name of an employer type code (`39` → 其他企业); an unknown code is shown as it is. */
  function employerTypeName(code: string | null | undefined): string {
    return nameIn(employerTypes.value, code)
  }

  /** The name of an industry section letter (`C` → 制造业); an unknown code is shown as it is. */
  function industryName(code: string | null | undefined): string {
    return nameIn(industries.value, code)
  }

  return { employerTypes, industries, loaded, load, ensureLoaded, employerTypeName, industryName }
})
