//! `cchc-gen new`: start a data file, either from a layout's skeleton or
//! from last period's file.
//!
//! Places the official must fill are written as `«điền: ...»`; `check`
//! reports every one left with its line.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};
use unicode_normalization::UnicodeNormalization;

use crate::date::Date;
use crate::diagnostic::io_advice;
use crate::layouts::{self, Layouts};
use crate::model::Period;
use crate::yaml_out::Annotator;

/// The mark of a place still to fill.
const FILL: &str = "«điền";

fn fill(what: &str) -> Value {
    Value::String(format!("{FILL}: {what}»"))
}

/// What a count left to fill asks for; the comment above its key says
/// which count it is.
const COUNT: &str = "số của kỳ này, 0 nếu không có";

/// The date of the plan a report follows: its own, not guessed.
const PLAN_DATE: &str = "ngày ban hành văn bản, dạng 15/01/2026";

/// How to fix a place left to fill.
pub const FILL_HELP: &str = "thay chỗ «điền: ...» bằng nội dung thật";

/// The error of a place left to fill.
pub fn unfilled_message(what: &str) -> String {
    format!("chưa điền: {what}")
}

/// What a place left to fill asks for: "«điền: họ và tên»" → "họ và tên".
pub fn unfilled(text: &str) -> Option<&str> {
    let start = text.find(FILL)?;
    let what = text[start + FILL.len()..]
        .split('»')
        .next()
        .unwrap_or_default();
    Some(what.trim_start_matches(':').trim())
}

/// Options of `new LAYOUT`.
#[derive(Debug, Clone)]
pub struct Fresh {
    pub layout: String,
    pub agency: Option<Commune>,
    pub place: Option<String>,
    pub period: Period,
    pub date: Date,
}

/// A commune-level unit as `--co-quan` names it: "phường Cam Thanh".
#[derive(Debug, Clone, PartialEq)]
pub struct Commune {
    /// "phường", "xã", "thị trấn" or "đặc khu".
    kind: &'static str,
    /// "Cam Thanh".
    name: String,
}

impl Commune {
    /// Reads "phường Cam Thanh", "UBND xã an hòa" or "ỦY BAN NHÂN DÂN
    /// THỊ TRẤN NAM SÁCH": the kind in lower case, each word of the name
    /// capitalised.
    pub fn parse(given: &str) -> Result<Commune, String> {
        let bad = || {
            "ghi loại và tên đơn vị, ví dụ \"phường Cam Thanh\", \"xã An Hòa\" hoặc \"thị trấn Nam Sách\"; với cơ quan khác (ví dụ Trung tâm Phục vụ hành chính công), bỏ --co-quan rồi điền khóa co_quan trong tệp".to_owned()
        };
        let words: String = given.nfc().collect::<String>().to_lowercase();
        let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
        let words = ["ubnd ", "ủy ban nhân dân ", "uỷ ban nhân dân "]
            .iter()
            .find_map(|p| words.strip_prefix(p))
            .unwrap_or(&words);
        let (kind, rest) = ["thị trấn", "phường", "xã", "đặc khu"]
            .into_iter()
            .find_map(|k| Some((k, words.strip_prefix(k)?.strip_prefix(' ')?)))
            .ok_or_else(bad)?;
        let name = crate::vietnamese::proper_case(rest).unwrap_or_else(|| rest.to_owned());
        Ok(Commune { kind, name })
    }

    /// Named by a number ("phường 12"), not a proper name.
    fn numbered(&self) -> bool {
        self.name.starts_with(|c: char| c.is_ascii_digit())
    }

    /// "Phường 12": the kind capitalised, as part of the name of a unit
    /// named by a number, a person or an event (Nghị định 30, Phụ lục II,
    /// mục III.1.b).
    fn official(&self) -> String {
        format!("{} {}", capitalised(self.kind), self.name)
    }

    /// "phường Cam Thanh", but "Phường 12".
    fn full(&self) -> String {
        if self.numbered() {
            self.official()
        } else {
            format!("{} {}", self.kind, self.name)
        }
    }

    /// The place before the date: the name, or the full name of a unit
    /// named by a number (Phụ lục I, mục II.4.a).
    fn place(&self) -> String {
        if self.numbered() {
            self.official()
        } else {
            self.name.clone()
        }
    }
}

/// "Cam" of "cam": the first letter upper case.
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .into_iter()
        .flat_map(char::to_uppercase)
        .chain(chars)
        .collect()
}

fn period_json(p: &Period) -> Value {
    let mut m = Map::new();
    m.insert(
        "loai".into(),
        serde_json::to_value(p.loai.value).unwrap_or_default(),
    );
    m.insert("nam".into(), json!(p.nam.value));
    if let Some(q) = &p.quy {
        m.insert("quy".into(), json!(q.value));
    }
    if let Some(t) = &p.thang {
        m.insert("thang".into(), json!(t.value));
    }
    Value::Object(m)
}

/// The counts of a figures block, each a place to fill; for a fresh file.
fn blank_figures(group: &str) -> Value {
    let keys: &[&str] = match group {
        "ho_so" => &[
            "tiep_nhan_moi",
            "ky_truoc_chuyen_qua",
            "truc_tuyen",
            "truoc_han",
            "dung_han",
            "qua_han",
            "dang_giai_quyet_trong_han",
            "dang_giai_quyet_qua_han",
        ],
        "dich_vu_cong" => &[
            "mot_phan_truc_tiep",
            "mot_phan_truc_tuyen",
            "toan_trinh_co_ho_so",
            "toan_trinh_co_ho_so_truc_tuyen",
            "toan_trinh_truc_tiep",
            "toan_trinh_truc_tuyen",
        ],
        "thanh_toan" => &[
            "tthc_co_phi",
            "tthc_trien_khai",
            "tthc_co_ho_so",
            "tthc_co_giao_dich",
            "ho_so_co_phi",
            "ho_so_thanh_toan_truc_tuyen",
        ],
        "pakn" => &[
            "tiep_nhan_moi",
            "ky_truoc_chuyen_qua",
            "da_xu_ly",
            "cong_khai",
        ],
        "phi" => &["da_thu", "nop_ngan_sach"],
        _ => &[
            "tin_bai_trang_tin",
            "tin_bai_truyen_thanh",
            "hoi_nghi",
            "nguoi_tham_du",
            "to_roi",
            "lop_tap_huan",
            "hoc_vien",
        ],
    };
    Value::Object(
        keys.iter()
            .map(|k| ((*k).to_owned(), fill(COUNT)))
            .collect(),
    )
}

/// The figures groups a skeleton's blocks use, in order.
fn groups_used(blocks: &[Value], out: &mut Vec<String>) {
    for b in blocks {
        if let Some(g) = b.get("chi_so").and_then(Value::as_str) {
            let g = g.split('.').next().unwrap_or(g).to_owned();
            if !out.contains(&g) {
                out.push(g);
            }
        }
        if let Some(children) = b.get("noi_dung").and_then(Value::as_array) {
            groups_used(children, out);
        }
    }
}

/// A section without content gets a paragraph to fill.
fn with_placeholders(blocks: &[Value]) -> Vec<Value> {
    blocks
        .iter()
        .map(|b| {
            let mut b = b.clone();
            if let Value::Object(m) = &mut b
                && (m.contains_key("muc") || m.contains_key("tieu_de"))
            {
                let children = m
                    .get("noi_dung")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                let children = if children.is_empty() {
                    vec![fill("nội dung mục này")]
                } else {
                    with_placeholders(&children)
                };
                m.insert("noi_dung".into(), Value::Array(children));
            }
            b
        })
        .collect()
}

/// The data file for a new report of a layout.
pub fn fresh(layouts: &Layouts, opts: &Fresh) -> Result<String, String> {
    let meta = layouts
        .layout_meta(&opts.layout)
        .map_err(|d| d.headline())?
        .ok_or_else(|| {
            format!(
                "không có mẫu `{}`; xem danh sách bằng `cchc-gen layouts`",
                opts.layout
            )
        })?;
    if meta.loai != layouts::REPORT {
        return Err(format!(
            "`{}` không phải mẫu báo cáo (loại: {})",
            opts.layout, meta.loai
        ));
    }
    let agency = opts.agency.as_ref();
    let ten_goi = agency.map_or_else(
        || fill("tên gọi trong câu, ví dụ UBND phường Cam Thanh"),
        |a| json!(format!("UBND {}", a.full())),
    );
    let second_line = agency.map_or_else(|| fill("PHƯỜNG ..."), |a| json!(a.full().to_uppercase()));
    // As typed, but with the capitals `check` asks for.
    let given = opts
        .place
        .as_ref()
        .map(|p| crate::vietnamese::proper_place(p).unwrap_or_else(|| p.clone()));
    // Whether a name is a person's or an event's cannot be told from it:
    // the official is told the rule instead.
    let note = match (&given, agency) {
        (Some(p), _) => crate::vietnamese::full_place_name(p).map(|(kind, name)| {
            format!(
                "Lấy từ --dia-danh. Nếu {kind} {name} không đặt theo tên người hoặc sự kiện lịch sử, chỉ ghi tên «{name}» ở đây (Nghị định 30, Phụ lục I, mục II.4.a)."
            )
        }),
        (None, Some(a)) if !a.numbered() => {
            let official = a.official();
            Some(format!(
                "Lấy từ --co-quan. Nếu {} đặt theo tên người hoặc sự kiện lịch sử, ghi tên đầy đủ «{official}» ở đây và «UBND {official}» ở ten_goi (Nghị định 30, Phụ lục I, mục II.4.a; Phụ lục II, mục III.1.b).",
                a.full()
            ))
        }
        (None, _) => None,
    };
    let notes: Vec<(&str, String)> = note.map(|n| ("dia_danh", n)).into_iter().collect();
    let place = given
        .or_else(|| agency.map(Commune::place))
        .map_or_else(|| fill("địa danh"), Value::String);
    let ky = opts.period.label();
    let summary = meta.trich_yeu.as_deref().map_or_else(
        || fill("trích yếu nội dung"),
        |t| json!(t.replace("{ky}", &ky)),
    );
    let skeleton = with_placeholders(&meta.khung);
    let mut groups = Vec::new();
    groups_used(&skeleton, &mut groups);
    let mut figures = Map::new();
    for g in &groups {
        figures.insert(g.clone(), blank_figures(g));
    }
    let report = json!({
        "mau": opts.layout,
        "co_quan": { "ten": ["ỦY BAN NHÂN DÂN", second_line], "ten_goi": ten_goi },
        "so": null,
        "ky_hieu": "BC-UBND",
        "dia_danh": place,
        "ngay": opts.date.to_string(),
        "trich_yeu": summary,
        "ky_bao_cao": period_json(&opts.period),
        "danh_so": "la-ma",
        "mo_dau": {
            "tu": "Thực hiện",
            "van_ban": [{
                "loai": "Kế hoạch",
                "so": fill("số/KH-UBND"),
                "ngay": fill(PLAN_DATE),
                "co_quan": ten_goi,
                "trich_yeu": fill("về ...")
            }]
        },
        "noi_dung": skeleton,
        "noi_nhan": [fill("nơi nhận, mỗi dòng một nơi")],
        "luu": format!("VT, {FILL}: đơn vị soạn thảo»"),
        "nguoi_ky": { "quyen_han": "TM. ỦY BAN NHÂN DÂN", "chuc_vu": "CHỦ TỊCH", "ho_ten": fill("họ và tên") },
        "chi_so": figures,
    });
    Ok(Annotator::new().write(
        &report,
        &header(&["Tạo bởi `cchc-gen new`.".into()]),
        &notes,
    ))
}

/// The header of a new file: the schema line, `how` it was made, what to do.
fn header(how: &[String]) -> Vec<String> {
    let schema = format!("yaml-language-server: $schema={SCHEMA_FILE}");
    let todo = "Điền các chỗ «điền: ...», rồi chạy `cchc-gen check` và `cchc-gen build`.";
    std::iter::once(schema)
        .chain(how.iter().cloned())
        .chain([todo.to_owned()])
        .collect()
}

/// The schema file written beside new data files, for editors.
pub const SCHEMA_FILE: &str = "cchc-gen.schema.json";

/// Options of `new --from`.
#[derive(Debug, Clone)]
pub struct FromLast {
    pub from: PathBuf,
    /// The new period; default: the one whose report usually comes next.
    pub period: Option<Period>,
    pub date: Option<Date>,
    /// How last period's file is checked (its layouts).
    pub check: crate::build::Options,
}

/// Why `new --from` wrote nothing.
#[derive(Debug)]
pub enum FromError {
    /// Last period's file does not pass `check`: its problems.
    Unready(Box<crate::build::Outcome>),
    /// A wrong call, said in Vietnamese.
    Usage(String),
}

/// The data file for the next period, from last period's.
pub fn from_last(opts: &FromLast) -> Result<String, FromError> {
    // The new file starts from what it copies: last period's mistakes
    // would be carried over, and its figures compared with.
    let last =
        &crate::build::checked_report(&opts.from, &opts.check).map_err(FromError::Unready)?;
    let old = &last.ky_bao_cao;
    let new = opts.period.clone().unwrap_or_else(|| old.following());
    if !new.follows(old) {
        return Err(FromError::Usage(format!(
            "--ky {} ({}) không sau kỳ của tệp kỳ trước {} ({}); chọn một kỳ kết thúc sau tháng {} năm {}, ví dụ {} (kỳ kế tiếp, mặc định khi bỏ --ky) hoặc {} (cùng kỳ năm sau), hoặc một kỳ dài hơn kết thúc cùng tháng (như báo cáo năm sau báo cáo quý IV)",
            new.spec(),
            new.label(),
            opts.from.display(),
            old.label(),
            old.end_month(),
            old.nam.value,
            old.following().spec(),
            old.a_year_later().spec(),
        )));
    }
    let date = opts
        .date
        .unwrap_or_else(|| shift(last.ngay.value, old, &new));
    let mut v = serde_json::to_value(last).expect("a report serializes");
    prune(&mut v);
    let m = v.as_object_mut().expect("a report is a map");
    // Taken when the new report is issued; left empty after the agency,
    // where a fresh file has it.
    let after_agency = m.keys().position(|k| k == "co_quan").map_or(0, |i| i + 1);
    m.shift_insert(after_agency, "so".into(), Value::Null);
    m.insert("ngay".into(), json!(date.to_string()));
    m.insert("ky_bao_cao".into(), period_json(&new));
    // The old period's label moves to the new one; the old "next" too.
    let renames = [
        (old.label(), new.label()),
        (old.next().label(), new.next().label()),
    ];
    let relabel = |s: &str| -> String { relabel(s, &renames) };
    for key in ["trich_yeu", "ket_luan"] {
        if let Some(x) = m.get_mut(key) {
            map_strings(x, &relabel);
        }
    }
    if let Some(Value::Object(o)) = m.get_mut("mo_dau") {
        if let Some(b) = o.get_mut("bao_cao") {
            map_strings(b, &relabel);
        }
        if let Some(Value::Array(docs)) = o.get_mut("van_ban") {
            for d in docs.iter_mut() {
                if let Value::Object(c) = d {
                    c.insert("so".into(), fill("số/ký hiệu của văn bản kỳ này"));
                    c.insert("ngay".into(), fill(PLAN_DATE));
                    if let Some(t) = c.get_mut("trich_yeu") {
                        map_strings(t, &relabel);
                    }
                }
            }
        }
    } else if m.get("mo_dau").is_some_and(Value::is_string) {
        m.insert("mo_dau".into(), fill("đoạn mở đầu"));
    }
    if let Some(Value::Array(blocks)) = m.get_mut("noi_dung") {
        *blocks = clear_blocks(blocks, &relabel);
    }
    if let Some(Value::Array(apps)) = m.get_mut("phu_luc") {
        for a in apps.iter_mut() {
            clear_appendix(a, &relabel);
        }
    }
    let previous = m.remove("chi_so").unwrap_or(Value::Object(Map::new()));
    let mut blank = previous.clone();
    blank_counts(&mut blank, &relabel);
    m.insert("chi_so".into(), blank);
    // Last period's own comparison is older still: never carried over.
    m.remove("ky_truoc");
    let from = opts.from.display();
    let comparison = if previous.as_object().is_none_or(|p| p.is_empty()) {
        Err(format!("tệp {from} không có số liệu (chi_so)"))
    } else if let Some(why) = old.partial_window() {
        Err(why)
    } else {
        new.comparison(old)
    };
    let kept = match &comparison {
        Ok(label) => {
            m.insert(
                "ky_truoc".into(),
                json!({ "nhan": label, "chi_so": previous }),
            );
            format!(
                "Số liệu {} chép nguyên từ chi_so của {from}, để báo cáo viết «so với {label}».",
                old.label()
            )
        }
        Err(why) => format!(
            "Không có ky_truoc (báo cáo không so sánh số liệu): {why}. Chỉ so sánh với cùng kỳ năm trước hoặc kỳ liền trước cùng độ dài."
        ),
    };
    prune(&mut v);
    let how = [
        format!(
            "Tạo bởi `cchc-gen new --from {from}`: {} ({}) → {} ({}).",
            old.label(),
            last.ngay.value,
            new.label(),
            date
        ),
        "Giữ từ tệp cũ: cơ quan, ký hiệu, địa danh, kính gửi, nơi nhận, người ký, các mục (tên kỳ trong tiêu đề đã chuyển), câu số liệu (so_lieu), chỉ tiêu (chi_tieu), tên cuộc thi (tên kỳ đã chuyển).".into(),
        "Đã thành chỗ «điền»: số văn bản, số và ngày của văn bản ở mo_dau, các đoạn văn, ý, dòng bảng, các số đếm trong chi_so.".into(),
        match comparison {
            Ok(_) => format!("ky_truoc: số liệu {} của tệp cũ.", old.label()),
            Err(_) => "Không có ky_truoc: xem chú thích ở cuối tệp.".into(),
        },
    ];
    Ok(Annotator::new().write(&v, &header(&how), &[("ky_truoc", kept)]))
}

/// Drops keys that are empty (null, `[]`, `{}`), which serde writes for
/// absent optional values, but keeps `so:` visible for the clerk.
fn prune(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.values_mut().for_each(prune);
            m.retain(|k, x| {
                k == "so" && x.is_null()
                    || !(x.is_null()
                        || x.as_array().is_some_and(Vec::is_empty)
                        || x.as_object().is_some_and(Map::is_empty))
            });
        }
        Value::Array(a) => a.iter_mut().for_each(prune),
        _ => {}
    }
}

/// Moves a report's date by as many months as the period's end moved,
/// keeping its day: reports are dated on a set day of the month. A month's
/// last day stays a last day (30/09 → 31/12, 28/02 → 31/03), and the date
/// stays within those a report on the new period may carry.
fn shift(date: Date, old: &Period, new: &Period) -> Date {
    let months = (new.nam.value - old.nam.value) * 12 + i32::from(new.end_month())
        - i32::from(old.end_month());
    let total = date.year() * 12 + i32::from(date.month()) - 1 + months;
    let (y, m) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u8);
    let last_day = Date::clamped(date.year(), date.month(), 31) == Ok(date);
    let day = if last_day { 31 } else { date.day() };
    let shifted = Date::clamped(y, m, day).unwrap_or(date);
    new.report_dates()
        .map_or(shifted, |(first, latest)| shifted.clamp(first, latest))
}

fn relabel(s: &str, renames: &[(String, String)]) -> String {
    // One pass, so that "năm 2025 → 2026" and "năm 2026 → 2027" do not chain.
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    'outer: while !rest.is_empty() {
        for (from, to) in renames {
            if !from.is_empty() && rest.starts_with(from.as_str()) {
                out.push_str(to);
                rest = &rest[from.len()..];
                continue 'outer;
            }
        }
        let c = rest.chars().next().expect("not empty");
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn map_strings(v: &mut Value, f: &dyn Fn(&str) -> String) {
    match v {
        Value::String(s) => *s = f(s),
        Value::Array(a) => a.iter_mut().for_each(|x| map_strings(x, f)),
        _ => {}
    }
}

/// Keeps the section structure, figure blocks and figure sentences; the
/// ward's paragraphs, lists and table rows become places to fill.
fn clear_blocks(blocks: &[Value], relabel: &dyn Fn(&str) -> String) -> Vec<Value> {
    let mut out = Vec::new();
    let mut filled = false;
    for b in blocks {
        match b {
            Value::String(_) => {
                if !filled {
                    out.push(fill("nội dung"));
                    filled = true;
                }
            }
            Value::Object(m) => {
                let mut m = m.clone();
                if let Some(t) = m.get_mut("tieu_de") {
                    map_strings(t, relabel);
                }
                if m.contains_key("ds") {
                    m.insert("ds".into(), json!([fill("ý")]));
                }
                if let Some(Value::Object(t)) = m.get_mut("bang") {
                    clear_rows(t);
                }
                if let Some(Value::Array(children)) = m.get_mut("noi_dung") {
                    *children = clear_blocks(children, relabel);
                }
                out.push(Value::Object(m));
            }
            other => out.push(other.clone()),
        }
    }
    out
}

fn clear_rows(table: &mut Map<String, Value>) {
    let n = table
        .get("cot")
        .and_then(Value::as_array)
        .map_or(1, Vec::len);
    table.insert("dong".into(), json!([vec![fill("ô"); n]]));
}

fn clear_appendix(a: &mut Value, relabel: &dyn Fn(&str) -> String) {
    let Value::Object(m) = a else { return };
    for key in ["tieu_de", "phu_de"] {
        if let Some(x) = m.get_mut(key) {
            map_strings(x, relabel);
        }
    }
    if let Some(Value::Object(t)) = m.get_mut("bang") {
        clear_rows(t);
    }
    if let Some(Value::Array(rows)) = m.get_mut("danh_gia") {
        for r in rows.iter_mut() {
            if let Value::Object(r) = r {
                r.insert("muc_do".into(), fill("Đạt / Không đạt"));
            }
        }
    }
    if let Some(Value::Array(children)) = m.get_mut("noi_dung") {
        *children = clear_blocks(children, relabel);
    }
}

/// Every count and note becomes a place to fill; targets stay, and a
/// contest's name, with the period in it moved on ("… năm 2026").
fn blank_counts(v: &mut Value, relabel: &dyn Fn(&str) -> String) {
    let Value::Object(groups) = v else { return };
    for (name, g) in groups.iter_mut() {
        if name == "chi_tieu" {
            continue;
        }
        blank_group(g, relabel);
    }
}

fn blank_group(g: &mut Value, relabel: &dyn Fn(&str) -> String) {
    match g {
        Value::Number(_) => *g = fill(COUNT),
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if k == "ten" {
                    map_strings(x, relabel);
                } else if x.is_string() {
                    *x = fill("ghi chú");
                } else {
                    blank_group(x, relabel);
                }
            }
        }
        _ => {}
    }
}

/// Writes `text` to `path`, never replacing an existing file unless
/// `force`; also writes the schema beside it when none is there.
pub fn write_new(path: &Path, text: &str, force: bool) -> Result<(), String> {
    let written = if force {
        crate::output::write_atomic(path, text.as_bytes())
    } else {
        crate::output::create_atomic(path, text.as_bytes())
    };
    written.map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => format!(
            "{} đã có; chọn tên khác hoặc thêm --force để ghi đè",
            path.display()
        ),
        _ => format!("không ghi được {}: {}", path.display(), io_advice(&e)),
    })?;
    let schema = path.parent().unwrap_or(Path::new(".")).join(SCHEMA_FILE);
    if !schema.exists() {
        crate::output::write_atomic(&schema, crate::schema::json().as_bytes())
            .map_err(|e| format!("không ghi được {}: {}", schema.display(), io_advice(&e)))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Commune;

    #[test]
    fn commune_names_are_read_in_every_usual_form() {
        let cases = [
            ("phường Cam Thanh", Some("phường Cam Thanh")),
            ("PHƯỜNG CAM THANH", Some("phường Cam Thanh")),
            ("UBND phường Cam Thanh", Some("phường Cam Thanh")),
            ("Ủy ban nhân dân  xã an hòa", Some("xã An Hòa")),
            (
                "UỶ BAN NHÂN DÂN thị trấn Nam Sách",
                Some("thị trấn Nam Sách"),
            ),
            ("thị trấn nam sách", Some("thị trấn Nam Sách")),
            ("xã ea h'leo", Some("xã Ea H'Leo")),
            ("Đặc khu Phú Quốc", Some("đặc khu Phú Quốc")),
            ("phường 12", Some("Phường 12")),
            ("UBND thị trấn 3", Some("Thị trấn 3")),
            ("xã\u{0020}", None),
            ("Cam Thanh", None),
            ("UBND phường", None),
            ("Trung tâm Phục vụ hành chính công phường Cam Thanh", None),
            ("phườngCam Thanh", None),
        ];
        for (given, expected) in cases {
            assert_eq!(
                Commune::parse(given).ok().map(|a| a.full()),
                expected.map(str::to_owned),
                "{given:?}"
            );
        }
        assert_eq!(
            Commune::parse("phu\u{31b}o\u{31b}\u{300}ng Cam Thanh").map(|a| a.full()),
            Ok("phường Cam Thanh".to_owned())
        );
    }
}
