import { describe, expect, it } from 'vitest'
import { i18n } from '@/locales'
import { APPLICATION_STATUSES, canSign, CONTRACT_TYPES, FAIR_MODES, nextStatuses } from './fairEnums'

describe('fair enums', () => {
  it('moves applications forward only, declined from any step before signing', () => {
    expect(nextStatuses('已投递')).toEqual(['已面试', '意向', '未录用'])
    expect(nextStatuses('已面试')).toEqual(['意向', '未录用'])
    expect(nextStatuses('意向')).toEqual(['未录用'])
    expect(nextStatuses('已签约')).toEqual([])
    expect(nextStatuses('未录用')).toEqual([])
    expect(APPLICATION_STATUSES.filter((s) => canSign(s.value)).map((s) => s.value)).toEqual(['已投递', '已面试', '意向'])
  })

  it('labels every backend value in both languages', () => {
    const lists = [FAIR_MODES, APPLICATION_STATUSES, CONTRACT_TYPES]
    for (const locale of ['zh-CN', 'en-US'] as const) {
      for (const entry of lists.flat()) {
        expect(i18n.global.te(entry.label, locale), `${locale} ${entry.label}`).toBe(true)
      }
    }
    i18n.global.locale.value = 'en-US'
    expect(FAIR_MODES.map((m) => i18n.global.t(m.label))).toEqual(['On site', 'Online', 'On site and online'])
    expect(APPLICATION_STATUSES.map((s) => i18n.global.t(s.label))).toEqual([
      'Applied',
      'Interviewed',
      'Intention',
      'Signed',
      'Declined',
    ])
  })
})
