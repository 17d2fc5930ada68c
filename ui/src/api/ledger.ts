import { commands } from '@/bindings'
import type { Ledger } from './types'
import { unwrap } from './result'

/** What a partner gave (agreements, placements, fair figures): pass an employer id or an institution id. */
export function partnerLedger(partner: { employerId: string } | { institutionId: string }): Promise<Ledger> {
  return 'employerId' in partner
    ? unwrap(commands.partnerLedger(partner.employerId, null))
    : unwrap(commands.partnerLedger(null, partner.institutionId))
}
