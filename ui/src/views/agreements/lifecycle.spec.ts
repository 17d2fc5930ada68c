import { describe, expect, it } from 'vitest'
import type { AgreementStatus } from '@/api/types'
import { expiringIn, isEditable, nextSteps, STATUSES } from './lifecycle'

describe('agreement lifecycle', () => {
  it('allows draft → review → signed → active → expired or terminated, and review back to draft', () => {
    expect(nextSteps('草稿')).toEqual(['审核中'])
    expect(nextSteps('审核中')).toEqual(['草稿', '已签署'])
    expect(nextSteps('已签署')).toEqual(['履行中', '已终止'])
    expect(nextSteps('履行中')).toEqual(['已到期', '已终止'])
    expect(nextSteps('已到期')).toEqual([])
    expect(nextSteps('已终止')).toEqual([])
  })

  it('lets the text change only before signing', () => {
    const editable = STATUSES.filter((s) => isEditable(s.value)).map((s) => s.value)
    expect(editable).toEqual(['草稿', '审核中'])
  })

  it('flags signed or active agreements ending within 0 to 60 days', () => {
    const flag = (status: AgreementStatus, days_left: number | null) => expiringIn({ status, days_left })
    expect(flag('履行中', 0)).toBe(0)
    expect(flag('已签署', 60)).toBe(60)
    expect(flag('履行中', 61)).toBeNull()
    expect(flag('履行中', -1)).toBeNull()
    expect(flag('履行中', null)).toBeNull()
    expect(flag('草稿', 10)).toBeNull()
    expect(flag('审核中', 10)).toBeNull()
    expect(flag('已到期', 10)).toBeNull()
  })
})
