//! The check before reporting a cohort: the rules of the domain brief as warnings listed per
//! graduate (no destination, missing evidence, an internship certificate as the only proof, pay
//! below the minimum wage for 12/76/271, unverified placements), and programs whose share of
//! 灵活就业/自由职业/创业 among the employed is unusually high.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::{StatsGroup, group_of};
use crate::error::Result;
use crate::model::{GraduateQuery, PlacementQuery};
use crate::store::Store;

/// A program is flagged when more than this share of its employed graduates are in 灵活就业
/// (12 其他录用形式, 76 自由职业) or 创业 (75). Regulators publish no number; 30 % is our line
/// for "unusual", shown in the report so that nobody mistakes it for an official one.
pub const FLEXIBLE_SHARE_WARNING: f64 = 0.3;

/// One warning about one graduate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ComplianceItem {
    pub graduate_id: String,
    pub name: String,
    pub student_number: String,
    pub program: String,
    pub class_name: Option<String>,
    /// The placement the warning is about, if any.
    pub placement_id: Option<String>,
    /// Stable code, an i18n key: `compliance.no_destination`, `compliance.no_evidence`,
    /// `compliance.unverified`, `placement.wage_below_minimum`, `placement.wage_missing`,
    /// `placement.internship_only`.
    pub code: String,
    pub message: String,
}

/// A program whose share of flexible work and entrepreneurship is above the line.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ShareFlag {
    pub program: String,
    pub program_id: String,
    pub employed: u32,
    /// 灵活就业 + 创业 among them.
    pub flexible: u32,
    pub share: f64,
}

/// The compliance check of a cohort.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ComplianceReport {
    pub cohort: i32,
    pub graduates: u32,
    /// Graduates with at least one warning.
    pub graduates_with_warnings: u32,
    /// How many warnings of each code.
    pub counts: BTreeMap<String, u32>,
    pub items: Vec<ComplianceItem>,
    pub share_line: f64,
    pub flags: Vec<ShareFlag>,
}

impl Store {
    /// Checks a cohort before its figures are reported.
    pub fn compliance_report(&self, cohort: i32) -> Result<ComplianceReport> {
        let graduates = self
            .graduates(&GraduateQuery {
                cohort: Some(cohort),
                ..GraduateQuery::default()
            })?
            .items;
        let placements = self
            .placements(&PlacementQuery {
                cohort: Some(cohort),
                ..PlacementQuery::default()
            })?
            .items;
        let by_graduate: HashMap<&str, &crate::model::Placement> = placements
            .iter()
            .map(|p| (p.graduate_id.as_str(), p))
            .collect();
        let mut items = Vec::new();
        for g in &graduates {
            let item = |placement_id: Option<&str>, code: &str, message: String| ComplianceItem {
                graduate_id: g.id.clone(),
                name: g.name.clone(),
                student_number: g.student_number.clone(),
                program: g.program.clone(),
                class_name: g.class_name.clone(),
                placement_id: placement_id.map(str::to_string),
                code: code.to_string(),
                message,
            };
            let Some(p) = by_graduate.get(g.id.as_str()) else {
                items.push(item(
                    None,
                    "compliance.no_destination",
                    "未登记毕业去向，统计时按待就业计".to_string(),
                ));
                continue;
            };
            let group = group_of(Some(&p.destination_group), p.employed);
            let needs_proof = group.employed() || group == StatsGroup::FurtherStudy;
            if needs_proof && p.evidence.is_empty() {
                items.push(item(
                    Some(&p.id),
                    "compliance.no_evidence",
                    format!(
                        "去向“{}”没有证明材料（劳动合同、就业协议、录用通知或录取通知书等）",
                        p.destination
                    ),
                ));
            }
            for w in &p.warnings {
                items.push(item(Some(&p.id), &w.code, w.message.clone()));
            }
            if p.verified_at.is_none() && group != StatsGroup::Awaiting {
                items.push(item(
                    Some(&p.id),
                    "compliance.unverified",
                    format!("去向“{}”尚未核实", p.destination),
                ));
            }
        }
        let mut counts: BTreeMap<String, u32> = BTreeMap::new();
        for i in &items {
            *counts.entry(i.code.clone()).or_default() += 1;
        }
        let mut flagged: Vec<&str> = items.iter().map(|i| i.graduate_id.as_str()).collect();
        flagged.dedup();
        let report = self.employment_report(Some(cohort), None)?;
        let flags = report
            .by_program
            .iter()
            .filter_map(|p| {
                let flexible = p.counts.flexible + p.counts.entrepreneurship;
                let share = f64::from(flexible) / f64::from(p.counts.employed.max(1));
                (p.counts.employed > 0 && share > FLEXIBLE_SHARE_WARNING).then(|| ShareFlag {
                    program: p.program.clone(),
                    program_id: p.program_id.clone(),
                    employed: p.counts.employed,
                    flexible,
                    share,
                })
            })
            .collect();
        Ok(ComplianceReport {
            cohort,
            graduates: u32::try_from(graduates.len()).unwrap_or(u32::MAX),
            graduates_with_warnings: u32::try_from(flagged.len()).unwrap_or(u32::MAX),
            counts,
            items,
            share_line: FLEXIBLE_SHARE_WARNING,
            flags,
        })
    }
}
