import { commands } from '@/bindings'
import type {
  BehindRow,
  ComplianceReport,
  EmploymentReport,
  Fair,
  PartnerOutcome,
  SavedFile,
  StatsFilter,
} from './types'
import { unwrap } from './result'

/** The employment report of a cohort (every cohort when null), optionally of one program. */
export function employmentReport(cohort: number | null, programId: string | null): Promise<EmploymentReport> {
  return unwrap(commands.employmentReport(cohort, programId))
}

/** The graduates a figure counts (the drill-down behind a bar). */
export function graduatesBehind(filter: StatsFilter): Promise<BehindRow[]> {
  return unwrap(commands.graduatesBehind(filter))
}

/** The check before a cohort's figures are reported. */
export function complianceReport(cohort: number): Promise<ComplianceReport> {
  return unwrap(commands.complianceReport(cohort))
}

/** What each partner employer's cooperation produced for a cohort (every cohort when null). */
export function partnerOutcomes(cohort: number | null): Promise<PartnerOutcome[]> {
  return unwrap(commands.partnerOutcomes(cohort))
}

/** Saves a chart image (a PNG data URL or its base64) in the Downloads folder. */
export function saveChartPng(title: string, png: string): Promise<SavedFile> {
  return unwrap(commands.chartPngSave(title, png))
}

/** One job fair's funnel: applications, and how far they have got. */
export interface FairFunnel {
  id: string
  name: string
  start_date: string
  /** Every application (投递简历). */
  applied: number
  /** Applications now at interview or past it (已面试, 意向, 已签约). */
  interviewed: number
  /** Applications now at an employment intention or signed (the fair's 就业意向 figure). */
  intention: number
  /** Signings. */
  signed: number
}

/** How many of the fair's applications are now at this status (the list's total, no rows read). */
async function applicationsAt(fairId: string, status: '已面试'): Promise<number> {
  const page = await unwrap(
    commands.applicationsList({ fair_id: fairId, status, employer_id: null, position_id: null, graduate_id: null, offset: 0, limit: 0 }),
  )
  return page.total
}

/** The funnels of the latest `limit` fairs that have applications, oldest first. */
export async function fairFunnels(limit = 8): Promise<FairFunnel[]> {
  const fairs: Fair[] = await unwrap(commands.fairsList())
  const shown = fairs.filter((f) => f.figures.resumes > 0).slice(0, limit).reverse()
  return Promise.all(
    shown.map(async (f) => ({
      id: f.id,
      name: f.name,
      start_date: f.start_date,
      applied: f.figures.resumes,
      interviewed: (await applicationsAt(f.id, '已面试')) + f.figures.intentions,
      intention: f.figures.intentions,
      signed: f.figures.signings,
    })),
  )
}
