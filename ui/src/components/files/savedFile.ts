import { h } from 'vue'
import { ElButton, ElMessage, ElNotification } from 'element-plus'
import type { SavedFile } from '@/api/types'
import { revealFile } from '@/api/files'
import { toAppError } from '@/api/result'
import { errorSummary, i18n } from '@/locales'

/** How long the notice stays (ms): long enough to reach its button. */
const NOTICE_MS = 10000

/** The folder part of a saved file's path (the file manager opens it). */
export function folderOf(file: SavedFile): string {
  const cut = Math.max(file.path.lastIndexOf('/'), file.path.lastIndexOf('\\'))
  return cut > 0 ? file.path.slice(0, cut) : file.path
}

/** Opens the folder of a saved file in the file manager; says so when that fails. */
export async function revealSaved(file: SavedFile): Promise<void> {
  try {
    await revealFile(file.path)
  } catch (e) {
    ElMessage.error(i18n.global.t('files.saved.revealFailed', { reason: errorSummary(toAppError(e)) }))
  }
}

/**
 * Tells the person that the app wrote a file: its name, the folder it is in, and a button that
 * opens that folder. `title` says what was saved (default "文件已保存").
 */
export function notifySaved(file: SavedFile, title?: string): void {
  const { t } = i18n.global
  const message = h('div', { class: 'saved-file', 'data-testid': 'saved-file' }, [
    h('div', { class: 'saved-file-name', 'data-testid': 'saved-file-name', title: file.path }, file.name),
    h('div', { class: 'saved-file-folder' }, t('files.saved.folder', { folder: folderOf(file) })),
    h(
      ElButton,
      {
        link: true,
        type: 'primary',
        'data-testid': 'saved-file-reveal',
        onClick: () => void revealSaved(file),
      },
      () => t('files.saved.reveal'),
    ),
  ])
  ElNotification({
    type: 'success',
    title: title ?? t('files.saved.title'),
    message,
    duration: NOTICE_MS,
    position: 'bottom-right',
    customClass: 'saved-file-notice',
  })
}
