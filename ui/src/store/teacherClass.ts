import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import type { AppError, ClassView, Facets } from '@/api/types'
import { graduateFacets } from '@/api/graduates'
import { fetchClassView } from '@/api/placements'
import { toAppError } from '@/api/result'

/** Where the teacher's last choice of cohort and class is remembered. */
export const CHOICE_KEY = 'xiaoqi.teacherClass'

interface Choice {
  cohort: number | null
  className: string | null
}

function storedChoice(): Choice {
  try {
    const saved = JSON.parse(localStorage.getItem(CHOICE_KEY) ?? 'null') as Partial<Choice> | null
    return {
      cohort: typeof saved?.cohort === 'number' ? saved.cohort : null,
      className: typeof saved?.className === 'string' ? saved.className : null,
    }
  } catch {
    return { cohort: null, className: null }
  }
}

function rememberChoice(choice: Choice): void {
  try {
    localStorage.setItem(CHOICE_KEY, JSON.stringify(choice))
  } catch {
    // Storage can be unavailable; the choice then lasts for this session only.
  }
}

/** The teachers' view: one class of one cohort, its graduates and their destinations. */
export const useTeacherClassStore = defineStore('teacherClass', () => {
  const facets = ref<Facets>({ cohorts: [], classes: [] })
  const facetsLoaded = ref(false)
  const cohort = ref<number | null>(null)
  const className = ref<string | null>(null)
  const view = ref<ClassView | null>(null)
  const loading = ref(false)
  const error = ref<AppError | null>(null)

  const chosen = computed(() => cohort.value !== null && !!className.value)
  const members = computed(() => view.value?.members ?? [])

  /**
   * Reads the cohorts and classes, then takes the remembered choice where it still exists;
   * `cohortHint` (e.g. from a link on the home page) wins over the remembered cohort.
   */
  async function init(cohortHint: number | null = null): Promise<void> {
    facets.value = await graduateFacets()
    facetsLoaded.value = true
    const saved = storedChoice()
    const cohorts = facets.value.cohorts
    const wanted = cohortHint ?? saved.cohort
    cohort.value = wanted !== null && cohorts.includes(wanted) ? wanted : (cohorts[0] ?? null)
    const classes = facets.value.classes
    className.value =
      saved.className && classes.includes(saved.className) ? saved.className : classes.length === 1 ? classes[0] : null
    await load()
  }

  /** Reads the chosen class again (after every save, so that the figures stay true). */
  async function load(): Promise<void> {
    if (cohort.value === null || !className.value) {
      view.value = null
      return
    }
    const wanted = { cohort: cohort.value, className: className.value }
    loading.value = true
    try {
      const result = await fetchClassView(wanted.cohort, wanted.className)
      // A slower answer for an earlier choice must not overwrite the current one.
      if (cohort.value === wanted.cohort && className.value === wanted.className) {
        view.value = result
        error.value = null
      }
    } catch (e) {
      error.value = toAppError(e)
    } finally {
      loading.value = false
    }
  }

  /** Chooses a cohort and class, remembers the choice and shows that class. */
  async function choose(next: Partial<Choice>): Promise<void> {
    if ('cohort' in next) cohort.value = next.cohort ?? null
    if ('className' in next) className.value = next.className ?? null
    rememberChoice({ cohort: cohort.value, className: className.value })
    view.value = null
    await load()
  }

  return { facets, facetsLoaded, cohort, className, view, loading, error, chosen, members, init, load, choose }
})
