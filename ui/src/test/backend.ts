import { mockIPC } from '@tauri-apps/api/mocks'
import type {
  AppError,
  AppInfo,
  College,
  CollegeInput,
  Graduate,
  GraduateRow,
  GraduateDetail,
  Program,
  SessionStatus,
  SyncSettings,
  User,
  SyncStatus,
} from '@/api/types'

/** What a command handler may answer; throwing an AppError makes the command fail like the real backend. */
export type Handler = (args: Record<string, any>) => unknown

export function appError(fields: AppError['fields'], code = 'error.invalid'): AppError {
  return { code, message: '输入有误', fields }
}

export const PROGRAMS: Program[] = [
  {
    id: 'p1',
    name: '工业机器人应用与维护',
    code: '0307-4',
    level: '高级工',
    length_years: 3,
    department: '智能制造系',
    industries: ['C'],
    position_keywords: ['机器人'],
    graduates: 1204,
    created_at: '2025-01-02T08:00:00Z',
    updated_at: '2025-01-02T08:00:00Z',
  },
  {
    id: 'p2',
    name: '数控加工',
    code: null,
    level: '预备技师',
    length_years: 5,
    department: null,
    industries: [],
    position_keywords: [],
    graduates: 0,
    created_at: '2025-01-03T08:00:00Z',
    updated_at: '2025-01-03T08:00:00Z',
  },
]

export const FULL_ID = '11010519491231002X'
export const FULL_PHONE = '13812345678'

/** The graduate as the edit form gets them: ID number and phone left out, masked beside. */
export const GRADUATE: Graduate = {
  id: 'g1',
  name: '张三',
  gender: '男',
  student_number: '2021001',
  id_number: null,
  phone: null,
  program_id: 'p1',
  program: '工业机器人应用与维护',
  cohort: 2025,
  class_name: '机器人2101',
  homeroom_teacher: '李老师',
  skill_level: '高级工',
  notes: null,
  created_at: '2025-03-01T08:00:00Z',
  updated_at: '2025-05-07T08:00:00Z',
}

export const maskId = (id: string) => `${id.slice(0, 4)}**********${id.slice(-4)}`
export const maskPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`

/** The edit form's answer for a graduate whose stored numbers are `FULL_ID` and `FULL_PHONE`. */
export function detailOf(g: Graduate, id = FULL_ID, phone = FULL_PHONE): GraduateDetail {
  return { graduate: { ...g, id_number: null, phone: null }, id_number_masked: maskId(id), phone_masked: maskPhone(phone) }
}

/** The list row the backend makes of a graduate: ID number and phone masked. */
export function rowOf(g: Graduate, id = FULL_ID, phone = FULL_PHONE): GraduateRow {
  const { id_number: _id, phone: _phone, notes: _notes, created_at: _created, ...rest } = g
  return { ...rest, id_number_masked: maskId(id), phone_masked: maskPhone(phone) }
}

/** The administrator signed in (tests of other roles give their own `session_status`). */
export const ADMIN_USER: User = {
  id: 'u1',
  username: 'admin',
  display_name: '王主任',
  role: 'admin',
  classes: [],
  failed_logins: 0,
  locked_until: null,
  last_login_at: '2025-06-01T08:00:00Z',
  disabled: false,
  created_at: '2025-01-01T00:00:00Z',
}

export const SESSION_STATUS: SessionStatus = {
  has_users: true,
  user: ADMIN_USER,
  idle_minutes: 15,
  college_name: '东莞市技师学院',
}

export const APP_INFO: AppInfo = {
  version: '0.1.0',
  db_path: '/tmp/xiaoqi.sqlite',
  schema_version: 2,
  college: {
    id: 'c1',
    name: '东莞市技师学院',
    code: null,
    city: '东莞',
    min_wage: null,
    code_list: '2021',
    credit_code: null,
    address: null,
    contacts: [],
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
  },
  pending_changes: 1532,
}

/** The background sync of a database without a server: nothing sent, the app info's changes waiting. */
export const SYNC_STATUS: SyncStatus = {
  activity: 'unconfigured',
  server: null,
  has_token: false,
  role: null,
  pending: 1532,
  open_conflicts: 0,
  last_synced_at: null,
  progress: null,
  error: null,
  last_sync: null,
}

export const SYNC_SETTINGS: SyncSettings = {
  server: null,
  has_token: false,
  user: null,
  device_id: '0190b5a0-1111-7000-8000-0000000000d1',
}

/** What the real backend does with a college_update: absent (null) keeps a field, blank clears it. */
function updatedCollege(current: College, input: CollegeInput): College {
  const clean = (text: string) => text.trim() || null
  if (input.name != null) {
    const name = clean(input.name)
    if (!name) throw appError([{ field: 'name', code: 'name.required', message: '请填写学校名称', params: {} }])
    if ([...input.name].length > 100) {
      throw appError([{ field: 'name', code: 'name.too_long', message: '学校名称不能超过 100 个字', params: {} }])
    }
  }
  return {
    ...current,
    name: input.name != null ? clean(input.name)! : current.name,
    code: input.code != null ? clean(input.code) : current.code,
    city: input.city != null ? clean(input.city) : current.city,
    credit_code: input.credit_code != null ? clean(input.credit_code) : current.credit_code,
    address: input.address != null ? clean(input.address) : current.address,
    contacts: input.contacts
      ? input.contacts.map((c) => ({ name: c.name, role: c.role ?? null, phone: c.phone ?? null, email: c.email ?? null }))
      : current.contacts,
    updated_at: '2025-06-01T08:00:00Z',
  }
}

/**
 * A fake backend keyed by command name, with sensible answers for every command; `overrides`
 * replaces single commands. Records every call so tests can check what the UI asked for.
 */
export function installBackend(overrides: Record<string, Handler> = {}) {
  const calls: { cmd: string; args: Record<string, any> }[] = []
  // The college profile as the backend keeps it: college_update changes what app_info reads.
  let college: College = { ...APP_INFO.college }
  const handlers: Record<string, Handler> = {
    app_info: () => ({ ...APP_INFO, college }),
    app_ready: () => null,
    college_update: ({ input }) => {
      college = updatedCollege(college, input as CollegeInput)
      return college
    },
    programs_list: () => PROGRAMS,
    program_create: ({ input }) => ({ ...PROGRAMS[0], ...input, id: 'p-new', graduates: 0 }),
    program_update: ({ id, input }) => ({ ...PROGRAMS[0], ...input, id }),
    program_delete: () => null,
    graduates_list: () => ({ total: 1, items: [rowOf(GRADUATE)] }),
    graduate_get: () => detailOf(GRADUATE),
    graduate_create: ({ input }) => detailOf({ ...GRADUATE, ...input, id: 'g-new' }),
    graduate_update: ({ id, input }) => detailOf({ ...GRADUATE, ...input, id }),
    graduate_reveal: () => ({ id_number: FULL_ID, phone: FULL_PHONE }),
    session_status: () => SESSION_STATUS,
    session_touch: () => null,
    session_sign_out: () => null,
    graduate_delete: () => null,
    graduate_facets: () => ({ cohorts: [2025, 2024], classes: ['机器人2101'] }),
    // The graduation season: empty but valid answers; tests give their own data as overrides.
    reference_lists: () => ({
      employer_types: [{ code: '39', name: '其他企业' }, { code: '31', name: '国有企业' }],
      industries: [{ code: 'C', name: '制造业' }, { code: 'I', name: '信息传输、软件和信息技术服务业' }],
    }),
    attention: () => ({ cohort: 2025, cohort_graduates: 0, without_destination: 0, unverified: 0, expiring: [], upcoming_fairs: [] }),
    placements_list: () => ({ total: 0, items: [] }),
    class_view: ({ cohort, className }) => ({
      cohort, class_name: className, members: [], total: 0, recorded: 0, employed: 0, verified: 0,
    }),
    destination_codes: () => [],
    code_lists: () => [],
    employers_list: () => ({ total: 0, items: [] }),
    employer_duplicates: () => [],
    partner_ledger: () => ({ agreements: [], placements: [], positions: 0, headcount: 0, resumes: 0, signings: 0 }),
    institutions_list: () => ({ total: 0, items: [] }),
    agreements_list: () => [],
    agreement_template: () => [],
    fairs_list: () => [],
    fair_program_figures: () => [],
    fair_employers_list: () => [],
    positions_list: () => ({ total: 0, items: [] }),
    applications_list: () => ({ total: 0, items: [] }),
    sync_status: () => SYNC_STATUS,
    sync_now: () => {
      throw appError([], 'sync.not_configured')
    },
    sync_settings_get: () => SYNC_SETTINGS,
    sync_settings_save: ({ input }) => ({ ...SYNC_SETTINGS, server: input.server || null, user: input.user || null, has_token: Boolean(input.token) }),
    conflicts_list: () => [],
    conflict_resolve: () => null,
    // The province's figures: none read, and none to read without settings.
    province_figures_cached: () => null,
    province_figures: () => {
      throw appError([], 'sync.not_configured')
    },
    // Backups: an empty backups folder; nothing checked for restoring.
    backups_list: () => ({ folder: '/tmp/backups', backups: [], keep_daily: 7, keep_weekly: 4 }),
    restore_cancel: () => null,
    // Users, the audit log and retention: the administrator alone, an empty log, no period set.
    users_list: () => [ADMIN_USER],
    audit_list: () => ({ entries: [], total: 0 }),
    retention_get: () => null,
    ...overrides,
  }
  // Events (the background sync's status) go through the mock too: tests send them with `emit`.
  mockIPC(
    (cmd, args) => {
      calls.push({ cmd, args: (args ?? {}) as Record<string, any> })
      const handler = handlers[cmd]
      if (!handler) throw appError([], 'error.internal')
      return handler((args ?? {}) as Record<string, any>)
    },
    { shouldMockEvents: true },
  )
  return {
    calls,
    /** The arguments of each call of one command, in order. */
    argsOf: (cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args),
  }
}
