import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import type { DestinationCode } from '@/api/types'
import { listDestinationCodes } from '@/api/placements'
import { useReferenceStore } from './reference'

/** What the placement form picks from: the destination codes of the current list, and the industries. */
export const usePlacementRefsStore = defineStore('placementRefs', () => {
  const reference = useReferenceStore()
  const codes = ref<DestinationCode[]>([])
  const loaded = ref(false)
  let pending: Promise<void> | null = null

  const industries = computed(() => reference.industries)

  /** The codes by group, in the order the list gives them. */
  const codeGroups = computed(() => {
    const groups = new Map<string, DestinationCode[]>()
    for (const code of codes.value) {
      const list = groups.get(code.group) ?? []
      list.push(code)
      groups.set(code.group, list)
    }
    return [...groups].map(([group, items]) => ({ group, items }))
  })

  function code(value: string | null): DestinationCode | null {
    return codes.value.find((c) => c.code === value) ?? null
  }

  async function load(): Promise<void> {
    const [codeList] = await Promise.all([listDestinationCodes(), reference.ensureLoaded()])
    codes.value = codeList
    loaded.value = true
  }

  /** Loads the lists once; a failed load is tried again next time. */
  function ensureLoaded(): Promise<void> {
    if (loaded.value) return Promise.resolve()
    pending ??= load().finally(() => {
      pending = null
    })
    return pending
  }

  return { codes, industries, loaded, codeGroups, code, ensureLoaded }
})
