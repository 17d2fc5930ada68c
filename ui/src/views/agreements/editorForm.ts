import type { Agreement, AgreementInput, Signatory } from '@/api/types'
import { blankToNull } from '@/utils/format'

type Side = Signatory['side']

/** A clause as the editor holds it: `key` keeps each row's inputs in place while rows move. */
export interface ClauseRow {
  key: number
  title: string
  body: string
}

export interface SignatoryRow {
  key: number
  side: Side
  name: string
  title: string
}

/** What the editor page edits of an agreement. */
export interface EditorForm {
  title: string
  programs: string[]
  start_date: string | null
  end_date: string | null
  clauses: ClauseRow[]
  signatories: SignatoryRow[]
  notes: string
}

let nextKey = 1
export function rowKey(): number {
  return nextKey++
}

export function formOf(a: Agreement): EditorForm {
  return {
    title: a.title,
    programs: [...a.programs],
    start_date: a.start_date,
    end_date: a.end_date,
    clauses: a.clauses.map((c) => ({ key: rowKey(), title: c.title, body: c.body })),
    signatories: a.signatories.map((s) => ({ key: rowKey(), side: s.side, name: s.name, title: s.title ?? '' })),
    notes: a.notes ?? '',
  }
}

/**
 * What a save sends: only the fields the page edits, and only the notes once the agreement is
 * signed. A cleared date is sent as '' (the backend clears it); an absent field stays as it is.
 */
export function inputOf(form: EditorForm, editable: boolean): AgreementInput {
  const notes = form.notes.trim()
  if (!editable) return { notes }
  return {
    title: form.title.trim(),
    programs: [...form.programs],
    start_date: form.start_date ?? '',
    end_date: form.end_date ?? '',
    clauses: form.clauses.map((c) => ({ title: c.title, body: c.body })),
    signatories: form.signatories.map((s) => ({ side: s.side, name: s.name, title: blankToNull(s.title) })),
    notes,
  }
}
