//! Times for people in Vietnam. The index keeps UTC ("2026-11-23T01:51:01Z",
//! "2026-11-23 01:51:25 UTC" in signature texts), as older versions wrote
//! it; they are shown in Vietnam's time when printed.

use std::sync::LazyLock;

use regex_lite::{Captures, Regex};
use time::{Month, OffsetDateTime, PrimitiveDateTime, UtcOffset};

use crate::date::vietnam_offset;

/// A time as the archive writes it: `YYYY-MM-DD HH:MM:SS UTC`, with an
/// offset (`+07:00`, a PDF's /M) instead of UTC, or `YYYY-MM-DDTHH:MM:SSZ`.
/// A parenthesis right after it is taken in, to join the note about the
/// zone: "(giờ Việt Nam, dấu thời gian)".
static STORED_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?: UTC|Z| ([+-])(\d{2}):(\d{2}))( \()?",
    )
    .expect("valid regex")
});

/// `text` with each time in it written "23/11/2026 08:51:25 (giờ Việt
/// Nam)"; a time that does not exist (month 13) stays as written.
pub fn vietnam_times(text: &str) -> String {
    STORED_TIME
        .replace_all(text, |c: &Captures| match moment(c) {
            Some(t) => {
                let close = if c.get(10).is_some() { ", " } else { ")" };
                format!(
                    "{:02}/{:02}/{:04} {:02}:{:02}:{:02} (giờ Việt Nam{close}",
                    t.day(),
                    u8::from(t.month()),
                    t.year(),
                    t.hour(),
                    t.minute(),
                    t.second()
                )
            }
            None => c[0].to_owned(),
        })
        .into_owned()
}

/// A stored time in ISO 8601 with Vietnam's offset, for files read by
/// programs: "2026-11-23T08:51:01+07:00". Anything else as it is.
pub fn iso_vietnam(stored: &str) -> String {
    let whole = STORED_TIME
        .captures(stored)
        .filter(|c| c[0].len() == stored.len());
    match whole.and_then(|c| moment(&c)) {
        Some(t) => stamp(&t, "T", "+07:00"),
        None => stored.to_owned(),
    }
}

/// `YYYY-MM-DD{between}HH:MM:SS{zone}`, the one way the archive writes a
/// time for programs and its index.
pub fn stamp(t: &OffsetDateTime, between: &str, zone: &str) -> String {
    format!(
        "{:04}-{:02}-{:02}{between}{:02}:{:02}:{:02}{zone}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// The moment a match of `STORED_TIME` names, in Vietnam's time.
fn moment(c: &Captures) -> Option<OffsetDateTime> {
    let n = |i: usize| c[i].parse::<u8>().ok();
    let date =
        time::Date::from_calendar_date(c[1].parse().ok()?, Month::try_from(n(2)?).ok()?, n(3)?)
            .ok()?;
    let at = PrimitiveDateTime::new(date, time::Time::from_hms(n(4)?, n(5)?, n(6)?).ok()?);
    let offset = match c.get(7) {
        Some(sign) => {
            let sign = if sign.as_str() == "-" { -1 } else { 1 };
            UtcOffset::from_hms(
                sign * i8::try_from(n(8)?).ok()?,
                sign * i8::try_from(n(9)?).ok()?,
                0,
            )
            .ok()?
        }
        None => UtcOffset::UTC,
    };
    Some(at.assume_offset(offset).to_offset(vietnam_offset()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_times_are_shown_in_vietnam_time() {
        assert_eq!(
            vietnam_times("2026-11-23T01:51:01Z"),
            "23/11/2026 08:51:01 (giờ Việt Nam)"
        );
        // Past midnight in Vietnam: the next day.
        assert_eq!(
            vietnam_times("ký lúc 2025-12-31 17:30:00 UTC (dấu thời gian)"),
            "ký lúc 01/01/2026 00:30:00 (giờ Việt Nam, dấu thời gian)"
        );
        assert_eq!(
            vietnam_times(
                "theo CRL lúc 2025-11-19 03:30:00 UTC, từ 2020-01-01 00:00:00 UTC đến 2021-01-01 00:00:00 UTC"
            ),
            "theo CRL lúc 19/11/2025 10:30:00 (giờ Việt Nam), từ 01/01/2020 07:00:00 (giờ Việt Nam) đến 01/01/2021 07:00:00 (giờ Việt Nam)"
        );
        // A PDF's /M with its own offset.
        assert_eq!(
            vietnam_times("2025-11-19 10:30:00 +07:00 (theo /M)"),
            "19/11/2025 10:30:00 (giờ Việt Nam, theo /M)"
        );
        assert_eq!(
            vietnam_times("2025-11-18 22:30:00 -05:00"),
            "19/11/2025 10:30:00 (giờ Việt Nam)"
        );
        for kept in ["2025-13-01 00:00:00 UTC", "D:2025", "hôm nay", ""] {
            assert_eq!(vietnam_times(kept), kept);
        }
    }

    #[test]
    fn files_for_programs_keep_an_offset() {
        assert_eq!(
            iso_vietnam("2026-11-23T01:51:01Z"),
            "2026-11-23T08:51:01+07:00"
        );
        assert_eq!(
            iso_vietnam("2026-11-23T20:00:00Z"),
            "2026-11-24T03:00:00+07:00"
        );
        assert_eq!(iso_vietnam("không rõ"), "không rõ");
    }
}
