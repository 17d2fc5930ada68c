import { listEmployers } from '@/api/employers'
import { definePartnerListStore } from './partnerList'

/** The employers list as the person left it: search, tag, page. */
export const useEmployersStore = definePartnerListStore('employers', listEmployers)
