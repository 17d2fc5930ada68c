// The types the UI works with, read off the generated command signatures in ../bindings.ts.
// Deriving them keeps the UI independent of how the generator names its types (e.g. the
// `_Serialize` / `_Deserialize` pairs): what a command returns is what the UI receives, and what
// a command takes is what the UI sends.
import type { commands } from '@/bindings'

export type { AppError, FieldError } from '@/bindings'

type Commands = typeof commands
type Ok<K extends keyof Commands> =
  Awaited<ReturnType<Commands[K]>> extends infer R ? (R extends { status: 'ok'; data: infer T } ? T : never) : never
type Arg<K extends keyof Commands, I extends number = 0> = Parameters<Commands[K]>[I]

export type AppInfo = Ok<'appInfo'>
export type College = Ok<'collegeUpdate'>
export type CollegeInput = Arg<'collegeUpdate'>
export type Program = Ok<'programGet'>
export type ProgramInput = Arg<'programCreate'>
export type GraduateDetail = Ok<'graduateGet'>
/** A graduate as the edit form gets it: `id_number` and `phone` left out (see GraduateDetail's masks). */
export type Graduate = GraduateDetail['graduate']
export type GraduateRow = Ok<'graduatesList'>['items'][number]
export type GraduatePage = Ok<'graduatesList'>
export type GraduateInput = Arg<'graduateCreate'>
export type GraduateQuery = Arg<'graduatesList'>
export type Facets = Ok<'graduateFacets'>

export type GraduateSort = NonNullable<GraduateQuery['sort']>
export type SortOrder = NonNullable<GraduateQuery['order']>
// Values as the backend sends them (the canonical Chinese ones).
export type Gender = NonNullable<Graduate['gender']>
export type SkillLevel = NonNullable<Graduate['skill_level']>
export type TrainingLevel = Program['level']

// ---- the graduation season (placements, partners, agreements, job fairs, home) ----
export type ReferenceLists = Ok<'referenceLists'>
export type RefEntry = ReferenceLists['industries'][number]
export type Attention = Ok<'attention'>
export type Ledger = Ok<'partnerLedger'>

export type Placement = Ok<'placementGet'>
export type PlacementPage = Ok<'placementsList'>
export type PlacementInput = Arg<'placementRecord'>
export type PlacementQuery = Arg<'placementsList'>
export type ClassView = Ok<'classView'>
export type ClassMember = ClassView['members'][number]
export type DestinationStatus = ClassMember['status']
export type DestinationCode = Ok<'destinationCodes'>[number]
export type CodeListInfo = Ok<'codeLists'>[number]
export type Evidence = Placement['evidence'][number]
export type EvidenceKind = Evidence['kind']
export type ContractType = NonNullable<Placement['contract_type']>
export type PlacementWarning = Placement['warnings'][number]

export type Employer = Ok<'employerGet'>
export type EmployerPage = Ok<'employersList'>
export type EmployerInput = Arg<'employerCreate'>
export type PartnerQuery = Arg<'employersList'>
export type Contact = Employer['contacts'][number]
export type EmployerSize = NonNullable<Employer['size']>
export type DuplicateCandidate = Ok<'employerDuplicates'>[number]
export type MergeReport = Ok<'employersMerge'>

export type Institution = Ok<'institutionGet'>
export type InstitutionInput = Arg<'institutionCreate'>
export type InstitutionKind = Institution['kind']

export type Agreement = Ok<'agreementGet'>
export type AgreementInput = Arg<'agreementCreate'>
export type AgreementQuery = Arg<'agreementsList'>
export type AgreementKind = Agreement['kind']
export type AgreementStatus = Agreement['status']
export type AdvanceInput = Arg<'agreementAdvance', 1>
export type Clause = Agreement['clauses'][number]
export type Signatory = Agreement['signatories'][number]
export type AgreementStep = Agreement['history'][number]

export type Fair = Ok<'fairGet'>
export type FairInput = Arg<'fairCreate'>
export type FairFigures = Fair['figures']
export type FairMode = Fair['mode']
export type ProgramFigures = Ok<'fairProgramFigures'>[number]
export type FairEmployer = Ok<'fairEmployerAdd'>
export type FairEmployerInput = Arg<'fairEmployerAdd'>
export type Position = Ok<'positionCreate'>
export type PositionPage = Ok<'positionsList'>
export type PositionInput = Arg<'positionCreate'>
export type FairItemQuery = Arg<'positionsList'>
export type Application = Ok<'applicationCreate'>
export type ApplicationPage = Ok<'applicationsList'>
export type ApplicationInput = Arg<'applicationCreate'>
export type ApplicationStatus = Application['status']

// ---- files: imports, templates, list exports ----
export type ImportKind = Arg<'importRun'>
export type ImportOptions = Arg<'importRun', 3>
export type ImportProgress = Arg<'importRun', 4> extends { onmessage: (message: infer P) => void } ? P : never
export type ImportReport = Ok<'importRun'>
export type RejectedRow = ImportReport['rejected'][number]
export type SavedFile = Ok<'importTemplateSave'>
export type ExportKind = Arg<'exportSave'>
export type ExportFilter = Arg<'exportSave', 1>
export type ExportLogEntry = Ok<'exportLog'>[number]

// ---- statistics ----
export type EmploymentReport = Ok<'employmentReport'>
export type ProgramStats = EmploymentReport['by_program'][number]
export type StatsRates = EmploymentReport['rates']
export type StatsCounts = EmploymentReport['counts']
export type SalaryStats = EmploymentReport['salary']
export type SalaryBand = SalaryStats['bands'][number]
export type Share = EmploymentReport['distributions']['region'][number]
export type StatsFilter = Arg<'graduatesBehind'>
export type BehindRow = Ok<'graduatesBehind'>[number]
export type StatsGroup = BehindRow['group']
export type ComplianceReport = Ok<'complianceReport'>
export type ComplianceItem = ComplianceReport['items'][number]
export type ShareFlag = ComplianceReport['flags'][number]
export type PartnerOutcome = Ok<'partnerOutcomes'>[number]

// ---- sync: status, settings, conflicts ----
export type SyncStatus = Ok<'syncStatus'>
export type SyncActivity = SyncStatus['activity']
export type SyncProgress = NonNullable<SyncStatus['progress']>
export type SyncSummary = NonNullable<SyncStatus['last_sync']>
export type SyncSettings = Ok<'syncSettingsGet'>
export type SyncSettingsInput = Arg<'syncSettingsSave'>
export type Conflict = Ok<'conflictsList'>[number]
export type ConflictSide = Conflict['local']
export type Keep = Arg<'conflictResolve', 1>
export type SyncRole = NonNullable<SyncStatus['role']>

// ---- the province (the provincial token): every college's figures added up ----
export type ProvinceSnapshot = Ok<'provinceFigures'>
export type ProvinceFigures = ProvinceSnapshot['figures']
export type ProvinceCollege = ProvinceFigures['by_college'][number]
export type ProvinceProgram = ProvinceFigures['by_program'][number]
export type FieldFigures = ProvinceFigures['robotics']
export type AgreementCount = ProvinceFigures['agreements'][number]

// ---- documents: agreement and annual-report PDFs ----
export type PdfPreview = Ok<'agreementPdfPreview'>
export type MissingChar = PdfPreview['missing'][number]
export type BatchProgress = Arg<'agreementsPdfExport'> extends { onmessage: (message: infer P) => void } ? P : never
export type BatchReport = Ok<'agreementsPdfExport'>
export type SkippedAgreement = BatchReport['skipped'][number]

// ---- backups ----
export type Backups = Ok<'backupsList'>
export type BackupEntry = Backups['backups'][number]
export type RestoreInfo = Ok<'restoreConfirm'>

// ---- who uses the app: sessions, users, the audit log, personal data ----
export type SessionStatus = Ok<'sessionStatus'>
export type User = Ok<'userAdd'>
export type UserInput = Arg<'userAdd'>
export type Role = User['role']
export type AuditPage = Ok<'auditList'>
export type AuditEntry = AuditPage['entries'][number]
export type AuditQuery = Arg<'auditList'>
export type AuditCheck = Ok<'auditVerify'>
export type Revealed = Ok<'graduateReveal'>
export type PurgeReport = Ok<'retentionPurge'>
