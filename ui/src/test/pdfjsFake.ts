// A stand-in for components/documents/pdfjs.ts in specs: jsdom has no canvas to draw on and
// cannot run pdf.js's worker, so the module boundary is replaced (vi.mock) by this fake. It
// "opens" the texts fakePdf() makes, draws nothing, and records what it was asked to do.
import type { PdfDocument } from '@/components/documents/pdfjs'

export const pdfCalls = {
  opened: [] as string[],
  rendered: [] as { page: number; width: number }[],
  images: [] as { page: number; dpi: number }[],
  destroyed: 0,
}

/** What the next openPdf does: fail with this message instead of opening. */
export const pdfBehaviour = { failOpen: null as string | null }

export function resetPdfFake(): void {
  pdfCalls.opened = []
  pdfCalls.rendered = []
  pdfCalls.images = []
  pdfCalls.destroyed = 0
  pdfBehaviour.failOpen = null
}

/** The base64 of a fake PDF of `pages` pages (what the fake backend puts in a PdfPreview). */
export function fakePdf(pages: number, label = 'doc'): string {
  return btoa(`%PDF-fake ${label} pages=${pages}`)
}

export function base64ToBytes(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
}

// jsdom implements neither object URLs nor image decoding.
if (typeof URL.createObjectURL !== 'function') {
  let next = 0
  URL.createObjectURL = () => `blob:fake/${++next}`
  URL.revokeObjectURL = () => undefined
}

export async function openPdf(bytes: Uint8Array): Promise<PdfDocument> {
  const text = new TextDecoder().decode(bytes)
  if (pdfBehaviour.failOpen) throw new Error(pdfBehaviour.failOpen)
  const match = /pages=(\d+)/.exec(text)
  if (!text.startsWith('%PDF') || !match) throw new Error('Invalid PDF structure')
  pdfCalls.opened.push(text)
  const pages = Number(match[1])
  return {
    pages,
    async render(n, canvas, cssWidth) {
      if (n < 1 || n > pages) throw new Error(`no page ${n}`)
      pdfCalls.rendered.push({ page: n, width: cssWidth })
      canvas.width = cssWidth
      canvas.height = Math.round((cssWidth * 297) / 210)
    },
    async image(n, dpi) {
      pdfCalls.images.push({ page: n, dpi })
      return new Blob([`page ${n} at ${dpi} dpi`], { type: 'image/png' })
    },
    async destroy() {
      pdfCalls.destroyed++
    },
  }
}
