import type { AgreementKind, AgreementStatus, EmployerSize, InstitutionKind } from '@/api/types'

// Backend values (Chinese) → i18n keys of their labels.
export const EMPLOYER_SIZES: { value: EmployerSize; label: string }[] = [
  { value: '微型', label: 'employer.size.micro' },
  { value: '小型', label: 'employer.size.small' },
  { value: '中型', label: 'employer.size.medium' },
  { value: '大型', label: 'employer.size.large' },
]

export const INSTITUTION_KINDS: { value: InstitutionKind; label: string }[] = [
  { value: '高校实验室', label: 'institution.kind.universityLab' },
  { value: '研究中心', label: 'institution.kind.researchCenter' },
  { value: '企业研发机构', label: 'institution.kind.enterpriseRd' },
]

export const AGREEMENT_KINDS: { value: AgreementKind; label: string }[] = [
  { value: '校企合作协议', label: 'employer.ledger.kind.cooperation' },
  { value: '订单班/冠名班', label: 'employer.ledger.kind.orderClass' },
  { value: '现代学徒制', label: 'employer.ledger.kind.apprenticeship' },
  { value: '共建人才培养基地', label: 'employer.ledger.kind.trainingBase' },
  { value: '技研合作协议', label: 'employer.ledger.kind.research' },
]

export const AGREEMENT_STATUSES: { value: AgreementStatus; label: string }[] = [
  { value: '草稿', label: 'employer.ledger.status.draft' },
  { value: '审核中', label: 'employer.ledger.status.review' },
  { value: '已签署', label: 'employer.ledger.status.signed' },
  { value: '履行中', label: 'employer.ledger.status.active' },
  { value: '已到期', label: 'employer.ledger.status.expired' },
  { value: '已终止', label: 'employer.ledger.status.terminated' },
]

/** How long typing must pause before the name and credit code are checked for duplicates. */
export const DUPLICATE_CHECK_DEBOUNCE_MS = 300
