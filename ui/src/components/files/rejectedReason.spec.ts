import { afterEach, describe, expect, it } from 'vitest'
import { i18n } from '@/locales'
import { rejectedReason } from './rejectedReason'
import { REPORT } from './specHelpers'

describe('rejectedReason', () => {
  afterEach(() => {
    i18n.global.locale.value = 'zh-CN'
  })

  it('says every problem of a row in English when the app is in English', () => {
    i18n.global.locale.value = 'en-US'
    expect(rejectedReason(REPORT.rejected[0])).toBe(
      'The check character should be X, not 1; please check the number; also 手机号码 “138****8000”: ' +
        'This phone number is masked (contains *) and cannot be imported: export the whole numbers and import again, or empty the column',
    )
    expect(rejectedReason(REPORT.rejected[1])).toBe('Required')
  })

  it("keeps the importer's words for a code the app does not know", () => {
    i18n.global.locale.value = 'en-US'
    const row = {
      ...REPORT.rejected[1],
      reason: '数据库繁忙',
      problems: [{ col: null, column: '', value: '', reason: '数据库繁忙', code: 'nothing.known', params: {} }],
    }
    expect(rejectedReason(row)).toBe('数据库繁忙')
  })
})
