import type { Gender, SkillLevel, TrainingLevel } from '@/api/types'

// Backend values (Chinese) → i18n keys of their labels.
export const GENDERS: { value: Gender; label: string }[] = [
  { value: '男', label: 'enums.gender.male' },
  { value: '女', label: 'enums.gender.female' },
]

export const TRAINING_LEVELS: { value: TrainingLevel; label: string }[] = [
  { value: '中级工', label: 'enums.trainingLevel.intermediate' },
  { value: '高级工', label: 'enums.trainingLevel.senior' },
  { value: '预备技师', label: 'enums.trainingLevel.preTechnician' },
]

export const SKILL_LEVELS: { value: SkillLevel; label: string }[] = [
  { value: '初级工', label: 'enums.skillLevel.level5' },
  { value: '中级工', label: 'enums.skillLevel.level4' },
  { value: '高级工', label: 'enums.skillLevel.level3' },
  { value: '技师', label: 'enums.skillLevel.level2' },
  { value: '高级技师', label: 'enums.skillLevel.level1' },
]

/** The i18n key of a value's label, or null for an unknown value. */
export function labelKey<T extends string>(list: { value: T; label: string }[], value: T | null): string | null {
  return list.find((entry) => entry.value === value)?.label ?? null
}
