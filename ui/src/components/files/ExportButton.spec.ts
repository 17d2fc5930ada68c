import { describe, expect, it } from 'vitest'
import type { ExportFilter, ExportKind } from '@/api/types'
import { installBackend } from '@/test/backend'
import { allByTestId, byTestId, mountWithApp, settle } from '@/test/mount'
import ExportButton from './ExportButton.vue'

const FILE = { path: '/home/teacher/下载/校企通-毕业生-2025-06-01.xlsx', name: '校企通-毕业生-2025-06-01.xlsx', rows: 1532 }
const FILTER: ExportFilter = { search: '张', program_id: 'p1', cohort: 2025, class_name: '机器人2101' }

async function mountButton(kind: ExportKind = 'graduates', filter: ExportFilter = FILTER, note: string | null = null) {
  const { wrapper } = await mountWithApp(ExportButton, { props: { kind, filter, note } })
  return wrapper
}

/** Opens the menu (its items are rendered in a teleported popup) and clicks one. */
async function pick(item: 'xlsx' | 'csv' | 'whole'): Promise<void> {
  if (!isOpen()) {
    byTestId('export')!.click()
    await settle()
  }
  byTestId(`export-${item}`)!.click()
  await settle()
}

/** The menu is shown (a closed one is gone or hidden). */
function isOpen(): boolean {
  const menu = byTestId('export-menu')
  return !!menu && (menu.closest('.el-popper') as HTMLElement | null)?.style.display !== 'none'
}

function confirmBox(): HTMLElement | null {
  return document.querySelector<HTMLElement>('.el-message-box')
}

describe('ExportButton', () => {
  it('exports the list as filtered to .xlsx, numbers masked, and says where the file is', async () => {
    const backend = installBackend({ export_save: () => FILE })
    await mountButton()

    await pick('xlsx')
    expect(confirmBox()).toBeNull()
    expect(backend.argsOf('export_save')).toEqual([
      { kind: 'graduates', filter: FILTER, wholeIds: false, csv: false, operator: null },
    ])
    expect(document.body.textContent).toContain('已导出 1,532 行')
    expect(allByTestId('saved-file-name').map((e) => e.textContent)).toEqual(['校企通-毕业生-2025-06-01.xlsx'])
    expect(byTestId('saved-file-reveal')!.textContent?.trim()).toBe('打开所在文件夹')
  })

  it('exports CSV in the name of the remembered operator', async () => {
    localStorage.setItem('xiaoqi.operator', '王老师')
    const backend = installBackend({ export_save: () => ({ ...FILE, name: 'x.csv' }) })
    await mountButton()

    await pick('csv')
    expect(backend.argsOf('export_save')).toEqual([
      { kind: 'graduates', filter: FILTER, wholeIds: false, csv: true, operator: '王老师' },
    ])
  })

  it('writes whole ID numbers and phones only after the person confirms, for that export only', async () => {
    const backend = installBackend({ export_save: () => FILE })
    await mountButton()

    await pick('whole')
    // The menu stays open with the choice ticked: the format comes next.
    expect(byTestId('export-whole')!.getAttribute('aria-checked')).toBe('true')
    expect(byTestId('export-whole')!.textContent).toContain('包含完整身份证号和手机号')
    await pick('xlsx')
    expect(confirmBox()!.textContent).toContain('完整的身份证号和手机号')
    expect(confirmBox()!.textContent).toContain('导出日志')
    expect(backend.argsOf('export_save')).toEqual([])

    confirmBox()!.querySelector<HTMLElement>('.el-message-box__btns .el-button--primary')!.click()
    await settle()
    expect(backend.argsOf('export_save')).toEqual([
      { kind: 'graduates', filter: FILTER, wholeIds: true, csv: false, operator: null },
    ])

    // The next export is masked again.
    await pick('csv')
    expect(backend.argsOf('export_save')[1]).toMatchObject({ wholeIds: false, csv: true })
  })

  it('asks before writing research institutions\' contact phones whole', async () => {
    const backend = installBackend({ export_save: () => FILE })
    await mountButton('institutions', { search: null })
    await pick('whole')
    await pick('xlsx')
    expect(confirmBox()!.textContent).toContain('联系人的完整电话')
    confirmBox()!.querySelector<HTMLElement>('.el-message-box__btns .el-button--primary')!.click()
    await settle()
    expect(backend.argsOf('export_save')).toEqual([
      { kind: 'institutions', filter: { search: null }, wholeIds: true, csv: false, operator: null },
    ])
  })

  it('exports nothing when the confirmation is cancelled', async () => {
    const backend = installBackend({ export_save: () => FILE })
    await mountButton()

    await pick('whole')
    await pick('csv')
    confirmBox()!.querySelector<HTMLElement>('.el-message-box__btns .el-button:not(.el-button--primary)')!.click()
    await settle()
    expect(backend.argsOf('export_save')).toEqual([])
  })

  it('offers no whole numbers where the list has none, and shows a note about what is exported', async () => {
    const backend = installBackend({ export_save: () => FILE })
    await mountButton('placements', { cohort: 2025, class_name: null, unverified: true }, '导出的是 2025 届所有班级的毕业去向')

    byTestId('export')!.click()
    await settle()
    expect(byTestId('export-whole')).toBeNull()
    expect(byTestId('export-menu')!.textContent).toContain('导出的是 2025 届所有班级的毕业去向')
    await pick('xlsx')
    expect(backend.argsOf('export_save')).toEqual([
      { kind: 'placements', filter: { cohort: 2025, class_name: null, unverified: true }, wholeIds: false, csv: false, operator: null },
    ])
  })

  it('says why an export failed', async () => {
    installBackend({
      export_save: () => {
        throw { code: 'error.file', message: '无法写入文件 /home/teacher/下载/x.xlsx：权限不够', fields: [] }
      },
    })
    await mountButton()
    await pick('xlsx')
    expect(document.querySelector('.el-message--error')!.textContent).toContain(
      '导出失败：文件无法读取或写入: 无法写入文件 /home/teacher/下载/x.xlsx：权限不够',
    )
    expect(byTestId('saved-file')).toBeNull()
  })
})
