import { describe, expect, it } from 'vitest'
import { appErrorText, fieldErrorText, formatNumber, i18n, messages } from '@/locales'

type Tree = { [key: string]: string | Tree }

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else for (const [k, v] of leaves(value, path)) out.set(k, v)
  }
  return out
}

const zh = leaves(messages['zh-CN'])
const en = leaves(messages['en-US'])

// Every code the backend can send (ui-contract.md); each must have a translation.
const ERROR_CODES = [
  'invalid', 'not_found', 'not_a_database', 'schema_too_new', 'cannot_open',
  'disk_full', 'read_only', 'database', 'bad_json', 'internal',
  'signed_out', 'session_expired', 'wrong_password', 'account_locked', 'account_disabled', 'forbidden',
]
const FIELD_ERROR_CODES = [
  'id_number.check_digit', 'id_number.length', 'id_number.birth_date', 'id_number.non_digit',
  'id_number.bad_check_char', 'id_number.scientific_notation', 'id_number.duplicate', 'student_number.duplicate',
  'student_number.format', 'student_number.required', 'name.required', 'name.too_long', 'name.duplicate',
  'program.unknown', 'program.required', 'program.in_use', 'cohort.range', 'cohort.required', 'phone.format',
  'code.format', 'level.required', 'length_years.range', 'length_years.required',
  // An agreement refused for printing: every party detail that is missing, and the clauses.
  ...['college', 'partner'].flatMap((party) =>
    ['name', 'credit_code', 'address', 'contact', 'phone'].map((field) => `${party}.${field}.missing`),
  ),
  'clauses.missing',
  // A backup refused for restoring (or a backup written over the database itself).
  ...['not_sqlite', 'truncated', 'damaged', 'not_xiaoqi', 'too_new', 'other_college', 'before_first_sync', 'is_current'].map(
    (code) => `backup.${code}`,
  ),
  'target.is_database',
]

describe('locales', () => {
  it('zh-CN and en-US have exactly the same keys', () => {
    const onlyZh = [...zh.keys()].filter((k) => !en.has(k))
    const onlyEn = [...en.keys()].filter((k) => !zh.has(k))
    expect({ onlyZh, onlyEn }).toEqual({ onlyZh: [], onlyEn: [] })
    expect(zh.size).toBeGreaterThan(100)
  })

  it('has no empty translation', () => {
    const empty = [...zh, ...en].filter(([, text]) => text.trim() === '').map(([key]) => key)
    expect(empty).toEqual([])
  })

  it('uses the same placeholders in both languages', () => {
    const names = (text: string) => [...new Set(text.match(/\{\w+\}/g) ?? [])].sort()
    const differing = [...zh.keys()].filter((k) => names(zh.get(k)!).join() !== names(en.get(k) ?? '').join())
    expect(differing).toEqual([])
  })

  it('translates every error code of the backend', () => {
    for (const code of ERROR_CODES) {
      expect(zh.has(`error.${code}`), code).toBe(true)
    }
    for (const code of FIELD_ERROR_CODES) {
      expect(zh.has(`fieldError.${code}`), code).toBe(true)
    }
  })

  it('fills field-error params and falls back to the backend message for an unknown code', () => {
    const checkDigit = {
      field: 'id_number',
      code: 'id_number.check_digit',
      message: '校验码错误',
      params: { expected: 'X', found: '1' },
    }
    expect(fieldErrorText(checkDigit)).toBe('校验位应为 X，实际为 1，请核对号码')
    i18n.global.locale.value = 'en-US'
    expect(fieldErrorText(checkDigit)).toBe('The check character should be X, not 1; please check the number')
    expect(fieldErrorText({ field: 'x', code: 'x.brand_new', message: '后端的说明', params: {} })).toBe('后端的说明')
    // A check the person may overrule says how; where it cannot be overruled, it does not offer to.
    const creditCode = { field: 'credit_code', code: 'credit_code.check_digit', message: '校验位错误', params: { expected: '8', found: '9' } }
    expect(fieldErrorText({ ...creditCode, params: { ...creditCode.params, can_accept: 'true' } })).toContain('Save anyway')
    expect(fieldErrorText(creditCode)).toBe('The check character should be 8, not 9; please check the code against the certificate')
    expect(appErrorText({ code: 'error.disk_full', message: 'ENOSPC' })).toBe('The disk is full; nothing was saved')
    expect(appErrorText({ code: 'error.someday', message: '新错误' })).toBe('新错误')
  })

  it('adds a <namespace>.<part>.json file to its namespace, next to the keys already there', () => {
    // fieldError.documents.json puts partner.address.missing beside fieldError.json's partner.both.
    expect(zh.get('fieldError.partner.both')).toBeTruthy()
    const missing = { field: 'partner.address', code: 'partner.address.missing', message: '乙方（某公司）缺少地址', params: { party: '乙方', name: '某公司' } }
    expect(fieldErrorText(missing)).toBe('乙方（某公司）缺少地址')
    i18n.global.locale.value = 'en-US'
    expect(fieldErrorText(missing)).toBe('Party B (某公司) has no address')
    expect(fieldErrorText({ ...missing, field: 'clauses', code: 'clauses.missing', params: {} })).toBe('The agreement has no clauses yet')
  })

  it('formats counts with thousands separators', () => {
    expect(formatNumber(1532)).toBe('1,532')
    expect(formatNumber(1234567)).toBe('1,234,567')
  })
})
