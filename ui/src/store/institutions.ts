import { listInstitutions } from '@/api/institutions'
import { definePartnerListStore } from './partnerList'

/** The research-institutions list as the person left it: search, page. */
export const useInstitutionsStore = definePartnerListStore('institutions', listInstitutions)
