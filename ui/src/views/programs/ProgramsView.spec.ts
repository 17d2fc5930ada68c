import { describe, expect, it } from 'vitest'
import { appError, installBackend, PROGRAMS } from '@/test/backend'
import { allByTestId, byTestId, mountWithApp, settle, settleErrors } from '@/test/mount'
import ProgramsView from './ProgramsView.vue'

function rowTexts(): string[] {
  return Array.from(document.querySelectorAll('.el-table__body tr')).map((tr) =>
    Array.from(tr.querySelectorAll('td'))
      .map((td) => td.textContent?.trim())
      .join('|'),
  )
}

function messageBox(): HTMLElement | null {
  return document.querySelector('.el-message-box')
}

async function clickDelete(rowIndex: number): Promise<void> {
  allByTestId('program-delete')[rowIndex].click()
  await settle()
}

describe('ProgramsView', () => {
  it('lists programs with level, length and graduate count formatted', async () => {
    installBackend()
    await mountWithApp(ProgramsView)

    expect(allByTestId('program-row-name').map((el) => el.textContent)).toEqual(['工业机器人应用与维护', '数控加工'])
    expect(rowTexts()[0]).toBe('工业机器人应用与维护|0307-4|高级工|3 年|智能制造系|1,204|编辑删除')
    expect(rowTexts()[1]).toContain('预备技师|5 年')
  })

  it('asks once, naming the program, and deletes it only when confirmed', async () => {
    const backend = installBackend()
    await mountWithApp(ProgramsView)

    await clickDelete(1)
    expect(messageBox()?.querySelector('.el-message-box__message')?.textContent).toBe('删除专业「数控加工」？此操作不能撤销。')
    expect(backend.argsOf('program_delete')).toEqual([])

    document.querySelector<HTMLElement>('.el-message-box__btns .el-button--primary')!.click()
    await settle()
    expect(backend.argsOf('program_delete')).toEqual([{ id: 'p2' }])
    // The list is read again after the delete.
    expect(backend.argsOf('programs_list').length).toBe(2)
  })

  it('deletes nothing when the confirm is cancelled', async () => {
    const backend = installBackend()
    await mountWithApp(ProgramsView)

    await clickDelete(0)
    const cancel = Array.from(document.querySelectorAll<HTMLElement>('.el-message-box__btns .el-button')).find(
      (b) => !b.classList.contains('el-button--primary'),
    )!
    cancel.click()
    await settle()
    expect(backend.argsOf('program_delete')).toEqual([])
  })

  it('says why a program in use cannot be deleted', async () => {
    installBackend({
      program_delete: () => {
        throw appError([{ field: 'program', code: 'program.in_use', message: '专业仍有毕业生', params: { count: '12' } }])
      },
    })
    await mountWithApp(ProgramsView)
    await clickDelete(0)
    document.querySelector<HTMLElement>('.el-message-box__btns .el-button--primary')!.click()
    await settle()

    expect(document.querySelector('.el-message--error')?.textContent).toContain('还有 12 名毕业生属于该专业，不能删除')
  })

  it('invites to add the first program when there is none', async () => {
    installBackend({ programs_list: () => [] })
    await mountWithApp(ProgramsView)

    expect(document.querySelector('.el-table__empty-text')?.textContent).toContain('添加第一个专业')
    byTestId('program-add-first')!.click()
    await settle()
    expect(byTestId('program-form')).not.toBeNull()
  })

  it('shows a duplicate-name error under the name field and keeps the typed values', async () => {
    const backend = installBackend({
      program_create: () => {
        throw appError([{ field: 'name', code: 'name.duplicate', message: '重名', params: { other: '0307-4' } }])
      },
    })
    await mountWithApp(ProgramsView)
    byTestId('program-add')!.click()
    await settle()

    const name = byTestId<HTMLInputElement>('program-name')!
    name.value = PROGRAMS[0].name
    name.dispatchEvent(new Event('input'))
    byTestId('program-level')!.querySelector<HTMLElement>('.el-select__wrapper')!.click()
    await settle()
    Array.from(document.querySelectorAll<HTMLElement>('.el-select-dropdown__item'))
      .find((item) => item.textContent?.trim() === '高级工')!
      .click()
    await settle()
    // Enter in a text field submits the form.
    name.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    await settleErrors()

    expect(backend.argsOf('program_create')).toEqual([
      {
        input: {
          name: PROGRAMS[0].name,
          code: null,
          level: '高级工',
          length_years: 3,
          department: null,
          industries: [],
          position_keywords: [],
        },
      },
    ])
    expect(byTestId('field-name')!.querySelector('.el-form-item__error')?.textContent?.trim()).toBe(
      '与已有记录重名（0307-4）',
    )
    expect(byTestId<HTMLInputElement>('program-name')!.value).toBe(PROGRAMS[0].name)
  })

  it("edits the in-field rule: the program's industries and position words", async () => {
    const backend = installBackend()
    await mountWithApp(ProgramsView)
    allByTestId('program-edit')[0].click()
    await settle()

    // The rule as saved: industry C (制造业) and the word 机器人.
    const tags = () => Array.from(byTestId('field-industries')!.querySelectorAll('.el-tag')).map((t) => t.textContent?.trim())
    expect(tags()).toEqual(['C 制造业'])
    const words = byTestId('field-position_keywords')!
    expect(Array.from(words.querySelectorAll('.el-tag')).map((t) => t.textContent?.trim())).toEqual(['机器人'])

    // The word is taken off the rule.
    words.querySelector<HTMLElement>('.el-tag__close')!.click()
    await settle()
    byTestId('program-save')!.click()
    await settleErrors()

    const [call] = backend.argsOf('program_update')
    expect(call.id).toBe('p1')
    expect(call.input.industries).toEqual(['C'])
    expect(call.input.position_keywords).toEqual([])
  })
})
