// pdf.js, behind the few calls the preview needs. Its legacy build: the modern one uses features
// (static class blocks, newer built-ins) that the WKWebView of older macOS releases lacks; the
// legacy build brings its polyfills. Loaded on the first preview only, so neither the library nor
// its worker is in any page's bundle. Specs replace this module (jsdom has no canvas to draw on).
import workerUrl from 'pdfjs-dist/legacy/build/pdf.worker.min.mjs?url'

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs')

let library: Promise<PdfJs> | null = null

function pdfjs(): Promise<PdfJs> {
  library ??= import('pdfjs-dist/legacy/build/pdf.mjs').then(
    (lib) => {
      // The worker is a file of the app's own (CSP 'self'), loaded as a module worker.
      lib.GlobalWorkerOptions.workerSrc = workerUrl
      return lib
    },
    (e: unknown) => {
      library = null // a later preview tries again
      throw e
    },
  )
  return library
}

/** An opened PDF: its page count, and its pages drawn on a canvas or as print images. */
export interface PdfDocument {
  readonly pages: number
  /**
   * Draws page `n` (from 1) into `canvas`, `cssWidth` CSS pixels wide, sharp on the screen's
   * pixel ratio; the canvas keeps the page's proportions at any width.
   */
  render(n: number, canvas: HTMLCanvasElement, cssWidth: number): Promise<void>
  /** Page `n` as a PNG image at `dpi` dots per inch, for printing. */
  image(n: number, dpi: number): Promise<Blob>
  destroy(): Promise<void>
}

/** The bytes of a base64 text (what the commands send a PDF as). */
export function base64ToBytes(base64: string): Uint8Array {
  const text = atob(base64)
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i)
  return bytes
}

function toBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the page could not be turned into an image'))), 'image/png'),
  )
}

/** Opens a PDF with pdf.js (no code evaluated from the document: `isEvalSupported: false`). */
export async function openPdf(bytes: Uint8Array): Promise<PdfDocument> {
  const lib = await pdfjs()
  const task = lib.getDocument({ data: bytes, isEvalSupported: false, enableXfa: false })
  const doc = await task.promise
  return {
    pages: doc.numPages,
    async render(n, canvas, cssWidth) {
      const page = await doc.getPage(n)
      const unit = page.getViewport({ scale: 1 })
      const ratio = window.devicePixelRatio || 1
      const viewport = page.getViewport({ scale: (cssWidth / unit.width) * ratio })
      canvas.width = Math.floor(viewport.width)
      canvas.height = Math.floor(viewport.height)
      canvas.style.aspectRatio = `${unit.width} / ${unit.height}`
      await page.render({ canvas, viewport }).promise
    },
    async image(n, dpi) {
      const page = await doc.getPage(n)
      // PDF units are points, 72 to the inch.
      const viewport = page.getViewport({ scale: dpi / 72 })
      const canvas = document.createElement('canvas')
      canvas.width = Math.floor(viewport.width)
      canvas.height = Math.floor(viewport.height)
      try {
        await page.render({ canvas, viewport, intent: 'print' }).promise
        return await toBlob(canvas)
      } finally {
        // Let go of the large bitmap at once rather than when it is collected.
        canvas.width = 0
        canvas.height = 0
      }
    },
    async destroy() {
      await task.destroy()
    },
  }
}
