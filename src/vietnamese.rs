//! Vietnamese numbers, money, dates, numbering, names and places, the one
//! place that knows how a report writes them.
//!
//! Rules (each has a table test below):
//! - Digits are grouped with "." and decimals follow ",": `7.259`, `99,96`.
//!   The separators come from CLDR's `vi` data through `icu_decimal`.
//! - [`percent`] rounds half away from zero with integer arithmetic and shows
//!   exactly `places` decimals (`12,50%`) so table columns line up. Only a
//!   ratio that is *exactly* a whole percentage drops them (`100%`, `50%`).
//!   A share that is not complete never reads as complete, and one that is
//!   not nothing never reads as nothing: where rounding would give 100 or 0,
//!   it is bounded instead (`trên 99,99%`, `dưới 0,01%`; with no decimals
//!   `trên 99%`, `dưới 1%`). `places` above [`MAX_PLACES`] count as
//!   [`MAX_PLACES`].
//! - [`above_target`] compares exactly, not the rounded figures: a target is
//!   "trên X%" (the ">60%" of the reports), and a target of 100 % is met by
//!   a complete share only.
//! - [`decimal`] is for numbers the data file already wrote as percentages:
//!   the number as written, trailing zeros trimmed: `60`, `67,5`.
//! - Numbers in words use "nghìn", "triệu", "tỷ" and repeat "tỷ" past it
//!   ("nghìn tỷ", "triệu tỷ", "tỷ tỷ"); "mười" for 10–19, "mươi" for 20–90,
//!   "linh" for a zero tens digit, "mốt" and "tư" only after "mươi" (21
//!   "hai mươi mốt", 24 "hai mươi tư", but 11 "mười một", 14 "mười bốn",
//!   104 "một trăm linh bốn"), "lăm" for 5 after a tens digit (15, 25, not
//!   105). Every group after the first is read in full, "không trăm"
//!   included: 1.001 is "một nghìn không trăm linh một".
//! - Dates follow Nghị định 30/2020/NĐ-CP: a leading zero only for days 1–9
//!   and months 1 and 2: "ngày 05 tháng 01 năm 2020", "06/8/2025".
//! - Sub-items are lettered with the Vietnamese alphabet without its marked
//!   letters (a b c d đ e g h i k l m n o p q r s t u v x y); after "y" they go
//!   on as spreadsheet columns do: "aa", "ab", … "ay", "ba", ….
//! - A person's name has a capital at the start of each word and of each
//!   part after an apostrophe or a hyphen ([`proper_case`]); a place before
//!   the date at each syllable, but a kind of unit before it at its first
//!   word only ([`proper_place`]).

use std::cmp::Ordering;

use fixed_decimal::{Sign, SignedRoundingMode, UnsignedRoundingMode};
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_decimal::options::DecimalFormatterOptions;
use icu_locale_core::locale;

use crate::date::Date;

/// The most decimals [`percent`] and [`change`] show; more would overflow
/// the exact `u128` arithmetic and mean nothing in a report.
pub const MAX_PLACES: u8 = 16;

thread_local! {
    // Thread-local rather than a static: whether icu's data is `Sync`
    // depends on a cargo feature another crate happens to switch on.
    static FORMATTER: DecimalFormatter =
        DecimalFormatter::try_new(locale!("vi").into(), DecimalFormatterOptions::default())
            .expect("icu_decimal's compiled data includes vi");
}

fn format(d: &Decimal) -> String {
    FORMATTER.with(|f| f.format(d).to_string())
}

/// 7259 → "7.259"; 0 → "0"; 18930000 → "18.930.000".
pub fn integer(n: u64) -> String {
    format(&Decimal::from(n))
}

/// A count as written in administrative text: 1–9 take a leading zero
/// ("02"), 0 stays "0", larger counts are grouped ("1.246").
pub fn count(n: u64) -> String {
    if (1..10).contains(&n) {
        format!("0{n}")
    } else {
        integer(n)
    }
}

/// `num / den` as a percentage with `places` decimals (see the module doc):
/// (7256, 7259, 2) → "99,96%"; (29, 4120, 2) → "0,70%"; (1, 1, 2) → "100%";
/// (99999, 100000, 2) → "trên 99,99%". `None` when `den` is 0.
pub fn percent(num: u64, den: u64, places: u8) -> Option<String> {
    (den != 0).then(|| format!("{}%", percent_number(num, den, places)))
}

/// The number part of [`percent`], bounds included; `den` must not be 0.
fn percent_number(num: u64, den: u64, places: u8) -> String {
    let places = places.min(MAX_PLACES);
    let (hundred, den_wide) = (u128::from(num) * 100, u128::from(den));
    if hundred % den_wide == 0 {
        return format(&Decimal::from(hundred / den_wide));
    }
    // In steps of the last decimal shown, rounded half up. Below 1.9e37 for
    // any u64 inputs and MAX_PLACES, so the doubling fits.
    let one = 10u128.pow(places.into());
    let steps = (2 * hundred * one + den_wide) / (2 * den_wide);
    let shown = |steps: u128| {
        let mut d = Decimal::from(steps);
        d.multiply_pow10(-i16::from(places));
        format(&d)
    };
    if steps == 0 {
        format!("dưới {}", shown(1))
    } else if steps == 100 * one && num < den {
        format!("trên {}", shown(100 * one - 1))
    } else {
        shown(steps)
    }
}

/// Whether `num / den` meets a target of `target` percent: above it ("trên",
/// as targets are given), or complete for a target of 100 %. Exact: the
/// figures the reader sees are rounded, the verdict is not. `false` when
/// `den` is 0.
pub fn above_target(num: u64, den: u64, target: f64) -> bool {
    if den == 0 {
        return false;
    }
    if target == 100.0 {
        return num >= den;
    }
    // The target as the data file wrote it is digits / 10^k, so
    // num / den > target / 100 is num · 100 · 10^k > digits · den.
    let text = target.to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let exact = || {
        let digits: u128 = format!("{whole}{fraction}").parse().ok()?;
        let scale = 10u128.checked_pow(u32::try_from(fraction.len()).ok()?)?;
        Some((u128::from(num) * 100).checked_mul(scale)? > digits.checked_mul(u128::from(den))?)
    };
    exact().unwrap_or_else(|| num as f64 * 100.0 / den as f64 > target)
}

/// A number already in percent, as the data file wrote it (at most
/// [`MAX_PLACES`] decimals), trailing zeros trimmed: 60.0 → "60"; 67.5 →
/// "67,5". Non-finite values, which validation should have stopped, print
/// as Rust prints them so the mistake shows.
pub fn decimal(x: f64) -> String {
    // Display gives the shortest digits that read back as `x`, i.e. the number
    // as the data file wrote it: 99.95 stays "99,95", not its binary value.
    let Ok(mut d) = Decimal::try_from_str(&x.to_string()) else {
        return x.to_string();
    };
    d.round_with_mode(
        -i16::from(MAX_PLACES),
        SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfExpand),
    );
    d.trim_end();
    if d.absolute.is_zero() {
        // icu prints negative zero as "-0".
        d.sign = Sign::None;
    }
    format(&d)
}

/// 18930000 → "18.930.000 đồng".
pub fn money(n: u64) -> String {
    format!("{} đồng", integer(n))
}

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// 18930000 → "mười tám triệu chín trăm ba mươi nghìn" (rules in the module doc).
pub fn number_in_words(n: u64) -> String {
    if n == 0 {
        return DIGITS[0].to_owned();
    }
    let mut words = Vec::new();
    push_words(n, &mut words);
    words.join(" ")
}

/// Reads everything above a billion as its own number followed by "tỷ", which
/// is what makes "tỷ" repeat: 1.500.000.000.000 is "một nghìn năm trăm tỷ".
fn push_words(n: u64, words: &mut Vec<&'static str>) {
    const BILLION: u64 = 1_000_000_000;
    let (high, low) = (n / BILLION, n % BILLION);
    let mut first = true;
    if high > 0 {
        push_words(high, words);
        words.push("tỷ");
        first = false;
    }
    let groups = [
        (low / 1_000_000, Some("triệu")),
        (low / 1000 % 1000, Some("nghìn")),
        (low % 1000, None),
    ];
    for (group, scale) in groups {
        if group > 0 {
            push_group(group, first, words);
            words.extend(scale);
            first = false;
        }
    }
}

/// One group of three digits, 1–999. Only the first group of a number may
/// leave out "không trăm" and "linh".
fn push_group(group: u64, first: bool, words: &mut Vec<&'static str>) {
    let (hundreds, tens, units) = (group / 100, group / 10 % 10, group % 10);
    let with_hundreds = !first || hundreds > 0;
    if with_hundreds {
        words.extend([DIGITS[hundreds as usize], "trăm"]);
    }
    match tens {
        0 if units > 0 && with_hundreds => words.push("linh"),
        0 => {}
        1 => words.push("mười"),
        _ => words.extend([DIGITS[tens as usize], "mươi"]),
    }
    match units {
        0 => {}
        1 if tens >= 2 => words.push("mốt"),
        4 if tens >= 2 => words.push("tư"),
        5 if tens >= 1 => words.push("lăm"),
        _ => words.push(DIGITS[units as usize]),
    }
}

/// 18930000 → "Mười tám triệu chín trăm ba mươi nghìn đồng".
pub fn money_in_words(n: u64) -> String {
    let words = number_in_words(n);
    let mut chars = words.chars();
    let capitalised: String = chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    format!("{capitalised} đồng")
}

/// Nghị định 30/2020/NĐ-CP pads days below 10 and months 1 and 2 only.
fn day_and_month(d: Date) -> (String, String) {
    let day = format!("{:02}", d.day());
    let month = if d.month() < 3 {
        format!("{:02}", d.month())
    } else {
        d.month().to_string()
    };
    (day, month)
}

/// "ngày 19 tháng 11 năm 2025", "ngày 05 tháng 01 năm 2020".
pub fn date_long(d: Date) -> String {
    let (day, month) = day_and_month(d);
    format!("ngày {day} tháng {month} năm {}", d.year())
}

/// "29/12/2023", "06/8/2025", "21/02/2023".
pub fn date_short(d: Date) -> String {
    let (day, month) = day_and_month(d);
    format!("{day}/{month}/{}", d.year())
}

const LETTERS: [&str; 23] = [
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t",
    "u", "v", "x", "y",
];

/// Sub-item letter for a 0-based index: 0 → "a", 4 → "đ", 22 → "y",
/// 23 → "aa", 46 → "ba".
pub fn letter(index: usize) -> String {
    let base = LETTERS.len();
    let mut parts = Vec::new();
    let mut rest = index;
    loop {
        parts.push(LETTERS[rest % base]);
        if rest < base {
            break;
        }
        // Bijective numbering (no zero letter), written so it cannot overflow.
        rest = rest / base - 1;
    }
    parts.reverse();
    parts.concat()
}

/// Section numbers: 1 → "I", 4 → "IV", 14 → "XIV". Roman numerals have no
/// zero, so 0 prints "0" and the mistake shows; from 4000 on, "M" repeats.
pub fn roman(n: u32) -> String {
    const NUMERALS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    if n == 0 {
        return "0".to_owned();
    }
    let mut out = String::new();
    let mut rest = n;
    for (value, numeral) in NUMERALS {
        out.push_str(&numeral.repeat((rest / value) as usize));
        rest %= value;
    }
    out
}

/// Change from `previous` to `current`, relative to `previous`, written as
/// [`percent`] writes it: (120, 100, 2) → "tăng 20%"; (90, 100, 2) →
/// "giảm 10%"; equal → "không thay đổi"; `None` when `previous` is 0.
pub fn change(current: u64, previous: u64, places: u8) -> Option<String> {
    if previous == 0 {
        return None;
    }
    Some(match current.cmp(&previous) {
        Ordering::Equal => "không thay đổi".to_owned(),
        Ordering::Greater => format!(
            "tăng {}%",
            percent_number(current - previous, previous, places)
        ),
        Ordering::Less => format!(
            "giảm {}%",
            percent_number(previous - current, previous, places)
        ),
    })
}

/// A name with a capital at the start of each word, and of each part after
/// ' or - ("trần văn bình", "TRẦN VĂN BÌNH" → "Trần Văn Bình"; "h'hen niê"
/// → "H'Hen Niê"); `None` when it has them. Only a word starting in lower
/// case or a name all in capitals is changed, so that "H'Hen Niê" or
/// "Y-Moan" stay as written.
pub fn proper_case(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let all_caps = name == name.to_uppercase()
        && words
            .iter()
            .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 1);
    if !all_caps && !words.iter().any(|w| w.starts_with(char::is_lowercase)) {
        return None;
    }
    let proper: Vec<String> = words
        .iter()
        .map(|w| {
            let mut after_mark = true;
            w.chars()
                .flat_map(|ch| {
                    let start = std::mem::replace(&mut after_mark, matches!(ch, '\'' | '’' | '-'));
                    let mapped: Vec<char> = if start {
                        ch.to_uppercase().collect()
                    } else if all_caps {
                        ch.to_lowercase().collect()
                    } else {
                        vec![ch]
                    };
                    mapped
                })
                .collect()
        })
        .collect();
    Some(proper.join(" "))
}

/// Kinds of administrative unit a place name may start with.
const UNIT_KINDS: &[&str] = &[
    "thành phố",
    "thị trấn",
    "thị xã",
    "đặc khu",
    "phường",
    "quận",
    "huyện",
    "tỉnh",
    "xã",
];

/// The kind of unit a place name starts with, and the name after it:
/// ("xã", "Hòa Bình") of "Xã Hòa Bình".
fn unit_kind(place: &str) -> Option<(&'static str, String)> {
    let words: Vec<&str> = place.split_whitespace().collect();
    UNIT_KINDS.iter().find_map(|kind| {
        let n = kind.split(' ').count();
        let typed = words.get(..n)?.join(" ").to_lowercase();
        (typed == *kind && words.len() > n).then(|| (*kind, words[n..].join(" ")))
    })
}

/// The place before the date with the capitals Phụ lục I, II.4.c wants:
/// each syllable's ("hòa bình" → "Hòa Bình", "phường 12" → "Phường 12");
/// a kind of unit before the name capitalises its first only ("Thị trấn 3",
/// as Phụ lục II, III.1.b writes "Quận 1"). `None` when it has them.
pub fn proper_place(place: &str) -> Option<String> {
    let proper = proper_case(place)?;
    let fixed = match unit_kind(&proper) {
        Some((kind, name)) => {
            let first = proper.split(' ').next().unwrap_or_default();
            match kind.split_once(' ') {
                Some((_, more)) => format!("{first} {more} {name}"),
                None => format!("{first} {name}"),
            }
        }
        None => proper,
    };
    (fixed != place).then_some(fixed)
}

/// The kind and the unit's own name of a place written in full, unless the
/// unit is named by a number: the decree writes the full name only for a
/// unit named by a number, a person or an event (Phụ lục I, II.4.a), which
/// the name alone does not tell.
pub fn full_place_name(place: &str) -> Option<(&'static str, String)> {
    unit_kind(place).filter(|(_, name)| !name.starts_with(|c: char| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u8, d: u8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    #[test]
    fn integer_groups_with_dots() {
        let cases: &[(u64, &str)] = &[
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1246, "1.246"),
            (7259, "7.259"),
            (18_930_000, "18.930.000"),
            (u64::MAX, "18.446.744.073.709.551.615"),
        ];
        for &(n, want) in cases {
            assert_eq!(integer(n), want, "integer({n})");
        }
    }

    #[test]
    fn count_pads_single_digits() {
        let cases: &[(u64, &str)] = &[
            (0, "0"),
            (1, "01"),
            (2, "02"),
            (9, "09"),
            (10, "10"),
            (12, "12"),
            (1246, "1.246"),
        ];
        for &(n, want) in cases {
            assert_eq!(count(n), want, "count({n})");
        }
    }

    #[test]
    fn percent_rounds_exactly_with_fixed_decimals() {
        let cases: &[(u64, u64, u8, Option<&str>)] = &[
            (7256, 7259, 2, Some("99,96%")),
            (29, 4120, 2, Some("0,70%")),
            (2229, 2230, 2, Some("99,96%")),
            (5208, 5246, 2, Some("99,28%")),
            (4395, 4780, 2, Some("91,95%")),
            (2, 3, 2, Some("66,67%")),
            (1, 3, 2, Some("33,33%")),
            (1, 8, 2, Some("12,50%")),
            (1, 8, 1, Some("12,5%")),
            // Half away from zero: 12.5 → 13, 0.125 → 0.13.
            (1, 8, 0, Some("13%")),
            (1, 800, 2, Some("0,13%")),
            (2, 3, 0, Some("67%")),
            // Exactly whole: no decimals.
            (1, 1, 2, Some("100%")),
            (1, 2, 2, Some("50%")),
            (0, 5, 2, Some("0%")),
            (3, 2, 2, Some("150%")),
            (100_000, 10, 2, Some("1.000.000%")),
            // Rounding would make it complete, or nothing: bounded instead.
            (99_999, 100_000, 2, Some("trên 99,99%")),
            (99_995, 100_000, 2, Some("trên 99,99%")),
            (99_994, 100_000, 2, Some("99,99%")),
            (7256, 7259, 0, Some("trên 99%")),
            (4, 100_000, 2, Some("dưới 0,01%")),
            (5, 100_000, 2, Some("0,01%")),
            (1, 1000, 0, Some("dưới 1%")),
            (1, 3, 255, Some("33,3333333333333333%")),
            (u64::MAX, u64::MAX, 2, Some("100%")),
            (u64::MAX, 1, 2, Some("1.844.674.407.370.955.161.500%")),
            (
                u64::MAX - 1,
                u64::MAX,
                MAX_PLACES,
                Some("trên 99,9999999999999999%"),
            ),
            // More than the whole (an error of the data) rounds plainly.
            (100_001, 100_000, 2, Some("100,00%")),
            (5, 0, 2, None),
            (0, 0, 2, None),
        ];
        for &(num, den, places, want) in cases {
            assert_eq!(
                percent(num, den, places).as_deref(),
                want,
                "percent({num}, {den}, {places})"
            );
        }
    }

    #[test]
    fn above_target_compares_exactly() {
        // (num, den, target, above)
        let cases: &[(u64, u64, f64, bool)] = &[
            (7256, 7259, 99.96, false), // 99,9587…%
            (7256, 7259, 99.95, true),
            (7256, 7259, 99.5, true), // printed "trên 99%" with no decimals
            (2000, 2000, 99.95, true),
            (606, 1000, 60.0, true),
            (600, 1000, 60.0, false), // "trên 60%" is not met by 60 %
            (1200, 2000, 60.0, false),
            (1, 1, 100.0, true), // a 100 % target: met by a complete share
            (99_999, 100_000, 100.0, false),
            (12_345_678, 12_345_679, 99.99, true),
            (25, 2, 999.0, true), // 1250 % is above 999 %
            (1, 3, 33.333_333_333_333_33, true),
            (1, 3, 33.333_333_333_333_34, false),
            (u64::MAX - 1, u64::MAX, 99.999_999_999_999_99, true),
            (5, 0, 0.0, false),
        ];
        for &(num, den, target, want) in cases {
            assert_eq!(
                above_target(num, den, target),
                want,
                "above_target({num}, {den}, {target})"
            );
        }
    }

    #[test]
    fn decimal_prints_as_written() {
        let cases: &[(f64, &str)] = &[
            (60.0, "60"),
            (67.5, "67,5"),
            (99.95, "99,95"),
            (2.675, "2,675"),
            (1234.5, "1.234,5"),
            (0.0, "0"),
            (-0.0, "0"),
            (-2.5, "-2,5"),
            (0.000_000_000_000_000_04, "0"),
            (1e21, "1.000.000.000.000.000.000.000"),
            (5e-324, "0"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "inf"),
        ];
        for &(x, want) in cases {
            assert_eq!(decimal(x), want, "decimal({x})");
        }
    }

    #[test]
    fn money_adds_dong() {
        let cases: &[(u64, &str)] = &[(0, "0 đồng"), (18_930_000, "18.930.000 đồng")];
        for &(n, want) in cases {
            assert_eq!(money(n), want, "money({n})");
        }
    }

    #[test]
    fn number_in_words_follows_the_reading_rules() {
        let cases: &[(u64, &str)] = &[
            (0, "không"),
            (1, "một"),
            (4, "bốn"),
            (5, "năm"),
            (10, "mười"),
            (11, "mười một"),
            (14, "mười bốn"),
            (15, "mười lăm"),
            (20, "hai mươi"),
            (21, "hai mươi mốt"),
            (24, "hai mươi tư"),
            (25, "hai mươi lăm"),
            (31, "ba mươi mốt"),
            (99, "chín mươi chín"),
            (100, "một trăm"),
            (101, "một trăm linh một"),
            (104, "một trăm linh bốn"),
            (105, "một trăm linh năm"),
            (110, "một trăm mười"),
            (111, "một trăm mười một"),
            (115, "một trăm mười lăm"),
            (121, "một trăm hai mươi mốt"),
            (1000, "một nghìn"),
            (1001, "một nghìn không trăm linh một"),
            (1010, "một nghìn không trăm mười"),
            (1100, "một nghìn một trăm"),
            (10_000, "mười nghìn"),
            (15_000, "mười lăm nghìn"),
            (21_000, "hai mươi mốt nghìn"),
            (1_000_000, "một triệu"),
            (1_000_005, "một triệu không trăm linh năm"),
            (1_005_000, "một triệu không trăm linh năm nghìn"),
            (18_930_000, "mười tám triệu chín trăm ba mươi nghìn"),
            (
                13_720_038,
                "mười ba triệu bảy trăm hai mươi nghìn không trăm ba mươi tám",
            ),
            (2_000_000_000, "hai tỷ"),
            (1_000_000_005, "một tỷ không trăm linh năm"),
            (1_000_000_000_000, "một nghìn tỷ"),
            (1_500_000_000_000, "một nghìn năm trăm tỷ"),
            (1_000_000_000_000_000, "một triệu tỷ"),
            (1_000_000_000_000_000_000, "một tỷ tỷ"),
            (1_000_000_001_000_000_000, "một tỷ không trăm linh một tỷ"),
            (
                u64::MAX,
                "mười tám tỷ bốn trăm bốn mươi sáu triệu bảy trăm bốn mươi tư nghìn \
                 không trăm bảy mươi ba tỷ bảy trăm linh chín triệu năm trăm năm mươi \
                 mốt nghìn sáu trăm mười lăm",
            ),
        ];
        for &(n, want) in cases {
            assert_eq!(number_in_words(n), want, "number_in_words({n})");
        }
    }

    #[test]
    fn money_in_words_is_capitalised_and_ends_in_dong() {
        let cases: &[(u64, &str)] = &[
            (0, "Không đồng"),
            (5, "Năm đồng"),
            (18_930_000, "Mười tám triệu chín trăm ba mươi nghìn đồng"),
            (2_000_000_000, "Hai tỷ đồng"),
        ];
        for &(n, want) in cases {
            assert_eq!(money_in_words(n), want, "money_in_words({n})");
        }
    }

    #[test]
    fn dates_pad_small_days_and_first_two_months() {
        let cases: &[((i32, u8, u8), &str, &str)] = &[
            ((2025, 11, 19), "ngày 19 tháng 11 năm 2025", "19/11/2025"),
            ((2020, 1, 5), "ngày 05 tháng 01 năm 2020", "05/01/2020"),
            ((2019, 6, 29), "ngày 29 tháng 6 năm 2019", "29/6/2019"),
            ((2023, 12, 29), "ngày 29 tháng 12 năm 2023", "29/12/2023"),
            ((2025, 8, 6), "ngày 06 tháng 8 năm 2025", "06/8/2025"),
            ((2023, 2, 21), "ngày 21 tháng 02 năm 2023", "21/02/2023"),
            ((2024, 3, 10), "ngày 10 tháng 3 năm 2024", "10/3/2024"),
        ];
        for &((y, m, d), long, short) in cases {
            assert_eq!(date_long(date(y, m, d)), long);
            assert_eq!(date_short(date(y, m, d)), short);
        }
    }

    #[test]
    fn letters_follow_the_vietnamese_alphabet() {
        let cases: &[(usize, &str)] = &[
            (0, "a"),
            (1, "b"),
            (2, "c"),
            (3, "d"),
            (4, "đ"),
            (5, "e"),
            (6, "g"),
            (7, "h"),
            (8, "i"),
            (9, "k"),
            (15, "q"),
            (21, "x"),
            (22, "y"),
            (23, "aa"),
            (24, "ab"),
            (45, "ay"),
            (46, "ba"),
            (23 + 23 * 23, "aaa"),
        ];
        for &(i, want) in cases {
            assert_eq!(letter(i), want, "letter({i})");
        }
        assert!(!letter(usize::MAX).is_empty());
    }

    #[test]
    fn roman_numerals() {
        let cases: &[(u32, &str)] = &[
            (0, "0"),
            (1, "I"),
            (2, "II"),
            (4, "IV"),
            (5, "V"),
            (9, "IX"),
            (14, "XIV"),
            (40, "XL"),
            (90, "XC"),
            (400, "CD"),
            (1994, "MCMXCIV"),
            (3999, "MMMCMXCIX"),
            (4000, "MMMM"),
        ];
        for &(n, want) in cases {
            assert_eq!(roman(n), want, "roman({n})");
        }
    }

    #[test]
    fn change_says_up_or_down() {
        let cases: &[(u64, u64, u8, Option<&str>)] = &[
            (120, 100, 2, Some("tăng 20%")),
            (90, 100, 2, Some("giảm 10%")),
            (100, 100, 2, Some("không thay đổi")),
            (7259, 7256, 2, Some("tăng 0,04%")),
            (1_000_001, 1_000_000, 2, Some("tăng dưới 0,01%")),
            (2, 3, 2, Some("giảm 33,33%")),
            (0, 3, 2, Some("giảm 100%")),
            (u64::MAX, 1, 0, Some("tăng 1.844.674.407.370.955.161.400%")),
            (5, 0, 2, None),
            (0, 0, 2, None),
        ];
        for &(current, previous, places, want) in cases {
            assert_eq!(
                change(current, previous, places).as_deref(),
                want,
                "change({current}, {previous}, {places})"
            );
        }
    }

    #[test]
    fn names_and_places_get_their_capitals() {
        for (typed, name, place) in [
            (
                "trần văn bình",
                Some("Trần Văn Bình"),
                Some("Trần Văn Bình"),
            ),
            (
                "TRẦN VĂN BÌNH",
                Some("Trần Văn Bình"),
                Some("Trần Văn Bình"),
            ),
            ("Trần Văn Bình", None, None),
            ("h'hen niê", Some("H'Hen Niê"), Some("H'Hen Niê")),
            ("H'Hen Niê", None, None),
            ("Y-Moan", None, None),
            ("hòa bình", Some("Hòa Bình"), Some("Hòa Bình")),
            ("phường 12", Some("Phường 12"), Some("Phường 12")),
            ("thị trấn 3", Some("Thị Trấn 3"), Some("Thị trấn 3")),
            ("Thị trấn 3", Some("Thị Trấn 3"), None),
            (
                "THÀNH PHỐ HỒ CHÍ MINH",
                Some("Thành Phố Hồ Chí Minh"),
                Some("Thành phố Hồ Chí Minh"),
            ),
        ] {
            assert_eq!(proper_case(typed).as_deref(), name, "{typed}");
            assert_eq!(proper_place(typed).as_deref(), place, "{typed}");
        }
    }
}
