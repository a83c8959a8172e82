//! Calendar dates as written in the data file.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

/// A real calendar date. Reads `2025-11-19` (ISO) or `19/11/2025` (the way
/// dates are written in Vietnamese documents).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub time::Date);

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Result<Date, String> {
        let m = time::Month::try_from(month)
            .map_err(|_| format!("tháng {month} không tồn tại (tháng chỉ từ 1 đến 12)"))?;
        time::Date::from_calendar_date(year, m, day)
            .map(Date)
            .map_err(|_| {
                let last = m.length(year);
                format!(
                    "ngày {day} không có trong tháng {month} năm {year} (tháng này có {last} ngày)"
                )
            })
    }

    /// Day `day` of a month, or the month's last day if it is shorter.
    pub fn clamped(year: i32, month: u8, day: u8) -> Result<Date, String> {
        let last = time::Month::try_from(month).map_or(day, |m| m.length(year));
        Date::new(year, month, day.min(last))
    }

    /// Today in Vietnam.
    pub fn today() -> Date {
        Date(
            time::OffsetDateTime::now_utc()
                .to_offset(vietnam_offset())
                .date(),
        )
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }
    pub fn month(self) -> u8 {
        self.0.month() as u8
    }
    pub fn day(self) -> u8 {
        self.0.day()
    }

    /// Parses `YYYY-MM-DD` or `DD/MM/YYYY`.
    pub fn parse(s: &str) -> Result<Date, String> {
        let s = s.trim();
        let bad = || format!("“{s}” không phải là ngày; hãy ghi dạng 2025-11-19 hoặc 19/11/2025");
        let nums = |parts: Vec<&str>| -> Option<Vec<u32>> {
            parts.iter().map(|p| p.trim().parse::<u32>().ok()).collect()
        };
        let (y, m, d) = if s.contains('-') {
            let p = nums(s.split('-').collect()).ok_or_else(bad)?;
            match p[..] {
                // 19-11-2025: the Vietnamese order with ISO's dashes.
                [d, m, y] if y >= 1000 && d <= 31 => {
                    return Err(format!(
                        "“{s}” ghi ngày trước năm nhưng dùng dấu `-`; hãy ghi {y:04}-{m:02}-{d:02} hoặc {d}/{m}/{y}"
                    ));
                }
                [y, m, d] => (y, m, d),
                _ => return Err(bad()),
            }
        } else if s.contains('/') {
            let p = nums(s.split('/').collect()).ok_or_else(bad)?;
            match p[..] {
                [d, m, y] => (y, m, d),
                _ => return Err(bad()),
            }
        } else {
            return Err(bad());
        };
        if !(1000..=9999).contains(&y) {
            return Err(format!(
                "năm {y} không hợp lệ (năm phải có 4 chữ số, ví dụ 2025)"
            ));
        }
        let month = u8::try_from(m).unwrap_or(u8::MAX);
        let day = u8::try_from(d).unwrap_or(u8::MAX);
        Date::new(y as i32, month, day)
    }
}

impl fmt::Display for Date {
    /// ISO form, as written back into data files.
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).map_err(de::Error::custom)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "Ngày: 2025-11-19 hoặc 19/11/2025.",
            "pattern": "^([0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}/[0-9]{1,2}/[0-9]{4})$"
        })
    }
}

/// Vietnam's time: UTC+07:00 all year, no daylight saving.
pub fn vietnam_offset() -> time::UtcOffset {
    time::UtcOffset::from_hms(7, 0, 0).expect("+07:00 is an offset")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_forms_and_rejects_impossible_dates() {
        assert_eq!(
            Date::parse("2025-11-19").unwrap(),
            Date::new(2025, 11, 19).unwrap()
        );
        assert_eq!(
            Date::parse("06/8/2025").unwrap(),
            Date::new(2025, 8, 6).unwrap()
        );
        assert!(
            Date::parse("26/13/2025")
                .unwrap_err()
                .contains("tháng 13 không tồn tại")
        );
        assert!(
            Date::parse("2025-02-29")
                .unwrap_err()
                .contains("tháng này có 28 ngày")
        );
        assert!(
            Date::parse("01/01/20235")
                .unwrap_err()
                .contains("năm 20235")
        );
        assert_eq!(
            Date::parse("19-11-2025").unwrap_err(),
            "“19-11-2025” ghi ngày trước năm nhưng dùng dấu `-`; hãy ghi 2025-11-19 hoặc 19/11/2025"
        );
        assert!(
            Date::parse("hôm qua")
                .unwrap_err()
                .contains("không phải là ngày")
        );
    }
}
