//! Timestamps and ids made on the device.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Now, UTC, RFC 3339 with milliseconds: `2026-11-29T07:01:30.123Z`.
pub fn now() -> String {
    let t = OffsetDateTime::now_utc();
    let t = t
        .replace_nanosecond(t.millisecond() as u32 * 1_000_000)
        .unwrap_or(t);
    t.format(&Rfc3339).unwrap_or_default()
}

/// A new UUIDv7 as text: time-ordered, made on the device without coordination.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The current calendar year (UTC), for cohort defaults and validation.
pub fn current_year() -> i32 {
    OffsetDateTime::now_utc().year()
}
