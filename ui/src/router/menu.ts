import type { Component } from 'vue'
import {
  Calendar,
  Collection,
  DataAnalysis,
  Document,
  Guide,
  OfficeBuilding,
  Refresh,
  Setting,
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
  { key: 'graduates', icon: User, path: '/graduates' },
  { key: 'programs', icon: Collection, path: '/programs' },
  { key: 'placements', icon: Guide },
  { key: 'employers', icon: OfficeBuilding },
  { key: 'agreements', icon: Document },
  { key: 'fairs', icon: Calendar },
  { key: 'statistics', icon: DataAnalysis },
  { key: 'sync', icon: Refresh },
  { key: 'settings', icon: Setting },
]
