import type { Contact, EmployerInput } from '@/api/types'

/** A contact as the form edits it: every field a text. */
export interface ContactRow {
  name: string
  role: string
  phone: string
  email: string
}

export function emptyContact(): ContactRow {
  return { name: '', role: '', phone: '', email: '' }
}

export function contactRows(contacts: Contact[]): ContactRow[] {
  return contacts.map((c) => ({ name: c.name, role: c.role ?? '', phone: c.phone ?? '', email: c.email ?? '' }))
}

const blank = (text: string) => text.trim() || null

/**
 * The rows to send, all of them (the backend skips empty ones), so that the row numbers in its
 * errors ("第 2 位联系人…") match the form.
 */
export function contactsInput(rows: ContactRow[]): NonNullable<EmployerInput['contacts']> {
  return rows.map((r) => ({ name: r.name.trim(), role: blank(r.role), phone: blank(r.phone), email: blank(r.email) }))
}

/** Backend field errors inside a list (`contacts[2].phone`, `tags[0]`) belong under the list's form item. */
export function listFieldAliases<M extends object>(lists: (keyof M & string)[]): Record<string, keyof M> {
  return new Proxy({} as Record<string, keyof M>, {
    get: (_target, key) =>
      typeof key === 'string' ? lists.find((list) => key.startsWith(`${list}[`) || key.startsWith(`${list}.`)) : undefined,
  })
}

/** 13812345678 → 138****5678; other numbers keep their first 3 and last 2 characters. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return ''
  if (phone.includes('*')) return phone // already masked by the backend
  if (phone.length >= 11) return `${phone.slice(0, 3)}****${phone.slice(-4)}`
  if (phone.length > 5) return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 5)}${phone.slice(-2)}`
  return phone
}
