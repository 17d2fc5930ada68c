// A chart's exported picture: the chart as ECharts draws it, with its title written above it, so
// that the file makes sense on its own (in a report, in a chat).

/** Title band height in CSS pixels (the image is drawn at `pixelRatio`). */
const TITLE_HEIGHT = 44

function loadImage(url: string, timeoutMs: number): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image()
    const timer = setTimeout(() => reject(new Error('image did not load')), timeoutMs)
    image.onload = () => {
      clearTimeout(timer)
      resolve(image)
    }
    image.onerror = () => {
      clearTimeout(timer)
      reject(new Error('image did not load'))
    }
    image.src = url
  })
}

/**
 * The PNG data URL `chartUrl` (drawn at `pixelRatio`, white background) with `title` above it.
 * Where the page cannot draw (no 2D canvas), the chart alone.
 */
export async function withTitle(chartUrl: string, title: string, pixelRatio = 2): Promise<string> {
  try {
    const chart = await loadImage(chartUrl, 5000)
    const canvas = document.createElement('canvas')
    const band = TITLE_HEIGHT * pixelRatio
    canvas.width = chart.width
    canvas.height = chart.height + band
    const ctx = canvas.getContext('2d')
    if (!ctx) return chartUrl
    ctx.fillStyle = '#ffffff'
    ctx.fillRect(0, 0, canvas.width, canvas.height)
    ctx.fillStyle = '#303133'
    ctx.font = `600 ${16 * pixelRatio}px 'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', sans-serif`
    ctx.textBaseline = 'middle'
    ctx.fillText(title, 16 * pixelRatio, band / 2, canvas.width - 32 * pixelRatio)
    ctx.drawImage(chart, 0, band)
    return canvas.toDataURL('image/png')
  } catch {
    return chartUrl
  }
}
