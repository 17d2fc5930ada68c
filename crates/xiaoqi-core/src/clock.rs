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

/// Today's date in China (UTC+8), `YYYY-MM-DD`: what "expires in 60 days" counts from.
pub fn today() -> String {
    china_today()
        .format(time::macros::format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

fn china_today() -> time::Date {
    (OffsetDateTime::now_utc() + time::Duration::hours(8)).date()
}

/// Whole days from today (China) to `date` (`YYYY-MM-DD`); negative when it is past.
pub fn days_until(date: &str) -> Option<i32> {
    let d = time::Date::parse(
        date,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()?;
    i32::try_from((d - china_today()).whole_days()).ok()
}

/// The date `days` after today (China), `YYYY-MM-DD`.
pub fn today_plus(days: i64) -> String {
    (china_today() + time::Duration::days(days))
        .format(time::macros::format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}
