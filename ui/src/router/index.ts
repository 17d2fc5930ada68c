import { createRouter, createWebHashHistory, type RouteRecordRaw, type RouterHistory } from 'vue-router'
import AppLayout from '@/components/layout/AppLayout.vue'

export const routes: RouteRecordRaw[] = [
  {
    path: '/',
    component: AppLayout,
    redirect: '/graduates',
    children: [
      {
        path: 'graduates',
        name: 'graduates',
        component: () => import('@/views/graduates/GraduatesView.vue'),
        meta: { title: 'menu.graduates' },
      },
      {
        path: 'programs',
        name: 'programs',
        component: () => import('@/views/programs/ProgramsView.vue'),
        meta: { title: 'menu.programs' },
      },
      // Further module routes go below, one block per module.
    ],
  },
  { path: '/:unknown(.*)*', redirect: '/graduates' },
]

// Hash history: the app is served by Tauri's custom protocol, which knows no server-side routes.
export function createAppRouter(history: RouterHistory = createWebHashHistory()) {
  return createRouter({ history, routes })
}
