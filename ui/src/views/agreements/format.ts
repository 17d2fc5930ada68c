const pad = (n: number) => String(n).padStart(2, '0')

/** A timestamp from the backend as YYYY-MM-DD HH:mm in local time; an unparsable one is shown as is. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return ''
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return value
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}`
  )
}
