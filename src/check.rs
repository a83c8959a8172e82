//! Step 2: check a loaded report. Every rule reports with the place to fix,
//! in Vietnamese, and all problems are collected (not just the first).
//! Errors stop the build; warnings do not.

use std::path::Path;
use std::sync::LazyLock;

use regex_lite::Regex;

use crate::date::Date;
use crate::diagnostic::{Diagnostic, byte_offset, line_column};
use crate::figures::{Count, Figures, total};
use crate::images::SignerImages;
use crate::layouts::{LayoutMeta, Layouts};
use crate::model::{At, Block, Report, StrOr, Table, Text};
use crate::vietnamese as vi;

/// Type abbreviations of Phụ lục III, mục I.
pub const TYPE_CODES: &[(&str, &str)] = &[
    ("NGHỊ QUYẾT", "NQ"),
    ("QUYẾT ĐỊNH", "QĐ"),
    ("CHỈ THỊ", "CT"),
    ("QUY CHẾ", "QC"),
    ("QUY ĐỊNH", "QyĐ"),
    ("THÔNG CÁO", "TC"),
    ("THÔNG BÁO", "TB"),
    ("HƯỚNG DẪN", "HD"),
    ("CHƯƠNG TRÌNH", "CTr"),
    ("KẾ HOẠCH", "KH"),
    ("PHƯƠNG ÁN", "PA"),
    ("ĐỀ ÁN", "ĐA"),
    ("DỰ ÁN", "DA"),
    ("BÁO CÁO", "BC"),
    ("BIÊN BẢN", "BB"),
    ("TỜ TRÌNH", "TTr"),
];

/// Signing authority prefixes of Phụ lục I, mục II.7.b.
pub const AUTHORITY_PREFIXES: &[&str] = &["TM.", "KT.", "Q.", "TL.", "TUQ."];

/// Figures groups a data file may place with `chi_so:`.
pub const FIGURE_GROUPS: &[&str] = &[
    "ho_so",
    "dich_vu_cong",
    "thanh_toan",
    "pakn",
    "phi",
    "tuyen_truyen",
];

struct Checker<'a> {
    file: &'a Path,
    /// The data file's text, to place a diagnostic inside a long text.
    source: &'a str,
    out: Vec<Diagnostic>,
    /// The figures `so_lieu` sentences may use; `None` while counts are
    /// still to fill (read as 0, their rates are missing until then).
    derived: Option<&'a crate::figures::Derived>,
}

impl Checker<'_> {
    /// Where `needle` stands in the file, searched from the start of the
    /// text `t` (a paragraph may run over many lines); the start of `t`
    /// when the file spells it otherwise, as with an escape.
    fn inside(&self, t: &Text, needle: &str) -> At<()> {
        let start = byte_offset(self.source, t.line, t.column);
        // The text as written: its value, plus the indentation and quotes
        // of its lines.
        let mut end = (start + 2 * t.value.len() + 80).min(self.source.len());
        while !self.source.is_char_boundary(end) {
            end -= 1;
        }
        let (line, column) = match self.source.get(start..end).and_then(|s| s.find(needle)) {
            Some(i) => line_column(self.source, start + i),
            None => (t.line, t.column),
        };
        At {
            value: (),
            line,
            column,
        }
    }

    fn error<T>(
        &mut self,
        at: &At<T>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> &mut Diagnostic {
        self.out
            .push(Diagnostic::error(self.file, at.line, at.column, message).with_help(help));
        self.out.last_mut().expect("just pushed")
    }
    fn warning<T>(
        &mut self,
        at: &At<T>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> &mut Diagnostic {
        self.out
            .push(Diagnostic::warning(self.file, at.line, at.column, message).with_help(help));
        self.out.last_mut().expect("just pushed")
    }
}

/// What the build works out from a report before checking it, once.
pub struct Prepared<'a> {
    /// The report's layout, as the build found it.
    pub layout: Layout<'a>,
    /// The data file's text.
    pub source: &'a str,
    /// `None` while counts are still to fill.
    pub derived: Option<&'a crate::figures::Derived>,
    pub images: &'a SignerImages,
}

/// What the build found for the layout a report names in `mau`.
#[derive(Debug, Clone, Copy)]
pub enum Layout<'a> {
    /// Its front matter.
    Found(&'a LayoutMeta),
    /// No such layout: an error of `mau`.
    Missing,
    /// The user's file is there but cannot be read, or its front matter is
    /// wrong: already reported, in the layout file.
    Unreadable,
}

/// Every problem of a report.
pub fn check(
    file: &Path,
    report: &Report,
    layouts: &Layouts,
    prepared: &Prepared,
) -> Vec<Diagnostic> {
    let mut c = Checker {
        file,
        source: prepared.source,
        out: Vec::new(),
        derived: prepared.derived,
    };
    check_layout(&mut c, report, layouts, prepared.layout);
    // The sections are checked against a report layout only.
    let layout = match prepared.layout {
        Layout::Found(m) if m.loai == crate::layouts::REPORT => Some(m),
        _ => None,
    };
    check_number(&mut c, report);
    check_dates(&mut c, report);
    check_period(&mut c, report);
    check_place(&mut c, &report.dia_danh);
    check_recipients(&mut c, report);
    check_signer(&mut c, report, prepared.images);
    // The figures library says which sentences each group has.
    let sentences = match layouts.layout_meta("chi-so") {
        Ok(meta) => meta.unwrap_or_default(),
        Err(d) => {
            c.out.push(d);
            LayoutMeta::default()
        }
    };
    let levels = crate::view::section_levels(crate::view::numbering(report));
    let body = Place::Body;
    check_blocks(
        &mut c,
        &report.noi_dung,
        report,
        layout,
        &sentences,
        levels,
        body,
    );
    for p in &report.phu_luc {
        let place = Place::Appendix;
        check_blocks(
            &mut c,
            &p.noi_dung,
            report,
            layout,
            &sentences,
            levels,
            place,
        );
        if let Some(t) = &p.bang {
            check_table(&mut c, t, place);
        }
    }
    check_figures(&mut c, &report.chi_so);
    if let Some(prev) = &report.ky_truoc {
        check_figures(&mut c, &prev.chi_so);
    }
    check_texts(&mut c, report);
    check_years(&mut c, report, layout);
    if !report.phu_luc.is_empty() && !mentions_appendix(&report.noi_dung) {
        let first = &report.phu_luc[0].tieu_de.0[0];
        c.warning(
            first,
            "nội dung báo cáo chưa nhắc đến phụ lục kèm theo",
            "thêm một câu dẫn chiếu, ví dụ \"(chi tiết tại Phụ lục kèm theo)\", vào mục có liên quan",
        )
        .rule = Some("Phụ lục I, mục III.1".into());
    }
    if let Some(p) = &report.so_thap_phan
        && p.value > 4
    {
        c.error(
            p,
            "số chữ số thập phân của tỷ lệ quá lớn",
            "ghi từ 0 đến 4 (thường là 2)",
        );
    }
    c.out
}

fn check_layout(c: &mut Checker, report: &Report, layouts: &Layouts, layout: Layout) {
    let names = || {
        layouts
            .list()
            .into_iter()
            .filter(|(_, m, _)| m.as_ref().is_ok_and(|m| m.loai == crate::layouts::REPORT))
            .map(|(n, _, _)| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let help = || {
        format!(
            "chọn một mẫu có sẵn: {}; hoặc đặt tệp mẫu vào thư mục layouts/",
            names()
        )
    };
    match layout {
        Layout::Missing => {
            c.error(
                &report.mau,
                format!("không có mẫu `{}`", report.mau.value),
                help(),
            );
        }
        // A library or an appendix layout would give an empty page.
        Layout::Found(m) if m.loai != crate::layouts::REPORT => {
            c.error(
                &report.mau,
                format!(
                    "`{}` không phải mẫu báo cáo (loại: {})",
                    report.mau.value, m.loai
                ),
                help(),
            );
        }
        Layout::Found(_) | Layout::Unreadable => {}
    }
    for m in report.phu_luc.iter().filter_map(|p| p.mau.as_ref()) {
        match layouts.layout(&format!("phu-luc-{}", m.value)) {
            Ok(Some(_)) => {}
            Ok(None) => {
                c.error(
                    m,
                    format!("không có mẫu phụ lục `{}`", m.value),
                    "dùng `bang` (bảng chung) hoặc `bieu-tong-hop` (Biểu tổng hợp đánh giá)",
                );
            }
            Err(d) => c.out.push(d),
        }
    }
}

fn check_number(c: &mut Checker, report: &Report) {
    if let Some(n) = &report.so
        && n.value == 0
    {
        c.error(
            n,
            "số văn bản phải từ 1 trở lên",
            "ghi số thứ tự văn bản trong năm, ví dụ `so: 167`, hoặc bỏ dòng `so` khi chưa lấy số",
        )
        .rule = Some("Phụ lục I, mục II.3".into());
    }
    static SYMBOL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[A-ZĐa-zđ]+(-[A-ZĐ0-9&]+)+$").expect("valid regex"));
    let sym = &report.ky_hieu;
    if !SYMBOL.is_match(&sym.value) {
        c.error(
            sym,
            format!("ký hiệu văn bản `{}` viết sai", sym.value),
            "ký hiệu gồm chữ viết tắt tên loại và tên cơ quan, viết hoa, nối bằng dấu gạch nối, không có dấu cách, ví dụ `BC-UBND`",
        )
        .rule = Some("Phụ lục I, mục II.3".into());
        return;
    }
    let kind = report
        .ten_loai
        .as_ref()
        .map_or_else(|| "BÁO CÁO".to_owned(), |t| t.value.to_uppercase());
    let code = sym.value.split('-').next().unwrap_or_default();
    if let Some((_, expected)) = TYPE_CODES.iter().find(|(k, _)| *k == kind)
        && code != *expected
    {
        c.error(
            sym,
            format!("ký hiệu `{}` không khớp tên loại văn bản {kind}: chữ viết tắt phải là `{expected}`", sym.value),
            format!("sửa thành `{expected}-{}`", sym.value.split_once('-').map_or("", |x| x.1)),
        )
        .rule = Some("Phụ lục III, mục I".into());
    }
}

fn check_dates(c: &mut Checker, report: &Report) {
    let date = report.ngay.value;
    let cited = report.mo_dau.iter().flat_map(|m| match m {
        StrOr::Other(o) => o
            .van_ban
            .iter()
            .filter_map(|v| match v {
                StrOr::Other(c) => Some(c),
                StrOr::Str(_) => None,
            })
            .collect(),
        StrOr::Str(_) => Vec::new(),
    });
    for cit in cited {
        if cit.ngay.value > date {
            c.error(
                &cit.ngay,
                format!(
                    "{} số {} ghi ngày {}, sau ngày của báo cáo ({})",
                    cit.loai.value,
                    cit.so.value,
                    vi::date_short(cit.ngay.value),
                    vi::date_short(date)
                ),
                "văn bản được căn cứ phải ban hành trước báo cáo: kiểm tra lại ngày, tháng, năm",
            );
        }
    }
}

fn check_period(c: &mut Checker, report: &Report) {
    use crate::model::PeriodKind;
    let p = &report.ky_bao_cao;
    // Without a valid quarter or month the period's dates are unknown: stop there.
    match (p.loai.value, &p.quy, &p.thang) {
        (PeriodKind::Quarter, None, _) => {
            c.error(
                &p.loai,
                "kỳ báo cáo theo quý nhưng thiếu số quý",
                "thêm `quy: 1` (đến 4) vào ky_bao_cao",
            );
            return;
        }
        (PeriodKind::Quarter, Some(q), _) if !(1..=4).contains(&q.value) => {
            c.error(
                q,
                format!("quý {} không tồn tại", q.value),
                "quý chỉ từ 1 đến 4",
            );
            return;
        }
        (PeriodKind::Month, _, None) => {
            c.error(
                &p.loai,
                "kỳ báo cáo theo tháng nhưng thiếu số tháng",
                "thêm `thang: 1` (đến 12) vào ky_bao_cao",
            );
            return;
        }
        (PeriodKind::Month, _, Some(m)) if !(1..=12).contains(&m.value) => {
            c.error(
                m,
                format!("tháng {} không tồn tại", m.value),
                "tháng chỉ từ 1 đến 12",
            );
            return;
        }
        _ => {}
    }
    if let Some(q) = p
        .quy
        .as_ref()
        .filter(|_| p.loai.value != PeriodKind::Quarter)
    {
        c.error(
            q,
            "chỉ ghi `quy` khi kỳ báo cáo là quý",
            "xóa dòng `quy`, hoặc đổi `loai: quy`",
        );
    }
    if let Some(m) = p
        .thang
        .as_ref()
        .filter(|_| p.loai.value != PeriodKind::Month)
    {
        c.error(
            m,
            "chỉ ghi `thang` khi kỳ báo cáo là tháng",
            "xóa dòng `thang`, hoặc đổi `loai: thang`",
        );
    }
    let year = p.nam.value;
    let Some((start, latest)) = p.report_dates() else {
        c.error(
            &p.nam,
            format!("năm {year} không hợp lệ"),
            "ghi năm có 4 chữ số, ví dụ 2025",
        );
        return;
    };
    let date = report.ngay.value;
    if date < start || date > latest {
        c.error(
            &report.ngay,
            format!(
                "ngày báo cáo {} không khớp kỳ báo cáo {}",
                vi::date_short(date),
                p.label()
            ),
            "kiểm tra lại `ngay` và `ky_bao_cao` (báo cáo được lập trong kỳ hoặc ít lâu sau khi kỳ kết thúc)",
        );
    }
    for d in [&p.tu_ngay, &p.den_ngay].into_iter().flatten() {
        // Figures are often counted from 15 December of the year before
        // (Nghị định 09/2019/NĐ-CP, Điều 12); a year's may run into January.
        let (y, m) = (d.value.year(), d.value.month());
        let near = y == year
            || (y == year - 1 && m == 12)
            || (y == year + 1 && p.loai.value == PeriodKind::Year);
        if !near {
            c.error(
                d,
                format!(
                    "ngày {} nằm ngoài kỳ báo cáo {}",
                    vi::date_short(d.value),
                    p.label()
                ),
                "kiểm tra lại năm của ngày này",
            );
        }
        if d.value > date {
            c.error(
                d,
                format!("ngày {} ở sau ngày của báo cáo", vi::date_short(d.value)),
                "số liệu chỉ có thể tính đến ngày lập báo cáo",
            );
        }
    }
    if let (Some(a), Some(b)) = (&p.tu_ngay, &p.den_ngay)
        && a.value > b.value
    {
        c.error(
            b,
            "ngày cuối kỳ ở trước ngày đầu kỳ",
            "đổi chỗ `tu_ngay` và `den_ngay`",
        );
    }
}

/// Marks a recipient may be typed with at its end: the layout adds ";".
const TYPED_ENDS: [char; 3] = [';', '.', ','];

/// A recipient without the marks typed around it: "- Sở Nội vụ." → "Sở Nội vụ".
fn bare_recipient(t: &str) -> &str {
    t.trim_start_matches(|c: char| c == '-' || c == '+' || c.is_whitespace())
        .trim_end_matches(|c: char| TYPED_ENDS.contains(&c) || c.is_whitespace())
}

/// Whether two recipients name the same place, however typed.
fn same_recipient(a: &str, b: &str) -> bool {
    bare_recipient(a).to_lowercase() == bare_recipient(b).to_lowercase()
}

/// What Nơi nhận says for the addressees of "Kính gửi" (Phụ lục I, II.9.b).
const AS_ABOVE: &str = "Như trên";

/// A recipient typed with the dash or end mark the layout adds itself
/// ("- Sở Nội vụ;" prints "- - Sở Nội vụ;;"); "v.v." keeps its full stop.
fn typed_marks(c: &mut Checker, r: &Text) {
    let t = r.value.trim();
    if t.starts_with(['-', '+']) || (t.ends_with(TYPED_ENDS) && !t.ends_with("v.v.")) {
        c.warning(
            r,
            "không gõ dấu đầu dòng (\"-\", \"+\") hay dấu cuối dòng (\";\", \".\", \",\"): cchc-gen tự thêm",
            format!("sửa thành `{}`", bare_recipient(t)),
        )
        .rule = Some("Phụ lục I, mục II.9.d".into());
    }
}

fn check_recipients(c: &mut Checker, report: &Report) {
    // "Như trên (b/c)" is "Như trên" too.
    let as_above = report.noi_nhan.iter().position(|r| {
        bare_recipient(&r.value)
            .to_lowercase()
            .starts_with(&AS_ABOVE.to_lowercase())
    });
    match (report.kinh_gui.first(), as_above) {
        (Some(_), Some(0)) | (None, None) => {}
        (Some(addressee), found) => {
            let (at, help) = match found {
                Some(i) => (
                    &report.noi_nhan[i],
                    format!("chuyển dòng `{AS_ABOVE}` lên đầu `noi_nhan`"),
                ),
                None => (
                    report.noi_nhan.first().unwrap_or(addressee),
                    format!(
                        "thêm dòng `{AS_ABOVE}` vào đầu `noi_nhan` (“{AS_ABOVE}” là các nơi đã ghi ở `kinh_gui`)"
                    ),
                ),
            };
            c.warning(
                at,
                format!("báo cáo có “Kính gửi” nên nơi nhận bắt đầu bằng “{AS_ABOVE}”"),
                help,
            )
            .rule = Some("Phụ lục I, mục II.9.b".into());
        }
        (None, Some(i)) => {
            c.warning(
                &report.noi_nhan[i],
                format!("“{AS_ABOVE}” chỉ dùng khi báo cáo có “Kính gửi”"),
                format!("ghi nơi trực tiếp nhận báo cáo ở `kinh_gui`, hoặc thay “{AS_ABOVE}” bằng tên các nơi nhận"),
            )
            .rule = Some("Phụ lục I, mục II.9.b".into());
        }
    }
    for r in &report.noi_nhan {
        let t = r.value.trim();
        if report.kinh_gui.iter().any(|k| same_recipient(&k.value, t)) {
            c.warning(
                r,
                format!(
                    "“{}” đã có ở “Kính gửi”: “{AS_ABOVE}” đã gồm nơi này",
                    bare_recipient(t)
                ),
                "xóa dòng này khỏi `noi_nhan`",
            )
            .rule = Some("Phụ lục I, mục II.9.b".into());
        } else if t.to_lowercase().starts_with("lưu") {
            c.error(
                r,
                "dòng \"Lưu\" phải là dòng cuối của nơi nhận, ghi ở khóa riêng `luu`",
                "xóa dòng này khỏi `noi_nhan` và ghi `luu: VT, ...`",
            )
            .rule = Some("Phụ lục I, mục II.9.b".into());
        } else {
            typed_marks(c, r);
        }
    }
    for k in &report.kinh_gui {
        typed_marks(c, k);
    }
    if !report.luu.value.trim_start().starts_with("VT") {
        c.warning(
            &report.luu,
            "dòng Lưu nên bắt đầu bằng \"VT\" (Văn thư), sau đó là đơn vị soạn thảo",
            "ví dụ `luu: VT, VHXH`",
        )
        .rule = Some("Phụ lục I, mục II.9.b".into());
    }
}

fn check_signer(c: &mut Checker, report: &Report, images: &SignerImages) {
    let s = &report.nguoi_ky;
    for (image, png, what) in [
        (&s.chu_ky, &images.signature, "chữ ký"),
        (&s.con_dau, &images.seal, "con dấu"),
    ] {
        let (Some(rel), Some(png)) = (image, png) else {
            continue;
        };
        match png {
            Err(why) => {
                c.error(
                    rel,
                    why,
                    format!("ghi đường dẫn ảnh {what} (PNG) tính từ thư mục của tệp dữ liệu"),
                );
            }
            Ok(png) if !png.transparent => {
                c.warning(
                    rel,
                    format!("ảnh {what} không có nền trong suốt"),
                    "xuất lại ảnh dạng PNG nền trong suốt để không che chữ",
                )
                .rule = Some(
                    if what == "chữ ký" {
                        "Phụ lục I, mục II.7.d"
                    } else {
                        "Phụ lục I, mục II.8.a"
                    }
                    .into(),
                );
            }
            Ok(_) => {}
        }
    }
    if let (Some(seal), None) = (&s.con_dau, &s.chu_ky) {
        c.warning(
            seal,
            "có ảnh con dấu nhưng không có ảnh chữ ký",
            "thêm `chu_ky: ...`: con dấu đóng trùm lên khoảng 1/3 chữ ký về bên trái",
        );
    }
    if let Some(q) = &s.quyen_han {
        let prefix = q.value.split_whitespace().next().unwrap_or_default();
        if !AUTHORITY_PREFIXES.contains(&prefix) {
            c.error(
                q,
                format!("quyền hạn ký phải bắt đầu bằng TM., KT., Q., TL. hoặc TUQ. (đang là “{prefix}”)"),
                "ví dụ `TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH`; bỏ dòng `quyen_han` khi người đứng đầu ký trực tiếp",
            )
            .rule = Some("Phụ lục I, mục II.7.b".into());
        }
    }
    for t in [Some(&s.chuc_vu), s.quyen_han.as_ref()]
        .into_iter()
        .flatten()
    {
        if t.value != t.value.to_uppercase() {
            c.warning(
                t,
                "quyền hạn, chức vụ người ký viết bằng chữ in hoa",
                format!("sửa thành `{}`", t.value.to_uppercase()),
            )
            .rule = Some("Phụ lục I, mục II.7.đ".into());
        }
    }
    if let Some(name) = s
        .ho_ten
        .as_ref()
        .filter(|n| crate::new_report::unfilled(&n.value).is_none())
    {
        check_signer_name(c, name);
    }
    if s.ho_ten.is_none() {
        c.warning(
            &s.chuc_vu,
            "chưa có họ tên người ký",
            "thêm `ho_ten: ...` vào `nguoi_ky` trước khi trình ký",
        );
    }
}

/// Titles a signer's name must not carry (Phụ lục I, II.7.c): abbreviated,
/// compared without dots ("PGS.TS", "Th.S", "TS"), or written out.
const TITLE_ABBREVIATIONS: &[&str] = &[
    "gs", "pgs", "ts", "tskh", "ths", "ks", "bs", "ds", "ls", "cn", "pgsts", "gsts",
];
const TITLES: &[&str] = &[
    "giáo sư",
    "phó giáo sư",
    "tiến sĩ",
    "tiến sỹ",
    "thạc sĩ",
    "thạc sỹ",
    "kỹ sư",
    "kĩ sư",
    "bác sĩ",
    "bác sỹ",
    "dược sĩ",
    "luật sư",
    "cử nhân",
    "đại tướng",
    "thượng tướng",
    "trung tướng",
    "thiếu tướng",
    "đại tá",
    "thượng tá",
    "trung tá",
    "thiếu tá",
    "đại úy",
    "thượng úy",
    "trung úy",
    "thiếu úy",
];

/// The title written with a signer's name, as typed: before it, or after a
/// comma ("Nguyễn Văn An, ThS.").
fn title_in(name: &str) -> Option<&str> {
    if let Some((_, after)) = name.split_once(',') {
        return Some(after.trim());
    }
    let first = name.split_whitespace().next()?;
    if TITLE_ABBREVIATIONS.contains(&first.replace('.', "").to_lowercase().as_str()) {
        return Some(first);
    }
    let lower = name.to_lowercase();
    TITLES
        .iter()
        .find(|t| lower.starts_with(*t) && lower[t.len()..].starts_with(' '))
        // As typed when its capitals take the same bytes (Vietnamese ones do).
        .map(|t| name.get(..t.len()).unwrap_or(t))
}

fn check_signer_name(c: &mut Checker, name: &Text) {
    if let Some(title) = title_in(&name.value) {
        c.warning(
            name,
            format!("họ tên người ký không kèm học hàm, học vị hay quân hàm (“{title}”)"),
            "chỉ ghi họ, tên đệm và tên",
        )
        .rule = Some("Phụ lục I, mục II.7.c".into());
        return;
    }
    // "Nguyễn Văn An": in lower case, each word with its capital letter.
    if let Some(proper) = vi::proper_case(&name.value) {
        c.warning(
            name,
            "họ tên người ký viết chữ in thường, hoa chữ cái đầu mỗi chữ",
            format!("sửa thành `{proper}`"),
        )
        .rule = Some("Phụ lục I, mục II.7.đ".into());
    }
}

fn check_place(c: &mut Checker, place: &Text) {
    if crate::new_report::unfilled(&place.value).is_some() {
        return;
    }
    let Some(fixed) = vi::proper_place(&place.value) else {
        return;
    };
    let help = match vi::full_place_name(&fixed) {
        Some((kind, name)) => format!(
            "sửa thành `{fixed}`; nếu {kind} không đặt theo tên người hay sự kiện lịch sử thì chỉ ghi tên `{name}` (Phụ lục I, mục II.4.a)"
        ),
        None => format!("sửa thành `{fixed}`"),
    };
    c.warning(place, "địa danh viết hoa chữ cái đầu của mỗi âm tiết", help)
        .rule = Some("Phụ lục I, mục II.4.c".into());
}

/// Where a block stands: landscape pages are for tables in the body only.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Body,
    Appendix,
}

fn check_table(c: &mut Checker, t: &At<Table>, place: Place) {
    if place == Place::Appendix
        && let Some(landscape) = t.landscape()
    {
        c.error(
            landscape,
            "bảng trong phụ lục không in trên trang nằm ngang: Nghị định chỉ cho trình bày theo chiều rộng khổ giấy khi bảng không làm thành phụ lục riêng",
            "bỏ `ngang: true`; nếu bảng quá nhiều cột, chuyển bảng vào thân báo cáo (`noi_dung`) để in trang ngang, hoặc chia thành hai bảng",
        )
        .rule = Some("Phụ lục I, mục I.2".into());
    }
    let n = t.cot.len();
    if n == 0 {
        c.error(
            t,
            "bảng chưa có cột nào",
            "ghi tiêu đề các cột ở `cot: [...]`",
        );
        return;
    }
    if t.dong.is_empty() {
        c.warning(
            &t.dong,
            "bảng chưa có dòng nào: bản in chỉ có dòng tiêu đề cột",
            "ghi các dòng ở `dong:`, mỗi dòng một danh sách ô (`- [ô 1, ô 2]`); không có số liệu thì bỏ bảng và viết một câu, ví dụ \"Trong kỳ không phát sinh hồ sơ quá hạn.\"",
        );
    }
    for row in t.dong.iter() {
        if row.value.len() != n {
            c.error(
                row,
                format!("dòng có {} ô nhưng bảng có {n} cột", row.value.len()),
                "thêm hoặc bớt ô cho đủ số cột (ô trống ghi \"\")",
            );
        }
    }
    if let Some(w) = &t.do_rong
        && w.len() != n
    {
        c.error(
            w,
            format!("có {} độ rộng cho {n} cột", w.len()),
            "ghi đúng một độ rộng cho mỗi cột, hoặc bỏ `do_rong` để các cột rộng bằng nhau",
        );
    }
    for zero in t
        .do_rong
        .iter()
        .flat_map(|w| w.iter())
        .filter(|w| w.value == 0)
    {
        c.error(
            zero,
            "độ rộng cột là 0: cột sẽ không có chỗ cho chữ",
            "độ rộng là số phần của chiều ngang bảng, từ 1 (ví dụ `do_rong: [1, 6, 2]`)",
        );
    }
}

fn check_blocks(
    c: &mut Checker,
    blocks: &[At<Block>],
    report: &Report,
    layout: Option<&LayoutMeta>,
    sentences: &LayoutMeta,
    levels_left: usize,
    place: Place,
) {
    for b in blocks {
        // Blank text is told by `load`, with the other values not written.
        let StrOr::Other(m) = &b.value else { continue };
        if m.ds.as_ref().is_some_and(Vec::is_empty) {
            c.warning(
                b,
                "danh sách trống: không có ý nào được in",
                "ghi các ý dưới `ds:`, mỗi ý một dòng \"- \", hoặc xóa khối này",
            );
        }
        if crate::view::is_section(m) && levels_left == 0 {
            c.error(
                b,
                "mục lồng quá sâu: dưới mục a) không còn cấp đánh số nào (I., 1., 1.1., a))",
                "viết các ý của cấp này thành danh sách `ds:` (các dòng \"- \") trong mục a), hoặc đưa mục lên một cấp",
            );
            continue;
        }
        let kinds = [
            m.ds.is_some(),
            m.bang.is_some(),
            m.chi_so.is_some(),
            m.so_lieu.is_some(),
        ]
        .iter()
        .filter(|x| **x)
        .count();
        if kinds > 1
            || (kinds == 1 && (m.tieu_de.is_some() || m.muc.is_some() || m.noi_dung.is_some()))
        {
            c.error(
                b,
                "một khối chỉ được là một loại: mục (tieu_de/muc + noi_dung), danh sách (ds), bảng (bang), câu số liệu (chi_so) hoặc đoạn có số liệu (so_lieu)",
                "tách thành nhiều khối, mỗi khối một dòng \"- \" riêng",
            );
            continue;
        }
        if let (Some(_), Some(_), Some(h)) = (&m.tieu_de, &m.muc, m.heading()) {
            c.warning(
                h,
                "khối có cả `tieu_de` và `muc`: dùng tiêu đề tự ghi",
                "xóa một trong hai khóa",
            );
        }
        // A figures block is content even at 0: the layout then says
        // nothing happened.
        if crate::view::is_section(m) && m.noi_dung.as_ref().is_none_or(Vec::is_empty) {
            let name = m.section_name();
            let (line, column) = m
                .heading()
                .map_or((b.line, b.column), |h| (h.line, h.column));
            c.warning(
                &At {
                    value: (),
                    line,
                    column,
                },
                format!("{name} không có nội dung"),
                "viết nội dung của mục vào `noi_dung:`, hoặc xóa mục này",
            );
        }
        if let (Some(mu), Some(layout)) = (&m.muc, layout)
            && !layout.muc.iter().any(|(k, _)| *k == mu.value)
        {
            let keys: Vec<&str> = layout.muc.iter().map(|(k, _)| k.as_str()).collect();
            let help = match crate::load::closest(&mu.value, &keys) {
                Some(best) => format!(
                    "có phải là `{best}`? Các mục của mẫu `{}`: {}",
                    report.mau.value,
                    keys.join(", ")
                ),
                None => format!(
                    "các mục của mẫu `{}`: {}; hoặc ghi `tieu_de:` tự đặt",
                    report.mau.value,
                    keys.join(", ")
                ),
            };
            c.error(
                mu,
                format!("mẫu `{}` không có mục `{}`", report.mau.value, mu.value),
                help,
            );
        }
        if let Some(d) = &m.dau
            && !["-", "+"].contains(&d.value.as_str())
        {
            c.error(
                d,
                format!("dấu đầu dòng `{}` không dùng được", d.value),
                "dùng `-` hoặc `+`",
            );
        }
        if let Some(g) = &m.chi_so {
            check_figure_block(c, g, &report.chi_so, sentences);
        }
        if let Some(t) = &m.so_lieu
            && let Some(derived) = c.derived
            && let Err(name) = crate::figures::fill(&t.value, derived)
        {
            let names = crate::figures::names(derived);
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            let help = match crate::load::closest(&name, &refs) {
                Some(best) => format!("có phải là `{{{best}}}`? Số liệu được dùng phải có trong `chi_so`"),
                None => "ghi `{nhóm.tên}` với nhóm và tên số liệu có trong `chi_so`, ví dụ `{ho_so.ty_le_truoc_han}` (xem README, mục Số liệu)".to_owned(),
            };
            c.error(
                t,
                format!(
                    "không có số liệu `{{{name}}}` (chưa nhập, hoặc là tỷ lệ có mẫu số bằng 0)"
                ),
                help,
            );
        }
        if let Some(t) = &m.bang {
            check_table(c, t, place);
        }
        if let Some(children) = &m.noi_dung {
            let left = levels_left.saturating_sub(1);
            check_blocks(c, children, report, layout, sentences, left, place);
        }
    }
}

fn check_figure_block(c: &mut Checker, g: &Text, f: &Figures, sentences: &LayoutMeta) {
    let (group, sentence) = match g.value.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (g.value.as_str(), None),
    };
    if let (Some(s), Some(known)) = (sentence, sentences.cau.get(group))
        && !known.iter().any(|k| k == s)
    {
        let refs: Vec<&str> = known.iter().map(String::as_str).collect();
        let help = match crate::load::closest(s, &refs) {
            Some(best) => format!(
                "có phải là `{group}.{best}`? Các câu của nhóm `{group}`: {}",
                refs.join(", ")
            ),
            None => format!("các câu của nhóm `{group}`: {}", refs.join(", ")),
        };
        c.error(g, format!("nhóm `{group}` không có câu `{s}`"), help);
    }
    let present = match group {
        "ho_so" => f.ho_so.is_some(),
        "dich_vu_cong" => f.dich_vu_cong.is_some(),
        "thanh_toan" => f.thanh_toan.is_some(),
        "pakn" => f.pakn.is_some(),
        "phi" => f.phi.is_some(),
        "tuyen_truyen" => f.tuyen_truyen.is_some(),
        other => {
            let help = match crate::load::closest(other, FIGURE_GROUPS) {
                Some(best) => format!(
                    "có phải là `{best}`? Các nhóm: {}",
                    FIGURE_GROUPS.join(", ")
                ),
                None => format!("các nhóm số liệu: {}", FIGURE_GROUPS.join(", ")),
            };
            c.error(g, format!("không có nhóm số liệu `{other}`"), help);
            return;
        }
    };
    if !present {
        c.error(
            g,
            format!(
                "khối `chi_so: {}` cần số liệu `chi_so.{group}` nhưng dữ liệu chưa có",
                g.value
            ),
            format!("thêm khối `{group}:` vào `chi_so` (cuối tệp), hoặc xóa khối này"),
        );
    }
}

/// `part ≤ whole`, pointing at the part.
fn at_most(
    c: &mut Checker,
    part: Option<&Count>,
    part_name: &str,
    whole: Option<u64>,
    whole_name: &str,
) {
    if let (Some(p), Some(w)) = (part, whole)
        && p.value > w
    {
        let rate = vi::percent(p.value, w, 2)
            .map_or(String::new(), |r| format!(" (tỷ lệ sẽ là {r}, vượt 100%)"));
        c.error(
            p,
            format!(
                "{part_name} ({}) lớn hơn {whole_name} ({}){rate}",
                vi::integer(p.value),
                vi::integer(w)
            ),
            format!("một phần không thể lớn hơn tổng: kiểm tra lại {part_name} và {whole_name}"),
        );
    }
}

fn val(c: &Option<Count>) -> Option<u64> {
    c.as_ref().map(|c| c.value)
}

fn check_figures(c: &mut Checker, f: &Figures) {
    // (part, its name, whole, its name): a part never exceeds its whole, so
    // no rate can pass 100 %.
    let mut parts: Vec<(Option<&Count>, &str, Option<u64>, &str)> = Vec::new();
    if let Some(h) = &f.ho_so {
        let moi = h.tiep_nhan_moi.value;
        if let (Some(a), Some(b)) = (&h.truc_tuyen, &h.truc_tiep)
            && total([a.value, b.value]) != moi
        {
            c.error(
                b,
                format!(
                    "trực tuyến ({}) + trực tiếp ({}) = {}, khác số mới tiếp nhận ({})",
                    vi::integer(a.value),
                    vi::integer(b.value),
                    vi::integer(total([a.value, b.value])),
                    vi::integer(moi)
                ),
                "hai phần phải cộng lại bằng số mới tiếp nhận; có thể chỉ ghi một phần, cchc-gen tự tính phần còn lại",
            );
        }
        let online =
            val(&h.truc_tuyen).or_else(|| val(&h.truc_tiep).map(|b| moi.saturating_sub(b)));
        let received = total([moi, val(&h.ky_truoc_chuyen_qua).unwrap_or(0)]);
        let solved = total(
            [&h.truoc_han, &h.dung_han, &h.qua_han]
                .iter()
                .filter_map(|x| val(x)),
        );
        let pending = total(
            [&h.dang_giai_quyet_trong_han, &h.dang_giai_quyet_qua_han]
                .iter()
                .filter_map(|x| val(x)),
        );
        let withdrawn = val(&h.tam_dung_rut).unwrap_or(0);
        let handled = total([solved, pending, withdrawn]);
        if handled > received {
            let at = [
                &h.qua_han,
                &h.dung_han,
                &h.truoc_han,
                &h.dang_giai_quyet_qua_han,
                &h.dang_giai_quyet_trong_han,
                &h.tam_dung_rut,
            ]
            .into_iter()
            .flatten()
            .next()
            .unwrap_or(&h.tiep_nhan_moi);
            c.error(
                at,
                format!(
                    "đã giải quyết ({}) + đang giải quyết ({}) + tạm dừng, rút ({}) = {}, lớn hơn tổng số tiếp nhận ({})",
                    vi::integer(solved),
                    vi::integer(pending),
                    vi::integer(withdrawn),
                    vi::integer(handled),
                    vi::integer(received)
                ),
                "kiểm tra lại các số hồ sơ: không thể giải quyết nhiều hơn số đã tiếp nhận",
            );
        }
        let solved = (solved > 0).then_some(solved);
        parts.extend([
            (
                h.truc_tuyen.as_ref(),
                "số hồ sơ trực tuyến",
                Some(moi),
                "số mới tiếp nhận",
            ),
            (
                h.truc_tiep.as_ref(),
                "số hồ sơ trực tiếp",
                Some(moi),
                "số mới tiếp nhận",
            ),
            (
                h.truc_tuyen_tiep_nhan_dung_han.as_ref(),
                "số hồ sơ trực tuyến tiếp nhận đúng hạn",
                online,
                "số hồ sơ trực tuyến",
            ),
            (
                h.cap_nhat_he_thong.as_ref(),
                "số hồ sơ cập nhật lên hệ thống",
                Some(received),
                "tổng số tiếp nhận",
            ),
            (
                h.so_hoa.as_ref(),
                "số hồ sơ được số hóa",
                solved,
                "số hồ sơ đã giải quyết",
            ),
            (
                h.ket_qua_dien_tu.as_ref(),
                "số kết quả điện tử",
                solved,
                "số hồ sơ đã giải quyết",
            ),
            (
                h.chung_thuc_dien_tu.as_ref(),
                "số bản chứng thực điện tử",
                val(&h.chung_thuc),
                "số hồ sơ chứng thực",
            ),
        ]);
    }
    if let Some(d) = &f.dich_vu_cong {
        parts.push((
            d.toan_trinh_co_ho_so_truc_tuyen.as_ref(),
            "số DVC toàn trình có hồ sơ trực tuyến",
            val(&d.toan_trinh_co_ho_so),
            "số DVC toàn trình có phát sinh hồ sơ",
        ));
    }
    if let Some(p) = &f.thanh_toan {
        parts.extend([
            (
                p.tthc_trien_khai.as_ref(),
                "số TTHC triển khai thanh toán trực tuyến",
                val(&p.tthc_co_phi),
                "số TTHC có yêu cầu nghĩa vụ tài chính",
            ),
            (
                p.tthc_co_ho_so.as_ref(),
                "số TTHC có phát sinh hồ sơ",
                val(&p.tthc_trien_khai),
                "số TTHC triển khai thanh toán trực tuyến",
            ),
            (
                p.tthc_co_giao_dich.as_ref(),
                "số TTHC có giao dịch thanh toán trực tuyến",
                val(&p.tthc_co_ho_so),
                "số TTHC có phát sinh hồ sơ",
            ),
            (
                p.ho_so_thanh_toan_truc_tuyen.as_ref(),
                "số hồ sơ thanh toán trực tuyến",
                val(&p.ho_so_co_phi),
                "số hồ sơ có yêu cầu nghĩa vụ tài chính",
            ),
        ]);
    }
    if let Some(p) = &f.pakn {
        let received = total([
            p.tiep_nhan_moi.value,
            val(&p.ky_truoc_chuyen_qua).unwrap_or(0),
        ]);
        parts.extend([
            (
                Some(&p.da_xu_ly),
                "số PAKN đã xử lý",
                Some(received),
                "tổng số PAKN tiếp nhận",
            ),
            (
                p.cong_khai.as_ref(),
                "số PAKN đăng tải công khai",
                Some(p.da_xu_ly.value),
                "số PAKN đã xử lý",
            ),
        ]);
    }
    if let Some(p) = &f.phi {
        parts.push((
            p.nop_ngan_sach.as_ref(),
            "số tiền nộp ngân sách",
            Some(p.da_thu.value),
            "số phí, lệ phí đã thu",
        ));
    }
    for (part, part_name, whole, whole_name) in parts {
        at_most(c, part, part_name, whole, whole_name);
    }
    if let Some(t) = &f.tuyen_truyen {
        // Counts that describe an activity: the layout prints them inside
        // that activity's sentence, so without it they would vanish.
        for (detail, detail_name, activity, key, activity_name) in [
            (
                &t.nguoi_tham_du,
                "số người tham dự",
                &t.hoi_nghi,
                "hoi_nghi",
                "số buổi, hội nghị tuyên truyền",
            ),
            (
                &t.luot_phat_song,
                "số lượt phát sóng",
                &t.tin_bai_truyen_thanh,
                "tin_bai_truyen_thanh",
                "số tin, bài trên đài truyền thanh",
            ),
            (
                &t.thoi_luong_phut,
                "thời lượng phát sóng",
                &t.tin_bai_truyen_thanh,
                "tin_bai_truyen_thanh",
                "số tin, bài trên đài truyền thanh",
            ),
        ] {
            if let Some(d) = detail
                && d.value > 0
                && val(activity).unwrap_or(0) == 0
            {
                c.error(
                    d,
                    format!(
                        "{detail_name} là {} nhưng {activity_name} (`{key}`) {}",
                        vi::integer(d.value),
                        if activity.is_some() { "là 0" } else { "chưa ghi" }
                    ),
                    format!(
                        "ghi {activity_name} vào `{key}` (báo cáo chỉ in {detail_name} trong câu về hoạt động đó), hoặc đổi {detail_name} thành 0"
                    ),
                );
            }
        }
    }
    if let Some(k) = f.tuyen_truyen.as_ref().and_then(|t| t.cuoc_thi.as_ref()) {
        let prizes = total(
            [&k.giai_nhat, &k.giai_nhi, &k.giai_ba, &k.giai_khuyen_khich]
                .iter()
                .filter_map(|x| val(x)),
        );
        if prizes > k.nguoi_tham_gia.value {
            c.error(
                &k.nguoi_tham_gia,
                format!(
                    "số giải ({prizes}) nhiều hơn số người tham gia ({})",
                    vi::integer(k.nguoi_tham_gia.value)
                ),
                "kiểm tra lại số người tham gia và số giải",
            );
        }
    }
    if let Some(t) = &f.chi_tieu {
        for x in [
            &t.ty_le_truc_tuyen,
            &t.ty_le_thanh_toan_truc_tuyen,
            &t.ty_le_dung_han,
        ]
        .into_iter()
        .flatten()
        {
            if !(x.value > 0.0 && x.value <= 100.0) {
                c.error(
                    x,
                    format!("chỉ tiêu {}% không hợp lệ", x.value),
                    "chỉ tiêu là phần trăm, lớn hơn 0 và không quá 100",
                );
            }
        }
    }
}

/// The matches of `re` in `text`, where each match holds one of `any`.
/// regex-lite has no literal prefilter: run on every text, its matching took
/// 0.6 ms a report, half of the whole check.
fn captures<'t>(
    re: &Regex,
    any: &[char],
    text: &'t str,
) -> impl Iterator<Item = regex_lite::Captures<'t>> {
    text.contains(any)
        .then(|| re.captures_iter(text))
        .into_iter()
        .flatten()
}

/// The longest run of characters without a line break that surely fits a
/// line of the body (about 65 at 14 pt) or a table column.
const LONGEST_WORD: usize = 40;

/// Why a character of a text cannot be printed as read: (what, fix).
fn unprintable(ch: char) -> Option<(String, &'static str)> {
    match ch {
        '\n' | '\t' => None,
        // Direction marks and overrides print the text around them in
        // another order than the file shows: "%051" would read as "150%"
        // and escape the checks.
        '\u{061C}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => Some((
            "ký tự đổi chiều chữ (không nhìn thấy) làm chữ in ra khác với chữ trong tệp".to_owned(),
            "xóa ký tự này (thường lẫn vào khi chép chữ từ trang web hay tin nhắn)",
        )),
        // Zero-width spaces and joiners, a byte order mark inside the text:
        // pasted from the web between letters, they print nothing, but the
        // PDF's text is not the words seen ("99\u{200B},5%" is no longer a
        // rate to check, "An\u{200B}Hòa" is not found by a search).
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => Some((
            "ký tự không nhìn thấy (dấu cách độ rộng 0) làm chữ trong PDF khác với chữ trông thấy: không tìm, không chép đúng được".to_owned(),
            "xóa ký tự này (thường lẫn vào khi chép chữ từ trang web hay tin nhắn); cần dấu cách thì gõ dấu cách thường",
        )),
        _ if ch.is_control() => Some((
            "ký tự điều khiển (không nhìn thấy) không in được".to_owned(),
            "xóa ký tự này (thường lẫn vào khi chép chữ từ tệp khác)",
        )),
        _ if !crate::typeset::font_covers(ch) => Some((
            format!("ký tự “{ch}” không có trong phông chữ nên sẽ không in ra"),
            "xóa hoặc thay ký tự này (biểu tượng cảm xúc, chữ Hán ... không dùng trong văn bản hành chính)",
        )),
        _ => None,
    }
}

/// What every "năm" pattern below holds.
const NAM: &[char] = &['ă', 'Ă'];

/// A date written the Vietnamese way in running text: "25/9/2025".
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([0-9]{1,2})/([0-9]{1,2})/([0-9]{4,5})\b").expect("valid regex")
});

/// Scans all free text: characters the font cannot print, impossible
/// years and dates, percentages over 100 and decimal points.
fn check_texts(c: &mut Checker, report: &Report) {
    // regex-lite compiles these in 0.05 ms, regex in 1 ms (a twentieth of a
    // whole report). Its case folding is ASCII only, hence the spelled-out
    // cases of "năm"; its `\b` is ASCII, as `(?-u:\b)` was.
    static YEAR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[nN][ăĂ][mM][ \t]+([0-9]{3,})").expect("valid regex"));
    static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"([0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:[.,][0-9]+)?) ?%")
            .expect("valid regex")
    });
    let year = report.ngay.value.year();
    let compared = comparison_cells(report);
    for t in all_texts(report) {
        if let Some(what) = crate::new_report::unfilled(&t.value) {
            c.error(
                &c.inside(t, "«điền"),
                crate::new_report::unfilled_message(what),
                crate::new_report::FILL_HELP,
            );
            continue;
        }
        if let Some((ch, (message, help))) = t
            .value
            .chars()
            .find_map(|ch| unprintable(ch).map(|why| (ch, why)))
        {
            let at = c.inside(t, &ch.to_string());
            c.error(&at, format!("{message} (U+{:04X})", ch as u32), help);
        }
        // typst breaks lines at spaces, hyphens and slashes only; a longer
        // run than a line holds runs out of the margin.
        if let Some(word) = t
            .value
            .split(|ch: char| ch.is_whitespace() || ch == '-' || ch == '/')
            // A figure's `{name}` prints as a number.
            .find(|w| w.chars().count() > LONGEST_WORD && !w.contains('{'))
        {
            let start: String = word.chars().take(20).collect();
            c.warning(
                &c.inside(t, word),
                format!(
                    "“{start}…” dài {} ký tự liền nhau, không có chỗ xuống dòng nên có thể tràn ra ngoài lề",
                    word.chars().count()
                ),
                "thêm dấu cách (hoặc dấu - hay /) vào chuỗi ký tự này",
            );
        }
        for m in captures(&YEAR, NAM, &t.value) {
            let y = &m[1];
            // Past years are history ("thành lập năm 1930"); a year far
            // ahead is a typo.
            if y.len() != 4 || !y.parse::<i32>().is_ok_and(|y| y <= year + 50) {
                c.error(
                    &c.inside(t, &m[0]),
                    format!("“năm {y}” không phải là năm hợp lệ"),
                    format!("sửa lại năm: 4 chữ số, không sau năm {}", year + 50),
                );
            }
        }
        for m in captures(&DATE, &['/'], &t.value) {
            let text = &m[0];
            if let Err(why) = Date::parse(text) {
                c.error(
                    &c.inside(t, text),
                    format!("ngày “{text}” trong văn bản không hợp lệ: {why}"),
                    "sửa lại ngày, tháng, năm",
                );
            }
        }
        for m in captures(&PERCENT, &['%'], &t.value) {
            let number = &m[1];
            let (value, decimal_point) = percent_value(number);
            let whole = m.get(0).expect("the match");
            if value > 100.0
                && !is_comparison(&t.value, whole.start(), whole.end())
                && !compared.contains(&(t.line, t.column))
            {
                c.error(
                    &c.inside(t, whole.as_str()),
                    format!("tỷ lệ “{number}%” vượt quá 100%"),
                    "một tỷ lệ phần trăm không thể lớn hơn 100%: nhập số đếm vào `chi_so` để cchc-gen tự tính; nếu đây là so sánh, ghi rõ trong câu, hoặc ở tiêu đề cột hay ô đầu dòng của bảng (“tăng”, “so với cùng kỳ”, “kế hoạch”)",
                );
            } else if decimal_point {
                c.warning(
                    &c.inside(t, whole.as_str()),
                    format!("“{number}%” dùng dấu chấm thập phân"),
                    format!(
                        "tiếng Việt dùng dấu phẩy thập phân: “{}%”",
                        number.replace('.', ",")
                    ),
                );
            }
        }
    }
}

/// Words that make a percentage over 100 a comparison ("tăng 250% so với
/// cùng kỳ", "đạt 120% kế hoạch"), not a share of a whole.
const COMPARISON: &[&str] = &[
    "tăng",
    "vượt",
    "gấp",
    "so với",
    "kế hoạch",
    "chỉ tiêu",
    "cùng kỳ",
];

/// The places of the table cells under a column or beside a row label
/// that names a comparison ("So với cùng kỳ (%)", "Tăng"): a percentage
/// over 100 there is not a share of a whole.
fn comparison_cells(r: &Report) -> Vec<(u32, u32)> {
    let compares = |t: &Text| {
        let label = t.value.to_lowercase();
        COMPARISON.iter().any(|w| label.contains(w))
    };
    let mut out = Vec::new();
    for table in r.tables() {
        for row in table.dong.iter() {
            let row_compares = row.value.first().is_some_and(compares);
            for (i, cell) in row.value.iter().enumerate() {
                if row_compares || table.cot.get(i).is_some_and(compares) {
                    out.push((cell.line, cell.column));
                }
            }
        }
    }
    out
}

/// Whether a [`COMPARISON`] word stands within 40 characters of
/// `text[start..end]`, in the same sentence.
fn is_comparison(text: &str, start: usize, end: usize) -> bool {
    let boundaries = ["; ", ". ", "\n"];
    let sentence_start = boundaries
        .iter()
        .filter_map(|b| text[..start].rfind(b).map(|i| i + b.len()))
        .max()
        .unwrap_or(0);
    let sentence_end = boundaries
        .iter()
        .filter_map(|b| text[end..].find(b).map(|i| end + i))
        .min()
        .unwrap_or(text.len());
    let from = text[sentence_start..start]
        .char_indices()
        .rev()
        .nth(39)
        .map_or(sentence_start, |(i, _)| sentence_start + i);
    let to = text[end..sentence_end]
        .char_indices()
        .nth(40)
        .map_or(sentence_end, |(i, _)| end + i);
    let near = text[from..to].to_lowercase();
    COMPARISON.iter().any(|w| near.contains(w))
}

/// The value of a percentage as written, and whether it uses an English
/// decimal point: "1.250" and "1.000,5" group thousands with dots, as
/// Vietnamese writes them; "99,5" has a decimal comma; "99.95" a point.
fn percent_value(number: &str) -> (f64, bool) {
    let (whole, fraction) = number.split_once(',').unwrap_or((number, "0"));
    let mut groups = whole.split('.');
    let first = groups.next().unwrap_or_default();
    let rest: Vec<&str> = groups.collect();
    if !rest.is_empty() && rest.iter().any(|g| g.len() != 3) {
        return (number.parse().unwrap_or(0.0), true);
    }
    let digits = format!("{first}{}.{fraction}", rest.concat());
    (digits.parse().unwrap_or(0.0), false)
}

/// Every free text of a report, for scanning.
fn all_texts(r: &Report) -> Vec<&Text> {
    let mut out: Vec<&Text> = Vec::new();
    out.extend(r.co_quan.chu_quan.iter().flat_map(|l| &l.0));
    out.extend(&r.co_quan.ten.0);
    out.push(&r.co_quan.ten_goi);
    out.push(&r.dia_danh);
    out.extend(&r.trich_yeu.0);
    out.extend(&r.kinh_gui);
    out.extend(&r.can_cu);
    match &r.mo_dau {
        Some(StrOr::Str(t)) => out.push(t),
        Some(StrOr::Other(o)) => {
            out.extend(o.tu.iter().chain(o.bao_cao.iter()));
            for v in &o.van_ban {
                match v {
                    StrOr::Str(t) => out.push(t),
                    StrOr::Other(c) => out.extend(
                        [&c.loai, &c.so]
                            .into_iter()
                            .chain(&c.co_quan)
                            .chain(&c.trich_yeu),
                    ),
                }
            }
        }
        None => {}
    }
    fn blocks<'a>(bs: &'a [At<Block>], out: &mut Vec<&'a Text>) {
        for b in bs {
            match &b.value {
                StrOr::Str(t) => out.push(t),
                StrOr::Other(m) => {
                    out.extend(m.tieu_de.iter().chain(&m.so_lieu));
                    out.extend(m.ds.iter().flatten());
                    if let Some(t) = &m.bang {
                        out.extend(&t.cot);
                        out.extend(t.dong.iter().flat_map(|r| &r.value));
                    }
                    if let Some(children) = &m.noi_dung {
                        blocks(children, out);
                    }
                }
            }
        }
    }
    blocks(&r.noi_dung, &mut out);
    out.extend(r.ket_luan.iter());
    out.extend(&r.noi_nhan);
    out.push(&r.luu);
    out.extend(r.ky_truoc.iter().map(|k| &k.nhan));
    out.extend(
        r.nguoi_ky
            .quyen_han
            .iter()
            .chain([&r.nguoi_ky.chuc_vu])
            .chain(&r.nguoi_ky.ho_ten),
    );
    for p in &r.phu_luc {
        out.extend(&p.tieu_de.0);
        out.extend(p.phu_de.iter().flat_map(|l| &l.0));
        if let Some(t) = &p.bang {
            out.extend(&t.cot);
            out.extend(t.dong.iter().flat_map(|r| &r.value));
        }
        out.extend(p.danh_gia.iter().flat_map(|d| [&d.hinh_thuc, &d.muc_do]));
        blocks(&p.noi_dung, &mut out);
    }
    for f in [Some(&r.chi_so), r.ky_truoc.as_ref().map(|p| &p.chi_so)]
        .into_iter()
        .flatten()
    {
        out.extend(f.thanh_toan.iter().flat_map(|t| &t.ghi_chu));
        out.extend(f.phi.iter().flat_map(|t| &t.ghi_chu));
        out.extend(
            f.tuyen_truyen
                .iter()
                .flat_map(|t| t.cuoc_thi.iter().map(|c| &c.ten)),
        );
        out.extend(f.chi_tieu.iter().flat_map(|t| &t.cap_giao));
    }
    out
}

fn mentions_appendix(blocks: &[At<Block>]) -> bool {
    blocks.iter().any(|b| match &b.value {
        StrOr::Str(t) => t.value.to_lowercase().contains("phụ lục"),
        StrOr::Other(m) => {
            [&m.tieu_de, &m.so_lieu]
                .into_iter()
                .flatten()
                .chain(m.ds.iter().flatten())
                .any(|t| t.value.to_lowercase().contains("phụ lục"))
                || m.noi_dung.as_deref().is_some_and(mentions_appendix)
        }
    })
}

/// Sections that speak of the future: plans, tasks, proposals.
fn forward_looking(m: &crate::model::BlockMap, layout: Option<&LayoutMeta>) -> bool {
    const KEYS: &[&str] = &["phuong_huong", "nhiem_vu", "kien_nghi"];
    const WORDS: &[&str] = &[
        "phương hướng",
        "nhiệm vụ",
        "kế hoạch",
        "đề xuất",
        "kiến nghị",
        "giải pháp",
    ];
    let title = m
        .tieu_de
        .as_ref()
        .map(|t| t.value.to_lowercase())
        .or_else(|| {
            let key = &m.muc.as_ref()?.value;
            if KEYS.contains(&key.as_str()) {
                return Some("phương hướng".to_owned());
            }
            layout?
                .muc
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, t)| t.to_lowercase())
        })
        .unwrap_or_default();
    WORDS.iter().any(|w| title.contains(w))
}

/// Years in the text must agree with the period: the trích yếu names the
/// period (or the next one), and a year after the period appears only where
/// the report speaks of plans, or as the end of a range ("đến năm 2030").
fn check_years(c: &mut Checker, report: &Report, layout: Option<&LayoutMeta>) {
    static YEAR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"([đĐ][ếẾ][nN][ \t]+|[tT][ớỚ][iI][ \t]+)?[nN][ăĂ][mM][ \t]+([0-9]{4})\b")
            .expect("valid regex")
    });
    let year = report.ky_bao_cao.nam.value;
    let next = report.ky_bao_cao.next().nam.value;
    for t in &report.trich_yeu.0 {
        for m in captures(&YEAR, NAM, &t.value) {
            let y: i32 = m[2].parse().unwrap_or(0);
            if y != year && y != next {
                c.error(
                    t,
                    format!(
                        "trích yếu ghi năm {y} nhưng kỳ báo cáo là {}",
                        report.ky_bao_cao.label()
                    ),
                    "sửa năm trong trích yếu hoặc `ky_bao_cao` cho khớp nhau",
                );
            }
        }
    }
    /// What a results section counts: the period, or the dates the data
    /// was taken between.
    struct Counted<'a> {
        year: i32,
        label: &'a str,
        from: Option<Date>,
        to: Option<Date>,
    }
    fn walk(
        c: &mut Checker,
        blocks: &[At<Block>],
        future: bool,
        counted: &Counted,
        layout: Option<&LayoutMeta>,
    ) {
        let Counted { year, label, .. } = *counted;
        for b in blocks {
            let texts: Vec<&Text> = match &b.value {
                StrOr::Str(t) => vec![t],
                StrOr::Other(m) => m.ds.iter().flatten().chain(&m.so_lieu).collect(),
            };
            // A figures sentence counts this period; a date outside it is
            // most often last period's, copied with the sentence.
            if let (false, StrOr::Other(m), Some(from), Some(to)) =
                (future, &b.value, counted.from, counted.to)
                && let Some(t) = &m.so_lieu
            {
                for found in captures(&DATE, &['/'], &t.value) {
                    let text = &found[0];
                    if Date::parse(text).is_ok_and(|d| d < from || d > to) {
                        c.warning(
                            &c.inside(t, text),
                            format!(
                                "câu số liệu ghi ngày {text}, ngoài kỳ báo cáo ({label}: {} – {})",
                                vi::date_short(from),
                                vi::date_short(to)
                            ),
                            "số liệu trong câu là của kỳ này: sửa ngày cho khớp kỳ (câu chép từ kỳ trước?), hoặc ghi khoảng ngày lấy số liệu ở `ky_bao_cao.tu_ngay`, `den_ngay`",
                        );
                    }
                }
            }
            if !future {
                for t in texts {
                    for m in captures(&YEAR, NAM, &t.value) {
                        let y: i32 = m[2].parse().unwrap_or(0);
                        if y > year && m.get(1).is_none() {
                            c.warning(
                                t,
                                format!("năm {y} ở sau kỳ báo cáo ({label}) trong phần kết quả đã thực hiện"),
                                "kiểm tra lại năm; nếu là kế hoạch kỳ tới, đặt câu này vào mục phương hướng, nhiệm vụ",
                            );
                        }
                    }
                }
            }
            if let StrOr::Other(m) = &b.value
                && let Some(children) = &m.noi_dung
            {
                walk(
                    c,
                    children,
                    future || forward_looking(m, layout),
                    counted,
                    layout,
                );
            }
        }
    }
    let period = &report.ky_bao_cao;
    let label = period.label();
    let counted = Counted {
        year,
        label: &label,
        from: period
            .tu_ngay
            .as_ref()
            .map(|d| d.value)
            .or_else(|| Date::new(year, period.start_month(), 1).ok()),
        to: period
            .den_ngay
            .as_ref()
            .map(|d| d.value)
            .or_else(|| Date::clamped(year, period.end_month(), 31).ok()),
    };
    walk(c, &report.noi_dung, false, &counted, layout);
}
