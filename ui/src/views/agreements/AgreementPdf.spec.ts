import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Agreement, BatchReport, FieldError, PdfPreview } from '@/api/types'
import { i18n } from '@/locales'
import { useAppStore } from '@/store/app'
import { appError, installBackend, type Handler } from '@/test/backend'
import { DRAFT, INSTITUTION, RESEARCH_ACTIVE, SIGNED } from '@/test/fixtures/agreements'
import { fakePdf, pdfCalls, resetPdfFake } from '@/test/pdfjsFake'
import { allByTestId, byTestId, mountWithApp, settle, waitFor } from '@/test/mount'
import { sendOnChannel } from '@/components/files/specHelpers'
import { click, texts, type } from './specHelpers'
import AgreementEditor from './AgreementEditor.vue'
import AgreementsView from './AgreementsView.vue'

// jsdom cannot run pdf.js: its module boundary is faked (see test/pdfjsFake.ts); the real one
// draws the pages in the end-to-end test.
vi.mock('@/components/documents/pdfjs', () => import('@/test/pdfjsFake'))

const ACTIVE_SIGNED: Agreement = { ...SIGNED, id: 'a4', number: 'G4419-2025-005', days_left: 400 }
const LIST = [RESEARCH_ACTIVE, DRAFT, ACTIVE_SIGNED]

const PREVIEW: PdfPreview = {
  pdf_base64: fakePdf(2, 'agreement'),
  pages: 2,
  file_name: `${DRAFT.number} ${DRAFT.title}.pdf`,
  fingerprint: '6630-FD66-36D3',
  missing: [],
}

function missing(party: 'college' | 'partner', field: string, name: string, what: string): FieldError {
  const role = party === 'college' ? '甲方' : '乙方'
  return {
    field: `${party}.${field}`,
    code: `${party}.${field}.missing`,
    message: `${role}（${name}）缺少${what}`,
    params: { party: role, name },
  }
}

const COLLEGE = '东莞市技师学院'
/** What the backend answers for an agreement whose parties are incomplete. */
const REFUSED = appError([
  missing('college', 'credit_code', COLLEGE, '统一社会信用代码'),
  missing('college', 'address', COLLEGE, '地址'),
  missing('partner', 'address', DRAFT.partner, '地址'),
  missing('partner', 'phone', DRAFT.partner, '联系电话'),
])

function backend(overrides: Record<string, Handler> = {}) {
  return installBackend({
    agreements_list: () => LIST,
    agreement_get: ({ id }) => LIST.find((a) => a.id === id),
    agreement_pdf_preview: () => PREVIEW,
    agreement_pdf_save: ({ choose }) => ({ path: `/home/teacher/下载/${PREVIEW.file_name}`, name: PREVIEW.file_name, rows: 0, choose }),
    institution_get: () => INSTITUTION,
    institution_update: ({ id, input }) => ({ ...INSTITUTION, ...input, id }),
    code_lists: () => [],
    reveal_file: () => null,
    ...overrides,
  })
}

/** Clicks the row action "PDF" of the agreement with this number. */
async function pdfOfRow(number: string): Promise<void> {
  const row = allByTestId('agreement-row').find((r) => r.textContent!.includes(number))!
  row.querySelector<HTMLElement>('[data-testid="agreement-pdf"]')!.click()
  await settle()
}

describe('agreement PDFs', { timeout: 30_000 }, () => {
  beforeEach(resetPdfFake)

  it('previews an agreement from its row, then saves it to Downloads and where the person chooses', async () => {
    const api = backend()
    const { router } = await mountWithApp(AgreementsView, {}, '/agreements')
    await pdfOfRow(DRAFT.number)

    expect(api.argsOf('agreement_pdf_preview')).toEqual([{ id: DRAFT.id }])
    await waitFor(() => allByTestId('pdf-page').length === 2 && pdfCalls.rendered.length === 2)
    expect(byTestId('agreement-pdf-dialog')!.querySelector('.el-dialog__title')!.textContent).toBe(
      `协议 PDF：${DRAFT.number} ${DRAFT.title}`,
    )
    expect(byTestId('pdf-fingerprint')!.textContent!.trim()).toBe('核验指纹 6630-FD66-36D3')
    // The row's click opens the editor; the action does not.
    expect(router.currentRoute.value.path).toBe('/agreements')

    click('pdf-save')
    await settle()
    click('pdf-save-as')
    await settle()
    expect(api.argsOf('agreement_pdf_save')).toEqual([
      { id: DRAFT.id, choose: false },
      { id: DRAFT.id, choose: true },
    ])
    expect(byTestId('saved-file-name')!.textContent).toBe(PREVIEW.file_name)
  })

  it('lists what is missing, by party, instead of a half-filled PDF, and opens the college profile to fill it in', async () => {
    let refuse = true
    const api = backend({
      agreement_pdf_preview: () => {
        if (refuse) throw REFUSED
        return PREVIEW
      },
      college_update: ({ input }) => {
        refuse = false
        return { ...useAppStore().info!.college, ...input }
      },
    })
    await mountWithApp(AgreementsView, {}, '/agreements')
    await useAppStore().loadInfo()
    await pdfOfRow(DRAFT.number)

    expect(allByTestId('pdf-page')).toHaveLength(0)
    expect(byTestId('pdf-refused')!.textContent).toContain('这份协议还不能生成 PDF')
    expect(texts('pdf-refused-item')).toEqual([
      '甲方（东莞市技师学院）缺少统一社会信用代码',
      '甲方（东莞市技师学院）缺少地址',
      '乙方（东莞市智造机器人有限公司）缺少地址',
      '乙方（东莞市智造机器人有限公司）缺少联系电话',
    ])
    expect(byTestId('pdf-refused-college')!.querySelector('h4')!.textContent).toBe('甲方（学校）')
    expect(byTestId('pdf-refused-partner')!.querySelector('h4')!.textContent).toBe(`乙方（${DRAFT.partner}）`)
    expect(byTestId('pdf-fix-college')!.textContent!.trim()).toBe('填写学校信息')
    expect(byTestId('pdf-fix-partner')!.textContent!.trim()).toBe('打开用人单位页面')
    expect(byTestId<HTMLButtonElement>('pdf-save')!.disabled).toBe(true)
    expect(byTestId<HTMLButtonElement>('pdf-print')!.disabled).toBe(true)

    // The college profile, over the preview; once saved, the preview is made again.
    click('pdf-fix-college')
    await settle()
    expect(byTestId('college-form')).not.toBeNull()
    type('college-credit-code', '12441900MB2C517308')
    type('college-address', '广东省东莞市松山湖大学路 1 号')
    await settle()
    click('college-save')
    await waitFor(() => api.argsOf('college_update').length === 1)
    await waitFor(() => allByTestId('pdf-page').length === 2)
    expect(api.argsOf('agreement_pdf_preview')).toHaveLength(2)
    expect(api.argsOf('college_update')[0].input).toMatchObject({
      credit_code: '12441900MB2C517308',
      address: '广东省东莞市松山湖大学路 1 号',
    })
  })

  it('says what is missing in English too', async () => {
    backend({
      agreement_pdf_preview: () => {
        throw appError([...REFUSED.fields, { field: 'clauses', code: 'clauses.missing', message: '协议没有条款', params: {} }])
      },
    })
    i18n.global.locale.value = 'en-US'
    await mountWithApp(AgreementsView, {}, '/agreements')
    await pdfOfRow(DRAFT.number)
    expect(texts('pdf-refused-item')).toEqual([
      'Party A (东莞市技师学院) has no unified social credit code',
      'Party A (东莞市技师学院) has no address',
      `Party B (${DRAFT.partner}) has no address`,
      `Party B (${DRAFT.partner}) has no contact phone number`,
      'The agreement has no clauses yet',
    ])
    expect(byTestId('pdf-refused')!.textContent).toContain('cannot be made into a PDF yet')
    expect(byTestId('pdf-fix-college')!.textContent!.trim()).toBe("Fill in the college's details")
    expect(byTestId('pdf-fix-partner')!.textContent!.trim()).toBe("Open the employer's page")
    expect(byTestId('pdf-fix-clauses')!.textContent!.trim()).toBe('Edit the clauses')
    expect(document.body.textContent).not.toContain('缺少')
  })

  it("takes the person to the employer's page to complete the partner", async () => {
    backend({
      agreement_pdf_preview: () => {
        throw REFUSED
      },
    })
    const { router } = await mountWithApp(AgreementsView, {}, '/agreements')
    await pdfOfRow(DRAFT.number)
    click('pdf-fix-partner')
    await waitFor(() => router.currentRoute.value.path === '/employers/e1')
  })

  it("opens a research institution's form to complete it, then makes the preview again", async () => {
    let refuse = true
    const api = backend({
      agreement_pdf_preview: () => {
        if (refuse) throw appError([missing('partner', 'phone', RESEARCH_ACTIVE.partner, '联系电话')])
        return PREVIEW
      },
      institution_update: ({ id, input }) => {
        refuse = false
        return { ...INSTITUTION, ...input, id }
      },
    })
    await mountWithApp(AgreementsView, {}, '/agreements')
    await pdfOfRow(RESEARCH_ACTIVE.number)
    expect(byTestId('pdf-fix-partner')!.textContent!.trim()).toBe('填写科研机构信息')
    click('pdf-fix-partner')
    await waitFor(() => api.argsOf('institution_get').length > 0)
    await settle()
    expect(byTestId('institution-form')).not.toBeNull()
    click('institution-save')
    await waitFor(() => api.argsOf('institution_update').length === 1)
    expect(api.argsOf('institution_update')[0].id).toBe('i1')
    await waitFor(() => allByTestId('pdf-page').length === 2)
    expect(api.argsOf('agreement_pdf_preview')).toEqual([{ id: RESEARCH_ACTIVE.id }, { id: RESEARCH_ACTIVE.id }])
  })

  it('previews from the editor, saying that unsaved edits are not in the PDF', async () => {
    const api = backend()
    await mountWithApp(AgreementEditor, { props: { id: DRAFT.id } }, `/agreements/${DRAFT.id}`)
    await settle()
    click('agreement-pdf')
    await waitFor(() => allByTestId('pdf-page').length === 2)
    expect(api.argsOf('agreement_pdf_preview')).toEqual([{ id: DRAFT.id }])
    expect(byTestId('pdf-note')).toBeNull()
    click('pdf-close')
    await settle()

    type('agreement-title', '改过的标题')
    await settle()
    click('agreement-pdf')
    await waitFor(() => byTestId('pdf-note') !== null)
    expect(byTestId('pdf-note')!.textContent).toContain('未保存的修改')
  })

  it('exports every agreement in force with progress, then says what was written and what was skipped', async () => {
    let finish: (r: BatchReport) => void = () => {}
    const folder = '/home/teacher/下载/校企通-在约协议-2025-06-01'
    const api = backend({
      agreements_pdf_export: ({ onProgress }) => {
        sendOnChannel(onProgress, [
          { done: 0, total: 3, number: 'G4419-2025-004' },
          { done: 1, total: 3, number: 'G4419-2025-005' },
        ])
        return new Promise<BatchReport>((resolve) => (finish = resolve))
      },
    })
    await mountWithApp(AgreementsView, {}, '/agreements')
    expect(byTestId('agreement-pdf-export')!.textContent!.trim()).toBe('导出全部在约协议 PDF')
    click('agreement-pdf-export')
    await waitFor(() => api.argsOf('agreements_pdf_export').length === 1)
    await settle()

    // While it runs: which agreement is being written, and no way to close.
    expect(byTestId('batch-progress-text')!.textContent!.trim()).toBe('正在生成第 2 / 3 份：G4419-2025-005')
    expect(byTestId('batch-progress-bar')!.getAttribute('aria-valuenow')).toBe('33')
    expect(byTestId<HTMLButtonElement>('batch-close')!.disabled).toBe(true)

    finish({
      folder,
      saved: [
        { path: `${folder}/G4419-2025-004 北京大学化学学院技研合作协议.pdf`, name: 'G4419-2025-004 北京大学化学学院技研合作协议.pdf', rows: 0 },
        { path: `${folder}/G4419-2025-005 东莞市智造机器人有限公司校企合作协议.pdf`, name: 'G4419-2025-005 东莞市智造机器人有限公司校企合作协议.pdf', rows: 0 },
      ],
      skipped: [{ number: 'G4419-2025-009', partner: '东莞市某某电子有限公司', fields: [missing('partner', 'address', '东莞市某某电子有限公司', '地址'), missing('partner', 'phone', '东莞市某某电子有限公司', '联系电话')] }],
      missing: [{ char: '𠀀', codepoint: 'U+20000', context: '联系人张𠀀' }],
    })
    await settle()
    expect(byTestId('batch-progress')).toBeNull()
    expect(byTestId('batch-count')!.textContent!.trim()).toBe('已写入 2 份协议 PDF')
    expect(byTestId('batch-folder')!.textContent!.trim()).toBe(`文件夹：${folder}`)
    expect(texts('batch-saved-file')).toHaveLength(2)
    expect(byTestId('batch-skipped-title')!.textContent!.trim()).toBe('以下 1 份协议缺少信息，没有导出：')
    expect(texts('batch-skipped-number')).toEqual(['G4419-2025-009'])
    expect(texts('batch-skipped-reason')).toEqual([
      '乙方（东莞市某某电子有限公司）缺少地址；乙方（东莞市某某电子有限公司）缺少联系电话',
    ])
    expect(byTestId('batch-missing')!.textContent).toContain('以下字符字体中没有，PDF 中以红框标出：')
    expect(byTestId('batch-missing-char')!.textContent).toContain('𠀀')

    // Showing a file shows the folder (only files in Downloads can be shown).
    click('batch-reveal')
    await settle()
    expect(api.argsOf('reveal_file')).toEqual([{ path: `${folder}/G4419-2025-004 北京大学化学学院技研合作协议.pdf` }])
    expect(byTestId<HTMLButtonElement>('batch-close')!.disabled).toBe(false)
  })

  it('says so when no agreement is in force, and when the export fails', async () => {
    let fail = false
    backend({
      agreements_pdf_export: () => {
        if (fail) throw appError([], 'error.disk_full')
        return { folder: '/home/teacher/下载/校企通-在约协议-2025-06-01', saved: [], skipped: [], missing: [] }
      },
    })
    await mountWithApp(AgreementsView, {}, '/agreements')
    click('agreement-pdf-export')
    await waitFor(() => byTestId('batch-summary') !== null)
    expect(byTestId('batch-summary')!.textContent).toContain('目前没有在约协议')
    expect(byTestId('batch-reveal')).toBeNull()

    click('batch-close')
    await settle()
    fail = true
    click('agreement-pdf-export')
    await waitFor(() => byTestId('batch-error') !== null)
    expect(byTestId('batch-error')!.textContent).toContain('导出失败：磁盘空间不足')
  })

  it('speaks English while exporting', async () => {
    i18n.global.locale.value = 'en-US'
    const folder = '/home/teacher/Downloads/x'
    backend({
      agreements_pdf_export: () => ({
        folder,
        saved: [{ path: `${folder}/a.pdf`, name: 'a.pdf', rows: 0 }],
        skipped: [{ number: 'G4419-2025-009', partner: 'P', fields: [missing('partner', 'address', 'P', '地址')] }],
        missing: [],
      }),
    })
    await mountWithApp(AgreementsView, {}, '/agreements')
    expect(byTestId('agreement-pdf-export')!.textContent!.trim()).toBe('Export all agreements in force as PDF')
    click('agreement-pdf-export')
    await waitFor(() => byTestId('batch-count') !== null)
    expect(byTestId('batch-count')!.textContent!.trim()).toBe('1 agreement PDF written')
    expect(byTestId('batch-skipped-title')!.textContent!.trim()).toBe('This agreement lacks details and was not exported:')
    expect(texts('batch-skipped-reason')).toEqual(['Party B (P) has no address'])
  })
})
