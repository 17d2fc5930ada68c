import type { Component } from 'vue'
import {
  Calendar,
  Collection,
  DataAnalysis,
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
}

export const MENU: MenuEntry[] = [
  { key: 'home', icon: HomeFilled, path: '/home' },
  { key: 'graduates', icon: User, path: '/graduates' },
  { key: 'programs', icon: Collection, path: '/programs' },
  { key: 'placements', icon: Guide, path: '/placements' },
  { key: 'employers', icon: OfficeBuilding, path: '/employers' },
  { key: 'agreements', icon: Document, path: '/agreements' },
  { key: 'fairs', icon: Calendar, path: '/fairs' },
  { key: 'statistics', icon: DataAnalysis, path: '/statistics' },
  { key: 'conflicts', icon: Switch, path: '/conflicts' },
  { key: 'settings', icon: Setting, path: '/settings' },
]
