//! Timestamps and ids made on the device.

use time::OffsetDateTime;

/// Now, UTC, RFC 3339 with exactly three digits of milliseconds: `2026-11-29T07:01:30.100Z`.
/// Fixed width, so that timestamps sort as text in the order they were made.
pub fn now() -> String {
    format_utc(OffsetDateTime::now_utc())
}

fn format_utc(t: OffsetDateTime) -> String {
    t.format(time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    ))
    .unwrap_or_default()
}

/// `minutes` from now (negative: before), in the format of [`now`].
pub fn now_plus_minutes(minutes: i64) -> String {
    format_utc(OffsetDateTime::now_utc() + time::Duration::minutes(minutes))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_have_a_fixed_width_and_sort_as_text() {
        let at = |ms: i64| {
            format_utc(
                time::macros::datetime!(2026-11-29 07:01:30 UTC) + time::Duration::milliseconds(ms),
            )
        };
        assert_eq!(at(100), "2026-11-29T07:01:30.100Z");
        assert_eq!(at(0), "2026-11-29T07:01:30.000Z");
        assert!(at(100) < at(101));
        assert_eq!(now().len(), "2026-11-29T07:01:30.100Z".len());
    }
}
