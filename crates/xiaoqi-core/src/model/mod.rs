//! Record types, one module per domain concept. Field names here are the names the CLI's
//! `--json`, the IPC bindings and the outbox use.

pub mod agreement;
pub mod college;
pub mod contact;
pub mod document;
pub mod employer;
pub mod fair;
pub mod graduate;
pub mod home;
pub mod institution;
pub mod placement;
pub mod program;
pub mod templates;
pub mod user;

pub use agreement::{
    AdvanceInput, Agreement, AgreementInput, AgreementKind, AgreementQuery, AgreementStatus,
    Clause, Side, Signatory, Step,
};
pub use contact::Contact;
pub use employer::{
    DuplicateCandidate, Employer, EmployerInput, EmployerSize, MergeReport, PartnerQuery,
};
pub use fair::{
    Application, ApplicationInput, ApplicationStatus, Fair, FairEmployer, FairEmployerInput,
    FairFigures, FairInput, FairItemQuery, FairMode, Position, PositionInput, ProgramFigures,
};
pub use home::{Attention, Ledger};
pub use institution::{Institution, InstitutionInput, InstitutionKind};
pub use placement::{
    ClassMember, ClassView, CodeList, ContractType, DestinationCode, DestinationStatus, Evidence,
    EvidenceKind, Placement, PlacementInput, PlacementQuery, Warning,
};

pub use college::{College, CollegeInput};
pub use graduate::{
    Gender, Graduate, GraduateFacets, GraduateInput, GraduateQuery, GraduateRow, GraduateSort,
    SkillLevel, SortOrder,
};
pub use program::{Program, ProgramInput, TrainingLevel};
pub use user::{Actor, Role, User, UserInput};

use serde::Serialize;

/// One page of a list: the rows and how many match in all.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Page<T> {
    pub total: u32,
    pub items: Vec<T>,
}

impl<T> Page<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            total: self.total,
            items: self.items.into_iter().map(f).collect(),
        }
    }
}

/// Reads an optional text input: absent stays absent, blank means "clear".
pub(crate) fn text(v: &Option<String>) -> Option<Option<String>> {
    v.as_ref()
        .map(|s| crate::validate::normalize::clean_text(s))
}
