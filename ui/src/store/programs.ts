import { ref } from 'vue'
import { defineStore } from 'pinia'
import type { Program, ProgramInput } from '@/api/types'
import { createProgram, deleteProgram, listPrograms, updateProgram } from '@/api/programs'

export const useProgramsStore = defineStore('programs', () => {
  const items = ref<Program[]>([])
  const loading = ref(false)
  const loaded = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      items.value = await listPrograms()
      loaded.value = true
    } finally {
      loading.value = false
    }
  }

  /** Loads the list unless it is already there (for selects in other views). */
  async function ensureLoaded(): Promise<void> {
    if (!loaded.value) await load()
  }

  /** Creates (id null) or updates a program, then reloads the list. */
  async function save(id: string | null, input: ProgramInput): Promise<Program> {
    const program = id ? await updateProgram(id, input) : await createProgram(input)
    await load()
    return program
  }

  async function remove(id: string): Promise<void> {
    await deleteProgram(id)
    await load()
  }

  return { items, loading, loaded, load, ensureLoaded, save, remove }
})
