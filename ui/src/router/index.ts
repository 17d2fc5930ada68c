import { createRouter, createWebHashHistory, type RouteRecordRaw, type RouterHistory } from 'vue-router'
import AppLayout from '@/components/layout/AppLayout.vue'
// The page the app opens on is part of the first bundle: no second round trip before it shows.
import GraduatesView from '@/views/graduates/GraduatesView.vue'
import SignInView from '@/views/session/SignInView.vue'
import { useSessionStore } from '@/store/session'

export const routes: RouteRecordRaw[] = [
  {
    path: '/',
    component: AppLayout,
    redirect: '/graduates',
    children: [
      {
        path: 'graduates',
        name: 'graduates',
        component: GraduatesView,
        meta: { title: 'menu.graduates' },
      },
      {
        path: 'programs',
        name: 'programs',
        component: () => import('@/views/programs/ProgramsView.vue'),
        meta: { title: 'menu.programs' },
      },
      // Further module routes go below, one block per module.
      {
        path: 'agreements',
        name: 'agreements',
        component: () => import('@/views/agreements/AgreementsView.vue'),
        meta: { title: 'menu.agreements' },
      },
      {
        path: 'agreements/:id',
        name: 'agreement',
        component: () => import('@/views/agreements/AgreementEditor.vue'),
        props: true,
        meta: { title: 'menu.agreements' },
      },
      {
        path: 'employers',
        name: 'employers',
        component: () => import('@/views/employers/PartnersView.vue'),
        meta: { title: 'menu.employers' },
      },
      {
        path: 'employers/:id',
        name: 'employer',
        component: () => import('@/views/employers/EmployerDetail.vue'),
        props: true,
        meta: { title: 'menu.employers' },
      },
      {
        path: 'home',
        name: 'home',
        component: () => import('@/views/home/HomeView.vue'),
        meta: { title: 'menu.home' },
      },
      {
        path: 'placements',
        name: 'placements',
        component: () => import('@/views/placements/PlacementsView.vue'),
        meta: { title: 'menu.placements' },
      },
      {
        path: 'fairs',
        name: 'fairs',
        component: () => import('@/views/fairs/FairsView.vue'),
        meta: { title: 'menu.fairs' },
      },
      {
        path: 'fairs/:id',
        name: 'fair',
        component: () => import('@/views/fairs/FairView.vue'),
        meta: { title: 'menu.fairs' },
      },
      {
        path: 'statistics',
        name: 'statistics',
        // ECharts comes with this page only: the app's start never loads it.
        component: () => import('@/views/statistics/StatisticsView.vue'),
        meta: { title: 'menu.statistics' },
      },
      {
        path: 'conflicts',
        name: 'conflicts',
        component: () => import('@/views/conflicts/ConflictsView.vue'),
        meta: { title: 'menu.conflicts' },
      },
      {
        path: 'province',
        name: 'province',
        // The provincial token's dashboard: ECharts as on the statistics page, in its own chunk.
        component: () => import('@/views/province/ProvinceView.vue'),
        meta: { title: 'menu.province' },
      },
      {
        path: 'users',
        name: 'users',
        component: () => import('@/views/users/UsersView.vue'),
        meta: { title: 'menu.users' },
      },
      {
        path: 'audit',
        name: 'audit',
        component: () => import('@/views/audit/AuditView.vue'),
        meta: { title: 'menu.audit' },
      },
      {
        path: 'settings',
        name: 'settings',
        component: () => import('@/views/settings/SettingsView.vue'),
        meta: { title: 'menu.settings' },
      },
    ],
  },
  // Outside the layout: nothing of the college shows before someone signs in.
  { path: '/signin', name: 'signin', component: SignInView, meta: { title: 'session.title' } },
  { path: '/:unknown(.*)*', redirect: '/graduates' },
]

// Hash history: the app is served by Tauri's custom protocol, which knows no server-side routes.
export function createAppRouter(history: RouterHistory = createWebHashHistory()) {
  const router = createRouter({ history, routes })
  // Nobody signed in: the sign-in page (or the first start's administrator form) first. When the
  // backend cannot say (the database failed to open), the layout shows why.
  router.beforeEach(async (to) => {
    const session = useSessionStore()
    try {
      await session.ensureLoaded()
    } catch {
      return to.name === 'signin' ? '/graduates' : true
    }
    if (to.name === 'signin') return session.user ? '/graduates' : true
    if (!session.user) return { name: 'signin', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
    return true
  })
  return router
}
