import type { Component } from 'vue'
import type { Role, SyncRole } from '@/api/types'
import {
  Calendar,
  Collection,
  DataAnalysis,
  DataBoard,
  Document,
  Guide,
  HomeFilled,
  Notebook,
  OfficeBuilding,
  Setting,
  Switch,
  User,
  UserFilled,
} from '@element-plus/icons-vue'

export interface MenuEntry {
  /** Also the i18n key `menu.<key>` and the test id `nav-<key>`. */
  key: string
  icon: Component
  /** The page of a module that exists; modules still to come have none and cannot be opened. */
  path?: string
  /**
   * Who the module is for: a college's computer, the province's (the provincial token, which
   * has no records), or both when absent.
   */
  role?: SyncRole
  /** Who may open it: every role when absent. */
  users?: Role[]
}

const OFFICE: Role[] = ['admin', 'staff']
const ADMIN: Role[] = ['admin']

export const MENU: MenuEntry[] = [
  { key: 'province', icon: DataBoard, path: '/province', role: 'province' },
  { key: 'home', icon: HomeFilled, path: '/home', role: 'college', users: OFFICE },
  { key: 'graduates', icon: User, path: '/graduates', role: 'college' },
  { key: 'programs', icon: Collection, path: '/programs', role: 'college', users: OFFICE },
  { key: 'placements', icon: Guide, path: '/placements', role: 'college' },
  { key: 'employers', icon: OfficeBuilding, path: '/employers', role: 'college', users: OFFICE },
  { key: 'agreements', icon: Document, path: '/agreements', role: 'college', users: ADMIN },
  { key: 'fairs', icon: Calendar, path: '/fairs', role: 'college', users: OFFICE },
  { key: 'statistics', icon: DataAnalysis, path: '/statistics', role: 'college', users: OFFICE },
  { key: 'conflicts', icon: Switch, path: '/conflicts', role: 'college', users: OFFICE },
  { key: 'users', icon: UserFilled, path: '/users', users: ADMIN },
  { key: 'audit', icon: Notebook, path: '/audit', users: ADMIN },
  { key: 'settings', icon: Setting, path: '/settings' },
]

/**
 * The province's pages for the provincial token, a college's otherwise (also before the server
 * said), and of those what the signed-in person's role may open (all of them before anyone is).
 */
export function menuFor(role: SyncRole | null, user: Role | null = null): MenuEntry[] {
  const shown: SyncRole = role === 'province' ? 'province' : 'college'
  return MENU.filter(
    (entry) =>
      (entry.role === undefined || entry.role === shown) &&
      (user === null || entry.users === undefined || entry.users.includes(user)),
  )
}

/** The page a computer of `role` opens on. */
export function homeOf(role: SyncRole | null): string {
  return role === 'province' ? '/province' : '/graduates'
}

/** Whether `path` is a page of the modules shown to `role` and the person's role `user`. */
export function allowedFor(role: SyncRole | null, path: string, user: Role | null = null): boolean {
  return menuFor(role, user).some((entry) => entry.path && (path === entry.path || path.startsWith(`${entry.path}/`)))
}
