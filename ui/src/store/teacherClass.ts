import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import type { AppError, ClassMember, Facets } from '@/api/types'
import { graduateFacets } from '@/api/graduates'
import { fetchClassView } from '@/api/placements'
import { toAppError } from '@/api/result'

/** Where the teacher's last choice of cohort and class is remembered. */
export const CHOICE_KEY = 'xiaoqi.teacherClass'

interface Choice {
  cohort: number | null
  classNames: string[]
}

/** A graduate of one of the chosen classes, with the class it belongs to. */
export type TeacherRow = ClassMember & { class_name: string }

/** The chosen classes together: their graduates and the figures over all of them. */
export interface TeacherView {
  members: TeacherRow[]
  total: number
  recorded: number
  employed: number
  verified: number
}

function storedChoice(): Choice {
  try {
    const saved = JSON.parse(localStorage.getItem(CHOICE_KEY) ?? 'null') as
      | (Partial<Choice> & { className?: unknown })
      | null
    const names = Array.isArray(saved?.classNames)
      ? saved.classNames.filter((n): n is string => typeof n === 'string')
      : typeof saved?.className === 'string' // the one-class choice of earlier versions
        ? [saved.className]
        : []
    return { cohort: typeof saved?.cohort === 'number' ? saved.cohort : null, classNames: names }
  } catch {
    return { cohort: null, classNames: [] }
  }
}

function rememberChoice(choice: Choice): void {
  try {
    localStorage.setItem(CHOICE_KEY, JSON.stringify(choice))
  } catch {
    // Storage can be unavailable; the choice then lasts for this session only.
  }
}

/** The teachers' view: one or more classes of one cohort, their graduates and destinations. */
export const useTeacherClassStore = defineStore('teacherClass', () => {
  const facets = ref<Facets>({ cohorts: [], classes: [] })
  const facetsLoaded = ref(false)
  const cohort = ref<number | null>(null)
  const classNames = ref<string[]>([])
  const view = ref<TeacherView | null>(null)
  const loading = ref(false)
  const error = ref<AppError | null>(null)

  const chosen = computed(() => cohort.value !== null && classNames.value.length > 0)
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
    const kept = saved.classNames.filter((n) => classes.includes(n))
    classNames.value = kept.length > 0 ? kept : classes.length === 1 ? [classes[0]] : []
    await load()
  }

  /** Reads the chosen classes again (after every save, so that the figures stay true). */
  async function load(): Promise<void> {
    if (cohort.value === null || classNames.value.length === 0) {
      view.value = null
      return
    }
    const wanted = { cohort: cohort.value, classNames: [...classNames.value] }
    const key = JSON.stringify(wanted)
    loading.value = true
    try {
      const views = await Promise.all(wanted.classNames.map((c) => fetchClassView(wanted.cohort, c)))
      // A slower answer for an earlier choice must not overwrite the current one.
      if (JSON.stringify({ cohort: cohort.value, classNames: classNames.value }) === key) {
        const sum = (f: (v: (typeof views)[number]) => number) => views.reduce((n, v) => n + f(v), 0)
        view.value = {
          members: views.flatMap((v) => v.members.map((m) => ({ ...m, class_name: v.class_name }))),
          total: sum((v) => v.total),
          recorded: sum((v) => v.recorded),
          employed: sum((v) => v.employed),
          verified: sum((v) => v.verified),
        }
        error.value = null
      }
    } catch (e) {
      error.value = toAppError(e)
    } finally {
      loading.value = false
    }
  }

  /** Chooses a cohort and classes, remembers the choice and shows those classes. */
  async function choose(next: Partial<Choice>): Promise<void> {
    if ('cohort' in next) cohort.value = next.cohort ?? null
    if ('classNames' in next) classNames.value = [...(next.classNames ?? [])]
    rememberChoice({ cohort: cohort.value, classNames: classNames.value })
    view.value = null
    await load()
  }

  return { facets, facetsLoaded, cohort, classNames, view, loading, error, chosen, members, init, load, choose }
})
