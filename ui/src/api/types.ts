// The types the UI works with, read off the generated command signatures in ../bindings.ts.
// Deriving them keeps the UI independent of how the generator names its types (e.g. the
// `_Serialize` / `_Deserialize` pairs): what a command returns is what the UI receives, and what
// a command takes is what the UI sends.
import type { commands } from '@/bindings'

export type { AppError, FieldError } from '@/bindings'

type Commands = typeof commands
type Ok<K extends keyof Commands> =
  Awaited<ReturnType<Commands[K]>> extends infer R ? (R extends { status: 'ok'; data: infer T } ? T : never) : never
type Arg<K extends keyof Commands, I extends number = 0> = Parameters<Commands[K]>[I]

export type AppInfo = Ok<'appInfo'>
export type College = Ok<'collegeUpdate'>
export type CollegeInput = Arg<'collegeUpdate'>
export type Program = Ok<'programGet'>
export type ProgramInput = Arg<'programCreate'>
export type Graduate = Ok<'graduateGet'>
export type GraduateRow = Ok<'graduatesList'>['items'][number]
export type GraduatePage = Ok<'graduatesList'>
export type GraduateInput = Arg<'graduateCreate'>
export type GraduateQuery = Arg<'graduatesList'>
export type Facets = Ok<'graduateFacets'>

export type GraduateSort = NonNullable<GraduateQuery['sort']>
export type SortOrder = NonNullable<GraduateQuery['order']>
// Values as the backend sends them (the canonical Chinese ones).
export type Gender = NonNullable<Graduate['gender']>
export type SkillLevel = NonNullable<Graduate['skill_level']>
export type TrainingLevel = Program['level']
