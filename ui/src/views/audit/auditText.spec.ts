import { describe, expect, it } from 'vitest'
import { ACTIONS, actionLabel, auditQuery, detailText, localDayStart } from './auditText'

describe('auditText', () => {
  it('has a label for every action core records', () => {
    expect(ACTIONS.filter((a) => actionLabel(a) === a)).toEqual([])
    // An action of a later version is shown as stored.
    expect(actionLabel('teleport')).toBe('teleport')
  })

  it('turns local days into the UTC bounds the log compares with, the last day included', () => {
    const q = auditQuery({ action: '', userName: '  ', dates: ['2025-06-01', '2025-06-03'] }, 3, 100)
    expect(q).toEqual({
      action: null,
      row_id: null,
      user_name: null,
      from: new Date(2025, 5, 1).toISOString(),
      until: new Date(2025, 5, 4).toISOString(),
      offset: 200,
      limit: 100,
    })
    expect(localDayStart('2025-12-31', 1)).toBe(new Date(2026, 0, 1).toISOString())
  })

  it('shows a detail object as pairs and anything else as stored', () => {
    expect(detailText('{"op":"add","role":"teacher","years":null}')).toBe('op: add, role: teacher, years: null')
    expect(detailText('not json')).toBe('not json')
    expect(detailText(null)).toBe('')
  })
})
