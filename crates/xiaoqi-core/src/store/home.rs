//! The home page's "needs attention" and a partner's ledger.

use rusqlite::OptionalExtension;

use super::Store;
use crate::error::Result;
use crate::model::{
    AgreementQuery, Attention, FairItemQuery, Ledger, Page, Placement, PlacementQuery,
};

/// Agreements ending within this many days are listed on the home page.
pub const EXPIRING_WITHIN_DAYS: u32 = 60;

impl Store {
    /// What needs attention: the current cohort's graduates without a destination, placements
    /// not verified, agreements expiring within 60 days, fairs not over yet.
    pub fn attention(&self) -> Result<Attention> {
        let cohort: Option<i32> = self
            .conn
            .query_row(
                "SELECT max(cohort) FROM graduate_counts WHERE college_id = ?1 AND n > 0 AND cohort <= ?2",
                (&self.college_id, crate::clock::current_year()),
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let (cohort_graduates, without_destination) = match cohort {
            Some(c) => self.conn.query_row(
                "SELECT count(*), coalesce(sum(NOT EXISTS (SELECT 1 FROM placements p WHERE p.graduate_id = g.id
                        AND p.deleted_at IS NULL AND p.superseded_at IS NULL)), 0)
                 FROM graduates g WHERE g.college_id = ?1 AND g.cohort = ?2 AND g.deleted_at IS NULL",
                (&self.college_id, c),
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?,
            None => (0, 0),
        };
        let unverified: u32 = self.conn.query_row(
            "SELECT count(*) FROM placements p JOIN graduates g ON g.id = p.graduate_id
             WHERE p.college_id = ?1 AND p.deleted_at IS NULL AND p.superseded_at IS NULL
               AND p.verified_at IS NULL AND g.deleted_at IS NULL",
            [&self.college_id],
            |r| r.get(0),
        )?;
        let expiring = self.agreements(&AgreementQuery {
            expiring_within_days: Some(EXPIRING_WITHIN_DAYS),
            ..Default::default()
        })?;
        let today = crate::clock::today();
        let mut upcoming_fairs: Vec<_> = self
            .fairs()?
            .into_iter()
            .filter(|f| f.end_date >= today)
            .collect();
        upcoming_fairs.sort_by(|a, b| a.start_date.cmp(&b.start_date));
        Ok(Attention {
            cohort,
            cohort_graduates,
            without_destination,
            unverified,
            expiring,
            upcoming_fairs,
        })
    }

    /// What a partnership gave: agreements, current placements, and (for an employer) fair
    /// positions, resumes and signings. `employer` or `institution` names the partner.
    pub fn ledger(&self, employer: Option<&str>, institution: Option<&str>) -> Result<Ledger> {
        let (employer_id, institution_id) = match (employer, institution) {
            (Some(e), _) => (Some(self.employer(e)?.id), None),
            (None, Some(i)) => (None, Some(self.institution(i)?.id)),
            (None, None) => (None, None),
        };
        let agreements = self.agreements(&AgreementQuery {
            employer_id: employer_id.clone(),
            institution_id: institution_id.clone(),
            ..Default::default()
        })?;
        let placements: Page<Placement> = if employer_id.is_none() && institution_id.is_none() {
            Page {
                total: 0,
                items: Vec::new(),
            }
        } else {
            self.placements(&PlacementQuery {
                employer_id: employer_id.clone(),
                institution_id: institution_id.clone(),
                ..Default::default()
            })?
        };
        let (mut positions, mut headcount, mut resumes, mut signings) = (0, 0, 0, 0);
        if let Some(e) = &employer_id {
            let page = self.positions(&FairItemQuery {
                employer_id: Some(e.clone()),
                ..Default::default()
            })?;
            positions = page.total;
            headcount = page.items.iter().map(|p| p.headcount).sum();
            resumes = page.items.iter().map(|p| p.applications).sum();
            signings = self
                .applications(&FairItemQuery {
                    employer_id: Some(e.clone()),
                    status: Some(crate::model::ApplicationStatus::Signed),
                    limit: Some(0),
                    ..Default::default()
                })?
                .total;
        }
        Ok(Ledger {
            agreements,
            placements: placements.items,
            positions,
            headcount,
            resumes,
            signings,
        })
    }
}
