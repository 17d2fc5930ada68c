import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage, type FormInstance } from 'element-plus'
import { toAppError } from '@/api/result'
import { errorSummary, fieldErrorText } from '@/locales'
import { focusFirstError, isSubmitEnter, useServerErrors } from '@/utils/serverErrors'

export interface ServerFormOptions<M extends object, R> {
  /** Maps a backend field name to the form field that shows its error (see useServerErrors). */
  aliases?: Record<string, keyof M>
  /** True while the form must not submit (e.g. still loading the record). */
  busy?: () => boolean
  /** Sends the form to the backend. */
  save: () => Promise<R>
  /** Runs after a successful save: the success message, the event, closing the dialog. */
  onSaved: (result: R) => void
}

/**
 * The submit flow shared by the dialog forms: validate → save → onSaved, or on failure keep
 * everything typed, show each backend field error under its field and focus the first one.
 * Bind `formRef` as the el-form's ref and `onKeydown` to its keydown (Enter submits).
 */
export function useServerForm<M extends object, R>(model: M, options: ServerFormOptions<M, R>) {
  const { t } = useI18n()
  const server = useServerErrors(model, options.aliases)
  const formRef = ref<FormInstance>()
  const saving = ref(false)

  /** Clears the backend's errors and the form's validation (call after filling the form). */
  function clearErrors(): void {
    server.clear()
    formRef.value?.clearValidate()
  }

  async function submit(): Promise<void> {
    if (saving.value || options.busy?.()) return
    server.clear()
    const valid = await formRef.value?.validate().catch(() => false)
    if (valid === false) {
      await focusFirstError(formRef.value?.$el)
      return
    }
    saving.value = true
    try {
      options.onSaved(await options.save())
    } catch (e) {
      // Keep everything typed; show each problem under its field and focus the first one.
      const error = toAppError(e)
      const unmatched = server.show(error)
      if (unmatched.length < error.fields.length) await focusFirstError(formRef.value?.$el)
      const message = error.fields.length === 0 ? errorSummary(error) : unmatched.map(fieldErrorText).join(t('common.separator'))
      ElMessage.error(message ? t('common.saveFailed', { reason: message }) : t('common.fixErrors'))
    } finally {
      saving.value = false
    }
  }

  function onKeydown(event: KeyboardEvent): void {
    if (!isSubmitEnter(event)) return
    event.preventDefault()
    void submit()
  }

  return { server, formRef, saving, clearErrors, submit, onKeydown }
}
