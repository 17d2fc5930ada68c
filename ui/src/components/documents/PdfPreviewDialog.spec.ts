import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { PdfPreview, SavedFile } from '@/api/types'
import { i18n } from '@/locales'
import { installBackend } from '@/test/backend'
import { fakePdf, pdfBehaviour, pdfCalls, resetPdfFake } from '@/test/pdfjsFake'
import { allByTestId, byTestId, mountWithApp, settle, waitFor } from '@/test/mount'
import PdfPreviewDialog from './PdfPreviewDialog.vue'

// jsdom cannot run pdf.js (no canvas, no module worker): the module boundary (./pdfjs: open a
// PDF, draw a page, make a page's print image) is replaced by a fake that records the calls.
// The real pdf.js draws the pages in the end-to-end test (tests/tests/documents.rs).
vi.mock('./pdfjs', () => import('@/test/pdfjsFake'))

const PREVIEW: PdfPreview = {
  pdf_base64: fakePdf(3, 'agreement'),
  pages: 3,
  file_name: 'G4419-2025-003 东莞市智造机器人有限公司校企合作协议.pdf',
  fingerprint: '6630-FD66-36D3',
  missing: [{ char: '𠀀', codepoint: 'U+20000', context: '联系人张𠀀' }],
}

const FILE: SavedFile = {
  path: '/home/teacher/下载/G4419-2025-003 东莞市智造机器人有限公司校企合作协议.pdf',
  name: 'G4419-2025-003 东莞市智造机器人有限公司校企合作协议.pdf',
  rows: 0,
}

const text = (id: string) => byTestId(id)?.textContent?.replace(/\s+/g, ' ').trim() ?? ''

async function mountDialog(props: Partial<{ load: () => Promise<PdfPreview>; save: (choose: boolean) => Promise<SavedFile | null>; note: string | null }> = {}) {
  const load = vi.fn(props.load ?? (async () => PREVIEW))
  const save = vi.fn(props.save ?? (async () => FILE))
  const { wrapper } = await mountWithApp(PdfPreviewDialog, {
    props: { modelValue: true, title: '协议 PDF：G4419-2025-003', load, save, note: props.note ?? null },
  })
  await settle()
  return { wrapper, load, save }
}

describe('PdfPreviewDialog', { timeout: 20_000 }, () => {
  beforeEach(() => {
    resetPdfFake()
    installBackend()
  })
  afterEach(() => vi.unstubAllGlobals())

  it('says it is making the PDF, then draws every page on its canvas', async () => {
    let finish: (p: PdfPreview) => void = () => {}
    await mountDialog({ load: () => new Promise((resolve) => (finish = resolve)) })
    expect(byTestId('pdf-loading')).not.toBeNull()
    expect(allByTestId('pdf-page')).toHaveLength(0)
    // Nothing to save or print before there is a document.
    expect(byTestId<HTMLButtonElement>('pdf-save')!.disabled).toBe(true)
    expect(byTestId<HTMLButtonElement>('pdf-print')!.disabled).toBe(true)

    finish(PREVIEW)
    await waitFor(() => allByTestId('pdf-page').length === 3 && pdfCalls.rendered.length === 3)
    expect(byTestId('pdf-loading')).toBeNull()
    expect(pdfCalls.opened).toEqual(['%PDF-fake agreement pages=3'])
    expect(pdfCalls.rendered.map((r) => r.page)).toEqual([1, 2, 3])
    expect(allByTestId('pdf-page').every((c) => c.tagName === 'CANVAS' && c.getAttribute('data-drawn') === 'true')).toBe(true)
    expect(text('pdf-page-count')).toBe('共 3 页')
    expect(text('pdf-fingerprint')).toBe('核验指纹 6630-FD66-36D3')
    expect(text('pdf-missing')).toContain('以下字符字体中没有，PDF 中以红框标出：')
    expect(text('pdf-missing-char')).toContain('𠀀 U+20000')
    expect(text('pdf-missing-char')).toContain('见“联系人张𠀀”')
    expect(byTestId<HTMLButtonElement>('pdf-save')!.disabled).toBe(false)
    expect(byTestId<HTMLButtonElement>('pdf-print')!.disabled).toBe(false)
  })

  it('shows no fingerprint for a report and no warning when the font has every character', async () => {
    await mountDialog({ load: async () => ({ ...PREVIEW, fingerprint: '', missing: [] }) })
    await waitFor(() => pdfCalls.rendered.length === 3)
    expect(byTestId('pdf-fingerprint')).toBeNull()
    expect(byTestId('pdf-missing')).toBeNull()
  })

  it('saves to Downloads, then says where, with the button that shows the folder', async () => {
    const { save } = await mountDialog()
    await waitFor(() => pdfCalls.rendered.length === 3)
    byTestId('pdf-save')!.click()
    await settle()
    expect(save.mock.calls).toEqual([[false]])
    expect(text('saved-file-name')).toBe(FILE.name)
    expect(document.body.textContent).toContain('PDF 已保存')
    expect(document.body.textContent).toContain('保存在：/home/teacher/下载')
    expect(byTestId('saved-file-reveal')).not.toBeNull()
  })

  it('saves where the person chooses, and says nothing when they cancel the save dialog', async () => {
    let answer: SavedFile | null = null
    const { save } = await mountDialog({ save: async () => answer })
    await waitFor(() => pdfCalls.rendered.length === 3)
    byTestId('pdf-save-as')!.click()
    await settle()
    expect(save.mock.calls).toEqual([[true]])
    expect(byTestId('saved-file-name')).toBeNull()
    expect(document.querySelector('.el-message--error')).toBeNull()

    answer = { ...FILE, path: '/home/teacher/文档/协议.pdf', name: '协议.pdf' }
    byTestId('pdf-save-as')!.click()
    await settle()
    expect(save.mock.calls).toEqual([[true], [true]])
    expect(text('saved-file-name')).toBe('协议.pdf')
  })

  it('says why a save failed', async () => {
    await mountDialog({
      save: async () => {
        throw { code: 'error.disk_full', message: 'ENOSPC', fields: [] }
      },
    })
    await waitFor(() => pdfCalls.rendered.length === 3)
    byTestId('pdf-save')!.click()
    await settle()
    expect(document.querySelector('.el-message--error')!.textContent).toContain('无法保存 PDF：磁盘空间不足，未能保存')
  })

  it('prints every page as an image at print resolution, and only then opens the print dialog', async () => {
    const seen: { images: number; container: boolean; printing: boolean }[] = []
    const print = vi.fn(() => {
      seen.push({
        images: allByTestId('print-page').length,
        container: byTestId('print-pages') !== null,
        printing: document.body.classList.contains('pdf-printing'),
      })
    })
    vi.stubGlobal('print', print)
    await mountDialog()
    await waitFor(() => pdfCalls.rendered.length === 3)
    expect(byTestId('print-pages')).toBeNull()

    byTestId('pdf-print')!.click()
    await waitFor(() => print.mock.calls.length === 1)
    expect(seen).toEqual([{ images: 3, container: true, printing: true }])
    expect(pdfCalls.images).toEqual([1, 2, 3].map((page) => ({ page, dpi: 200 })))
    const images = allByTestId<HTMLImageElement>('print-page')
    expect(images.map((img) => img.getAttribute('data-page'))).toEqual(['1', '2', '3'])
    expect(images.every((img) => img.src.startsWith('blob:'))).toBe(true)
    // The print container is a child of <body>, the one thing the print styles leave visible.
    expect(byTestId('print-pages')!.parentElement).toBe(document.body)

    // Printing again reuses the images.
    await settle()
    byTestId('pdf-print')!.click()
    await waitFor(() => print.mock.calls.length === 2)
    expect(pdfCalls.images).toHaveLength(3)
  })

  it('says so when printing fails (macOS answers window.print through a command that can refuse)', async () => {
    vi.stubGlobal('print', () => Promise.reject(new Error('print not allowed')))
    await mountDialog()
    await waitFor(() => pdfCalls.rendered.length === 3)
    byTestId('pdf-print')!.click()
    await waitFor(() => document.querySelector('.el-message--error') !== null)
    expect(document.querySelector('.el-message--error')!.textContent).toContain('无法打印')
  })

  it('closes with Esc, letting go of the document and the print images', async () => {
    vi.stubGlobal('print', () => undefined)
    const { wrapper } = await mountDialog()
    await waitFor(() => pdfCalls.rendered.length === 3)
    byTestId('pdf-print')!.click()
    await waitFor(() => allByTestId('print-page').length === 3)
    await settle()

    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', bubbles: true }))
    await settle()
    expect(wrapper.emitted('update:modelValue')).toEqual([[false]])
    await wrapper.setProps({ modelValue: false })
    await settle()
    expect(pdfCalls.destroyed).toBe(1)
    expect(byTestId('print-pages')).toBeNull()
    expect(document.body.classList.contains('pdf-printing')).toBe(false)
  })

  it('has every button in the footer, in the order Tab reaches them', async () => {
    await mountDialog()
    await waitFor(() => pdfCalls.rendered.length === 3)
    const buttons = Array.from(document.querySelectorAll<HTMLButtonElement>('.el-dialog__footer button'))
    expect(buttons.map((b) => b.dataset.testid)).toEqual(['pdf-close', 'pdf-print', 'pdf-save-as', 'pdf-save'])
    expect(buttons.every((b) => b.tabIndex >= 0 && !b.disabled)).toBe(true)
    expect(buttons.map((b) => b.textContent!.trim())).toEqual(['关闭', '打印', '另存为…', '保存到“下载”'])
  })

  it('says why the document could not be made, and tries again', async () => {
    let fail = true
    const { load } = await mountDialog({
      load: async () => {
        if (fail) throw { code: 'error.not_found', message: 'no agreement', fields: [] }
        return PREVIEW
      },
    })
    expect(text('pdf-error')).toContain('无法生成 PDF')
    fail = false
    byTestId('pdf-retry')!.click()
    await waitFor(() => allByTestId('pdf-page').length === 3)
    expect(load).toHaveBeenCalledTimes(2)
  })

  it('still offers to save when pdf.js cannot draw the pages', async () => {
    pdfBehaviour.failOpen = 'Invalid PDF structure'
    await mountDialog()
    await waitFor(() => byTestId('pdf-draw-error') !== null)
    expect(text('pdf-draw-error')).toContain('Invalid PDF structure')
    expect(byTestId<HTMLButtonElement>('pdf-save')!.disabled).toBe(false)
    expect(byTestId<HTMLButtonElement>('pdf-print')!.disabled).toBe(true)
  })

  it('speaks English', async () => {
    i18n.global.locale.value = 'en-US'
    await mountDialog({ note: 'A note' })
    await waitFor(() => pdfCalls.rendered.length === 3)
    expect(text('pdf-page-count')).toBe('3 pages')
    expect(text('pdf-fingerprint')).toBe('Fingerprint 6630-FD66-36D3')
    expect(text('pdf-missing')).toContain('The font lacks these characters; the PDF marks them with red boxes:')
    const buttons = Array.from(document.querySelectorAll<HTMLButtonElement>('.el-dialog__footer button'))
    expect(buttons.map((b) => b.textContent!.trim())).toEqual(['Close', 'Print', 'Save as…', 'Save to Downloads'])
    expect(text('pdf-note')).toBe('A note')
  })
})
