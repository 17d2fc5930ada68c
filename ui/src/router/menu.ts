import type { Component } from 'vue'
import type { SyncRole } from '@/api/types'
import {
  Calendar,
  Collection,
  DataAnalysis,
  DataBoard,
  Document,
  Guide,
  HomeFilled,
  OfficeBuilding,
  Setting,
  Switch,
  User,
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
}

export const MENU: MenuEntry[] = [
  { key: 'province', icon: DataBoard, path: '/province', role: 'province' },
  { key: 'home', icon: HomeFilled, path: '/home', role: 'college' },
  { key: 'graduates', icon: User, path: '/graduates', role: 'college' },
  { key: 'programs', icon: Collection, path: '/programs', role: 'college' },
  { key: 'placements', icon: Guide, path: '/placements', role: 'college' },
  { key: 'employers', icon: OfficeBuilding, path: '/employers', role: 'college' },
  { key: 'agreements', icon: Document, path: '/agreements', role: 'college' },
  { key: 'fairs', icon: Calendar, path: '/fairs', role: 'college' },
  { key: 'statistics', icon: DataAnalysis, path: '/statistics', role: 'college' },
  { key: 'conflicts', icon: Switch, path: '/conflicts', role: 'college' },
  { key: 'settings', icon: Setting, path: '/settings' },
]

/** The province's pages for the provincial token; a college's otherwise (also before the server said). */
export function menuFor(role: SyncRole | null): MenuEntry[] {
  const shown: SyncRole = role === 'province' ? 'province' : 'college'
  return MENU.filter((entry) => entry.role === undefined || entry.role === shown)
}

/** The page a computer of `role` opens on. */
export function homeOf(role: SyncRole | null): string {
  return role === 'province' ? '/province' : '/graduates'
}

/** Whether `path` is a page of the modules shown to `role`. */
export function allowedFor(role: SyncRole | null, path: string): boolean {
  return menuFor(role).some((entry) => entry.path && (path === entry.path || path.startsWith(`${entry.path}/`)))
}
