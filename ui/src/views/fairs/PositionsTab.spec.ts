import { describe, expect, it } from 'vitest'
import { appError, installBackend } from '@/test/backend'
import { FAIR_EMPLOYER, POSITION } from '@/test/fixtures/fairs'
import { allByTestId, byTestId, mountWithApp, settle, settleErrors } from '@/test/mount'
import { choose, confirmBox, errorUnder, inputOf, lastMessage, type } from './specHelpers'
import PositionsTab from './PositionsTab.vue'

async function mountTab() {
  const mounted = await mountWithApp(PositionsTab, { props: { fairId: 'f1', revision: 0 } })
  await settle()
  return mounted
}

describe('PositionsTab', { timeout: 60000 }, () => {
  it('lists the positions with headcount, programs wanted and salary range', async () => {
    installBackend({
      fair_employers_list: () => [FAIR_EMPLOYER],
      positions_list: () => ({ total: 1, items: [POSITION, { ...POSITION, id: 'po2', programs: [], program_names: [], salary_min: null, salary_max: null }] }),
    })
    await mountTab()

    const rows = allByTestId('position-row').map((row) => Array.from(row.querySelectorAll('td')).map((td) => td.textContent?.trim()))
    expect(rows[0].slice(0, 7)).toEqual([FAIR_EMPLOYER.employer, '工业机器人运维员', '20', '工业机器人应用与维护', '6,000–8,000 元', '东莞', '2'])
    expect(rows[1][3]).toBe('不限')
  })

  it('adds a position: the employer from the fair, the programs wanted, and the salary range', async () => {
    const backend = installBackend({
      fair_employers_list: () => [FAIR_EMPLOYER],
      position_create: ({ input }) => ({ ...POSITION, ...input, id: 'po-new' }),
    })
    const { wrapper } = await mountTab()

    byTestId('position-new')!.click()
    await settle()
    // The fair's employers are offered before any search.
    await choose('position-employer', FAIR_EMPLOYER.employer)
    await type('position-title', ' 数控车工 ')
    await type('position-headcount', '5')
    await choose('position-programs', '数控加工')
    await type('position-salary-min', '5000')
    await type('position-salary-max', '7000')
    await type('position-city', '东莞')
    byTestId('position-save')!.click()
    await settleErrors()

    expect(backend.argsOf('position_create')).toEqual([
      {
        input: {
          fair_id: 'f1',
          employer_id: 'e1',
          employer: null,
          title: '数控车工',
          headcount: 5,
          programs: ['p2'],
          salary_min: 5000,
          salary_max: 7000,
          city: '东莞',
          notes: '',
        },
      },
    ])
    expect(lastMessage('success')).toBe('已保存岗位「数控车工」')
    expect(wrapper.emitted('changed')).toHaveLength(1)
    expect(byTestId('position-form')).toBeNull()
  })

  it('edits a position without moving it to another fair, and shows a salary refusal under its field', async () => {
    const backend = installBackend({
      fair_employers_list: () => [FAIR_EMPLOYER],
      positions_list: () => ({ total: 1, items: [POSITION] }),
      position_update: () => {
        throw appError([
          { field: 'salary_max', code: 'salary_max.below_min', message: '上限低于下限', params: { min: '6000', max: '800' } },
        ])
      },
    })
    await mountTab()

    byTestId('position-edit')!.click()
    await settle()
    expect(inputOf('position-title').value).toBe(POSITION.title)
    await type('position-salary-max', '800')
    byTestId('position-save')!.click()
    await settleErrors()

    expect(backend.argsOf('position_update')[0]).toMatchObject({
      id: 'po1',
      input: { fair_id: null, employer_id: 'e1', programs: ['p1'], salary_min: 6000, salary_max: 800 },
    })
    expect(errorUnder('salary_max')).toBe('月薪上限 800 低于下限 6000')
    expect(byTestId('position-form')).not.toBeNull()
  })

  it('says why a position that has received resumes cannot be deleted', async () => {
    const backend = installBackend({
      positions_list: () => ({ total: 1, items: [POSITION] }),
      position_delete: () => {
        throw appError([{ field: 'position', code: 'position.in_use', message: '已有简历', params: { count: '2' } }])
      },
    })
    await mountTab()

    byTestId('position-delete')!.click()
    await settle()
    expect(document.querySelector('.el-message-box__message')?.textContent).toContain(POSITION.title)
    await confirmBox()

    expect(backend.argsOf('position_delete')).toEqual([{ id: 'po1' }])
    expect(lastMessage('error')).toBe('删除失败：岗位已收到 2 份简历，不能删除')
  })
})
