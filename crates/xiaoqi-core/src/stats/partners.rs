//! Partner → outcomes: for each employer with a signed or active agreement or with graduates
//! placed there, what the partnership produced for a cohort.

use rusqlite::types::Value as SqlValue;
use serde::Serialize;

use xiaoqi_protocol::indicators::AGREEMENT_IN_FORCE;

use crate::error::Result;
use crate::store::Store;

/// What one employer's partnership produced.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PartnerOutcome {
    pub employer_id: String,
    pub employer: String,
    /// Signed (已签署) or active (履行中) agreements.
    pub agreements: u32,
    /// Graduates whose current destination is this employer.
    pub placed: u32,
    /// Of them, recorded as in-field.
    pub in_field: u32,
    /// Mean monthly starting salary of those with one recorded.
    pub mean_salary: Option<f64>,
}

impl Store {
    /// Employers with live agreements or placements, most graduates placed first.
    pub fn partner_outcomes(&self, cohort: Option<i32>) -> Result<Vec<PartnerOutcome>> {
        let mut params = vec![SqlValue::Text(self.college_id().to_string())];
        let cohort_cond = match cohort {
            Some(c) => {
                params.push(SqlValue::Integer(c.into()));
                "AND g.cohort = ?2"
            }
            None => "",
        };
        let sql = format!(
            "WITH placed AS (
                SELECT pl.employer_id AS id, count(*) AS n, sum(coalesce(pl.in_field, 0)) AS in_field,
                       avg(pl.salary) AS salary
                FROM placements pl JOIN graduates g ON g.id = pl.graduate_id
                WHERE pl.college_id = ?1 AND pl.deleted_at IS NULL AND pl.superseded_at IS NULL
                  AND g.deleted_at IS NULL AND pl.employer_id IS NOT NULL {cohort_cond}
                GROUP BY pl.employer_id),
             agreed AS (
                SELECT employer_id AS id, count(*) AS n FROM agreements
                WHERE college_id = ?1 AND deleted_at IS NULL AND employer_id IS NOT NULL
                  AND status IN ('{}', '{}')
                GROUP BY employer_id)
             SELECT e.id, e.name, coalesce(a.n, 0), coalesce(p.n, 0), coalesce(p.in_field, 0), p.salary
             FROM employers e LEFT JOIN placed p ON p.id = e.id LEFT JOIN agreed a ON a.id = e.id
             WHERE e.college_id = ?1 AND e.deleted_at IS NULL AND (p.n > 0 OR a.n > 0)
             ORDER BY coalesce(p.n, 0) DESC, coalesce(a.n, 0) DESC, e.name_pinyin",
            AGREEMENT_IN_FORCE[0], AGREEMENT_IN_FORCE[1]
        );
        let mut stmt = self.connection().prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(&params), |r| {
            Ok(PartnerOutcome {
                employer_id: r.get(0)?,
                employer: r.get(1)?,
                agreements: r.get(2)?,
                placed: r.get(3)?,
                in_field: r.get(4)?,
                mean_salary: r
                    .get::<_, Option<f64>>(5)?
                    .map(|s| (s * 100.0).round() / 100.0),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
