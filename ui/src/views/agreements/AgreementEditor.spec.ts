import { describe, expect, it, vi } from 'vitest'
import type { Agreement, AgreementStatus } from '@/api/types'
import { i18n } from '@/locales'
import { appError, installBackend, type Handler } from '@/test/backend'
import { DRAFT, SIGNATORIES, SIGNED } from '@/test/fixtures/agreements'
import { allByTestId, byTestId, mountWithApp, settle, settleErrors } from '@/test/mount'
import { click, errorAround, input, texts, type } from './specHelpers'
import AgreementEditor from './AgreementEditor.vue'

/** A backend that keeps one agreement: updates merge into it, steps move it and are recorded. */
function backendWith(start: Agreement, overrides: Record<string, Handler> = {}) {
  let current: Agreement = structuredClone(start)
  return installBackend({
    agreement_get: () => current,
    agreement_update: ({ input }) => {
      current = { ...current, ...input }
      return current
    },
    agreement_advance: ({ step }) => {
      current = {
        ...current,
        status: step.to,
        history: [...current.history, { status: step.to, by: step.by, at: '2025-05-08T02:00:00Z', note: step.note }],
      }
      return current
    },
    agreement_delete: () => null,
    ...overrides,
  })
}

async function openEditor(agreement: Agreement) {
  const mounted = await mountWithApp(AgreementEditor, { props: { id: agreement.id } }, `/agreements/${agreement.id}`)
  await settle()
  return mounted
}

/** The test ids of the lifecycle buttons shown. */
function offeredSteps(): string[] {
  return Array.from(document.querySelectorAll('[data-testid^="agreement-advance-"]')).map(
    (el) => el.getAttribute('data-testid')!.replace('agreement-advance-', ''),
  )
}

function dialogOpen(): boolean {
  const dialog = byTestId('advance-dialog')
  return !!dialog && dialog.closest('.el-overlay')?.getAttribute('style')?.includes('display: none') !== true
}

describe('AgreementEditor', { timeout: 30_000 }, () => {
  it('offers only the steps the lifecycle allows from each status', async () => {
    const expected: [AgreementStatus, string[]][] = [
      ['草稿', ['in_review']],
      ['审核中', ['draft', 'signed']],
      ['已签署', ['active', 'terminated']],
      ['履行中', ['expired', 'terminated']],
      ['已到期', []],
      ['已终止', []],
    ]
    for (const [status, steps] of expected) {
      backendWith({ ...DRAFT, status })
      const { wrapper } = await openEditor(DRAFT)
      expect(offeredSteps(), status).toEqual(steps)
      // Only a draft or an agreement in review can be deleted.
      expect(byTestId('agreement-delete') !== null, status).toBe(status === '草稿' || status === '审核中')
      wrapper.unmount()
      document.body.innerHTML = ''
    }
  }, 60_000)

  it('shows the number, kind, partner and status in the header', async () => {
    backendWith(DRAFT)
    await openEditor(DRAFT)

    expect(byTestId('agreement-number')!.textContent).toBe('G4419-2025-003')
    expect(byTestId('agreement-status')!.textContent?.trim()).toBe('草稿')
    expect(byTestId('agreement-kind')!.textContent?.trim()).toBe('校企合作协议')
    expect(byTestId('agreement-partner')!.textContent).toBe('东莞市智造机器人有限公司')
  })

  it('takes a step with the operator and note, remembers the operator and records the step', async () => {
    const backend = backendWith(DRAFT)
    await openEditor(DRAFT)
    expect(allByTestId('history-step')).toHaveLength(0)

    click('agreement-advance-in_review')
    await settle()
    expect(input('advance-by').value).toBe('')
    type('advance-by', ' 王老师 ')
    type('advance-note', '请审核')
    click('advance-confirm')
    await settle()

    expect(backend.argsOf('agreement_advance')).toEqual([{ id: 'a1', step: { to: '审核中', by: '王老师', note: '请审核' } }])
    expect(localStorage.getItem('xiaoqi.operator')).toBe('王老师')
    expect(byTestId('agreement-status')!.textContent?.trim()).toBe('审核中')
    expect(offeredSteps()).toEqual(['draft', 'signed'])
    const steps = allByTestId('history-step')
    expect(steps).toHaveLength(1)
    expect(steps[0].textContent).toContain('审核中')
    expect(steps[0].textContent).toContain('经办人：王老师')
    expect(steps[0].textContent).toContain('请审核')
    expect(steps[0].textContent).toMatch(/2025-05-08 \d{2}:\d{2}/)

    // The next step asks again, with the operator filled in.
    click('agreement-advance-draft')
    await settle()
    expect(input('advance-by').value).toBe('王老师')
  })

  it('does not take a step without an operator', async () => {
    const backend = backendWith(DRAFT)
    await openEditor(DRAFT)

    click('agreement-advance-in_review')
    await settle()
    click('advance-confirm')
    await settleErrors()

    expect(backend.argsOf('agreement_advance')).toEqual([])
    expect(errorAround('advance-by')).toBe('请填写经办人')
  })

  it('shows clearly why a signing was refused, in the dialog and at the fields', async () => {
    const backend = backendWith(
      { ...DRAFT, status: '审核中', start_date: null },
      {
        agreement_advance: () => {
          throw appError([
            { field: 'start_date', code: 'start_date.required', message: '签署前请填写开始日期', params: {} },
            { field: 'signatories', code: 'signatories.required', message: '签署前请填写学校（甲方）的签署人', params: { side: 'college' } },
          ])
        },
      },
    )
    await openEditor(DRAFT)

    click('agreement-advance-signed')
    await settle()
    type('advance-by', '李主任')
    click('advance-confirm')
    await settleErrors()

    expect(backend.argsOf('agreement_advance')).toHaveLength(1)
    const refusal = byTestId('advance-refusal')!.textContent!
    expect(refusal).toContain('未能确认签署')
    expect(refusal).toContain('请填写开始日期')
    expect(refusal).toContain('签署前请填写双方的签署人')
    expect(dialogOpen()).toBe(true)
    expect(byTestId('agreement-status')!.textContent?.trim()).toBe('审核中')
    // The page marks the fields too, so they can be fixed once the dialog is closed.
    expect(errorAround('agreement-start_date')).toBe('请填写开始日期')
    expect(errorAround('signatory-add')).toBe('签署前请填写双方的签署人')
  })

  it('names the statuses of a refused step in the chosen language', async () => {
    i18n.global.locale.value = 'en-US'
    backendWith(
      { ...DRAFT, status: '审核中' },
      {
        agreement_advance: () => {
          throw appError([
            { field: 'to', code: 'to.invalid_step', message: '协议不能从“审核中”直接改为“履行中”', params: { from: '审核中', to: '履行中' } },
          ])
        },
      },
    )
    await openEditor(DRAFT)

    click('agreement-advance-signed')
    await settle()
    type('advance-by', 'Li')
    click('advance-confirm')
    await settle()

    const refusal = byTestId('advance-refusal')!.textContent!
    expect(refusal).toContain('“In review”')
    expect(refusal).toContain('“Active”')
    expect(refusal).not.toMatch(/审核中|履行中/)
  })

  it('sends the clauses in their new order after moving, adding and removing', async () => {
    const backend = backendWith(DRAFT)
    await openEditor(DRAFT)
    expect(allByTestId('clause-row')).toHaveLength(3)

    // Move 合作内容 above 合作宗旨, drop 甲方职责, add a new clause at the end.
    click('clause-up', 1)
    await settle(2)
    expect(allByTestId('clause-title').map((el) => input('clause-title', allByTestId('clause-title').indexOf(el)).value)).toEqual([
      '合作内容',
      '合作宗旨',
      '甲方职责',
    ])
    click('clause-remove', 2)
    await settle(2)
    click('clause-add')
    await settle(2)
    expect(allByTestId('clause-row')).toHaveLength(3)
    type('clause-title', '保密条款', 2)
    type('clause-body', '双方对合作中知悉的商业秘密负有保密义务。', 2)
    click('clause-down', 0)
    await settle(2)
    click('agreement-save')
    await settle()

    const sent = backend.argsOf('agreement_update')
    expect(sent).toHaveLength(1)
    expect(sent[0].id).toBe('a1')
    expect(sent[0].input.clauses).toEqual([
      { title: '合作宗旨', body: DRAFT.clauses[0].body },
      { title: '合作内容', body: DRAFT.clauses[1].body },
      { title: '保密条款', body: '双方对合作中知悉的商业秘密负有保密义务。' },
    ])
    // Only what the page edits is sent: never the kind or the partner.
    expect(Object.keys(sent[0].input).sort()).toEqual(
      ['clauses', 'end_date', 'notes', 'programs', 'signatories', 'start_date', 'title'].sort(),
    )
    expect(document.body.textContent).toContain('已保存协议 G4419-2025-003')
  })

  it('sends the signatories with their sides, and shows a missing name under its row', async () => {
    const backend = backendWith(DRAFT, {
      agreement_update: () => {
        throw appError([
          { field: 'signatories[1].name', code: 'signatories.name.required', message: '第 2 位签署人缺少姓名', params: { row: '2' } },
        ])
      },
    })
    await openEditor(DRAFT)

    click('signatory-add')
    await settle(2)
    click('signatory-add')
    await settle(2)
    type('signatory-name', '陈校长', 0)
    type('signatory-title', '校长', 0)
    click('agreement-save')
    await settleErrors()

    expect(backend.argsOf('agreement_update')[0].input.signatories).toEqual([
      { side: 'college', name: '陈校长', title: '校长' },
      { side: 'partner', name: '', title: null },
    ])
    expect(errorAround('signatory-name', 1)).toBe('第 2 位签署人缺少姓名')
    expect(errorAround('signatory-name', 0)).toBe('')
    // Nothing typed is lost.
    expect(input('signatory-name', 0).value).toBe('陈校长')
  })

  it('shows a clause error under that clause and a date error under the end date', async () => {
    backendWith(DRAFT, {
      agreement_update: () => {
        throw appError([
          { field: 'clauses[2].title', code: 'clauses.title.required', message: '第 3 条缺少标题', params: { row: '3' } },
          {
            field: 'end_date',
            code: 'end_date.before_start',
            message: '结束日期 2025-08-31 早于开始日期 2025-09-01',
            params: { start: '2025-09-01', end: '2025-08-31' },
          },
        ])
      },
    })
    await openEditor(DRAFT)

    type('clause-title', '', 2)
    click('agreement-save')
    await settleErrors()

    expect(errorAround('clause-title', 2)).toBe('第 3 条缺少标题')
    expect(errorAround('clause-title', 0)).toBe('')
    expect(errorAround('agreement-end_date')).toBe('结束日期 2025-08-31 早于开始日期 2025-09-01')

    // Editing the clause takes its error away.
    type('clause-title', '甲方职责', 2)
    await settleErrors()
    expect(errorAround('clause-title', 2)).toBe('')
  })

  it('keeps a signed agreement read-only: only its notes can change', async () => {
    const backend = backendWith(SIGNED)
    await openEditor(SIGNED)

    expect(byTestId('agreement-locked')!.textContent).toContain('协议已签署，内容不能再修改，只能修改备注。')
    expect(byTestId('clause-add')).toBeNull()
    expect(byTestId('clause-remove')).toBeNull()
    expect(byTestId('signatory-add')).toBeNull()
    expect(byTestId('agreement-delete')).toBeNull()
    expect(texts('clause-title')).toEqual(['合作宗旨', '合作内容', '甲方职责'])
    expect(texts('signatory-name')).toEqual(['陈校长', '林总'])
    expect(texts('signatory-side')).toEqual(['学校（甲方）', '合作方（乙方）'])
    expect(input('agreement-title').disabled).toBe(true)
    expect(input('agreement-start_date').disabled).toBe(true)

    // The history of the steps taken, oldest first.
    const steps = allByTestId('history-step')
    expect(steps.map((s) => s.textContent)).toEqual([
      expect.stringContaining('经办人：王老师'),
      expect.stringContaining('现场签约'),
    ])

    type('agreement-notes', '纸质原件存档于就业办')
    click('agreement-save')
    await settle()
    expect(backend.argsOf('agreement_update')).toEqual([{ id: 'a1', input: { notes: '纸质原件存档于就业办' } }])
  })

  it('saves unsaved changes before taking a step', async () => {
    const backend = backendWith({ ...DRAFT, status: '审核中', signatories: SIGNATORIES })
    await openEditor(DRAFT)

    type('agreement-title', '智造机器人订单班合作协议')
    await settle(2)
    expect(byTestId('agreement-unsaved')).not.toBeNull()
    click('agreement-advance-signed')
    await settle()
    expect(byTestId('advance-dialog')!.textContent).toContain('页面上未保存的修改会先保存。')
    type('advance-by', '李主任')
    click('advance-confirm')
    await settle()

    expect(backend.calls.map((c) => c.cmd).filter((c) => c.startsWith('agreement_'))).toEqual([
      'agreement_get',
      'agreement_update',
      'agreement_advance',
    ])
    expect(backend.argsOf('agreement_update')[0].input.title).toBe('智造机器人订单班合作协议')
    expect(byTestId('agreement-status')!.textContent?.trim()).toBe('已签署')
    expect(byTestId('agreement-unsaved')).toBeNull()
  })

  it('asks once, naming the number, before deleting, then goes back to the list', async () => {
    const backend = backendWith(DRAFT)
    const { router } = await openEditor(DRAFT)
    const push = vi.spyOn(router, 'push')

    click('agreement-delete')
    await settle()
    expect(document.querySelector('.el-message-box__message')?.textContent).toBe(
      '删除协议 G4419-2025-003（东莞市智造机器人有限公司校企合作协议）？此操作不能撤销。',
    )
    expect(backend.argsOf('agreement_delete')).toEqual([])

    document.querySelector<HTMLElement>('.el-message-box__btns .el-button--primary')!.click()
    await settle()
    expect(backend.argsOf('agreement_delete')).toEqual([{ id: 'a1' }])
    expect(push).toHaveBeenCalledWith('/agreements')
  })
})
