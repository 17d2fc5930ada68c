//! Check characters and normalisation for the identifiers Chinese records carry.
//!
//! - [`id_number`]: resident identity card number, GB 11643-1999 (ISO 7064 MOD 11-2).
//! - [`credit_code`]: unified social credit code, GB 32100-2015 (ISO 7064 MOD 31).
//! - [`normalize`]: the clean-up every typed or imported value gets before validation.

pub mod credit_code;
pub mod id_number;
pub mod normalize;

pub use credit_code::{CreditCodeError, validate_credit_code};
pub use id_number::{IdNumberError, validate_id_number};
pub use normalize::normalize_identifier;
