//! `cchc-gen new`: start a data file, either from a layout's skeleton or
//! from last period's file.
//!
//! Places the official must fill are written as `«điền: ...»`; `check`
//! reports every one left with its line.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use crate::date::Date;
use crate::diagnostic::io_advice;
use crate::layouts::{self, Layouts};
use crate::model::{Period, Report};
use crate::yaml_out::Annotator;

/// The mark of a place still to fill.
pub const FILL: &str = "«điền";

fn fill(what: &str) -> Value {
    Value::String(format!("{FILL}: {what}»"))
}

/// Options of `new LAYOUT`.
#[derive(Debug, Clone)]
pub struct Fresh {
    pub layout: String,
    /// The commune or ward, e.g. "phường Cam Thanh".
    pub agency: Option<String>,
    pub place: Option<String>,
    pub period: Period,
    pub date: Date,
}

/// "PHƯỜNG CAM THANH" or "phường cam thanh" → "phường Cam Thanh".
fn proper_name(s: &str) -> String {
    let mut words = s.split_whitespace();
    let mut out = words.next().unwrap_or_default().to_lowercase();
    for w in words {
        let lower = w.to_lowercase();
        let mut chars = lower.chars();
        out.push(' ');
        if let Some(c) = chars.next() {
            out.extend(c.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

/// The name without its kind: "phường Cam Thanh" → "Cam Thanh".
fn place_of(name: &str) -> String {
    let lower = name.to_lowercase();
    for kind in ["thị trấn ", "phường ", "xã ", "đặc khu "] {
        if lower.starts_with(kind) {
            return name[kind.len()..].trim().to_owned();
        }
    }
    name.to_owned()
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

/// The first day of a period.
fn period_start(p: &Period) -> Date {
    Date::new(p.nam.value, p.start_month(), 1).unwrap_or(Date(time::Date::MIN))
}

/// All counts of a figures block with zeros, texts cleared; for a fresh file.
fn zero_figures(group: &str) -> Value {
    match group {
        "ho_so" => json!({
            "tiep_nhan_moi": 0, "ky_truoc_chuyen_qua": 0, "truc_tuyen": 0,
            "truoc_han": 0, "dung_han": 0, "qua_han": 0,
            "dang_giai_quyet_trong_han": 0, "dang_giai_quyet_qua_han": 0
        }),
        "dich_vu_cong" => json!({
            "mot_phan_truc_tiep": 0, "mot_phan_truc_tuyen": 0,
            "toan_trinh_co_ho_so": 0, "toan_trinh_co_ho_so_truc_tuyen": 0,
            "toan_trinh_truc_tiep": 0, "toan_trinh_truc_tuyen": 0
        }),
        "thanh_toan" => json!({
            "tthc_co_phi": 0, "tthc_trien_khai": 0, "tthc_co_ho_so": 0, "tthc_co_giao_dich": 0,
            "ho_so_co_phi": 0, "ho_so_thanh_toan_truc_tuyen": 0
        }),
        "pakn" => {
            json!({ "tiep_nhan_moi": 0, "ky_truoc_chuyen_qua": 0, "da_xu_ly": 0, "cong_khai": 0 })
        }
        "phi" => json!({ "da_thu": 0, "nop_ngan_sach": 0 }),
        _ => json!({
            "tin_bai_trang_tin": 0, "tin_bai_truyen_thanh": 0, "hoi_nghi": 0, "nguoi_tham_du": 0,
            "to_roi": 0, "lop_tap_huan": 0, "hoc_vien": 0
        }),
    }
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
    let file = layouts.layout(&opts.layout).ok_or_else(|| {
        format!(
            "không có mẫu `{}`; xem danh sách bằng `cchc-gen layouts`",
            opts.layout
        )
    })?;
    let meta = layouts::meta(&file).map_err(|d| d.headline())?;
    if meta.loai != "bao-cao" {
        return Err(format!(
            "`{}` không phải mẫu báo cáo (loại: {})",
            opts.layout, meta.loai
        ));
    }
    let name = opts.agency.as_deref().map(proper_name);
    let ten_goi = name.as_ref().map_or_else(
        || fill("tên gọi trong câu, ví dụ UBND phường Cam Thanh"),
        |n| json!(format!("UBND {n}")),
    );
    let second_line = name
        .as_ref()
        .map_or_else(|| fill("PHƯỜNG ..."), |n| json!(n.to_uppercase()));
    let place = opts
        .place
        .clone()
        .or_else(|| name.as_deref().map(place_of))
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
        figures.insert(g.clone(), zero_figures(g));
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
                "ngay": period_start(&opts.period).to_string(),
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
    Ok(Annotator::new().write(&report, &header()))
}

fn header() -> Vec<String> {
    vec![
        format!("yaml-language-server: $schema={SCHEMA_FILE}"),
        "Tạo bởi `cchc-gen new`. Điền các chỗ «điền: ...», rồi chạy `cchc-gen check` và `cchc-gen build`.".into(),
    ]
}

/// The schema file written beside new data files, for editors.
pub const SCHEMA_FILE: &str = "cchc-gen.schema.json";

/// Options of `new --from`.
#[derive(Debug, Clone)]
pub struct FromLast {
    pub from: PathBuf,
    /// The new period; default: the one after last period's.
    pub period: Option<Period>,
    pub date: Option<Date>,
}

/// The data file for the next period, from last period's.
pub fn from_last(opts: &FromLast) -> Result<String, Vec<crate::diagnostic::Diagnostic>> {
    let loaded = crate::load::load_file(&opts.from)?;
    let last: &Report = &loaded.report;
    let old = &last.ky_bao_cao;
    let new = opts.period.clone().unwrap_or_else(|| old.next());
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
                    c.insert("ngay".into(), json!(period_start(&new).to_string()));
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
    let mut zeroed = previous.clone();
    zero_counts(&mut zeroed);
    m.insert("chi_so".into(), zeroed);
    let part = |p: &Period| {
        (
            p.loai.value,
            p.quy.as_ref().map(|q| q.value),
            p.thang.as_ref().map(|m| m.value),
        )
    };
    let comparison = if part(&new) == part(old) && new.nam.value == old.nam.value + 1 {
        format!("cùng kỳ năm {}", old.nam.value)
    } else {
        format!("kỳ trước ({})", old.label())
    };
    m.insert(
        "ky_truoc".into(),
        json!({ "nhan": comparison, "chi_so": previous }),
    );
    prune(&mut v);
    Ok(Annotator::new().write(&v, &header()))
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

/// Moves a date by as many months as the period moved.
fn shift(date: Date, old: &Period, new: &Period) -> Date {
    let months = (new.nam.value - old.nam.value) * 12 + i32::from(new.end_month())
        - i32::from(old.end_month());
    let total = date.year() * 12 + i32::from(date.month()) - 1 + months;
    let (y, m) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u8);
    Date::clamped(y, m, date.day()).unwrap_or(date)
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

/// Every count becomes 0; notes become places to fill; targets stay.
fn zero_counts(v: &mut Value) {
    let Value::Object(groups) = v else { return };
    for (name, g) in groups.iter_mut() {
        if name == "chi_tieu" {
            continue;
        }
        zero_group(g);
    }
}

fn zero_group(g: &mut Value) {
    match g {
        Value::Number(_) => *g = json!(0),
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if k == "ten" {
                    continue;
                }
                if x.is_string() {
                    *x = fill("ghi chú");
                } else {
                    zero_group(x);
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
