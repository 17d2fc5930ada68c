import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'element-plus/theme-chalk/base.css'
import App from './App.vue'
import { createAppRouter } from './router'
import { applyLocale, i18n, storedLocale } from './locales'
import { markStartup } from './api/app'
import './styles.css'

markStartup('scripts')
applyLocale(storedLocale())

createApp(App).use(createPinia()).use(i18n).use(createAppRouter()).mount('#app')
markStartup('mounted')
