//! The description of an archived document, with the fields of Thông tư
//! 02/2019/TT-BNV (Phụ lục I, thông tin đầu vào của văn bản) that a report
//! has, and where they are read from.

use crate::date::Date;
use crate::model::Report;

use super::search_fold::fold;

/// Where a description was read from, before the flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadFrom {
    /// The YAML attached to the PDF.
    Attached,
    /// The YAML given with `--source`.
    SourceFile,
    /// The PDF's document information (/Title, /Author, /CreationDate), for
    /// a PDF without data.
    PdfInfo,
}

impl ReadFrom {
    const ALL: [ReadFrom; 3] = [ReadFrom::Attached, ReadFrom::SourceFile, ReadFrom::PdfInfo];

    fn code(self) -> &'static str {
        match self {
            ReadFrom::Attached => "dinh-kem",
            ReadFrom::SourceFile => "tep-nguon",
            ReadFrom::PdfInfo => "thong-tin-pdf",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            ReadFrom::Attached => "tệp YAML đính kèm trong PDF",
            ReadFrom::SourceFile => "tệp YAML chỉ định bằng --source",
            ReadFrom::PdfInfo => {
                "thông tin tài liệu trong PDF (tiêu đề → trích yếu, tác giả → cơ quan ban hành, ngày tạo → ngày)"
            }
        }
    }
}

/// Where a record's description came from: what was read, and which flags
/// were given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub read: Option<ReadFrom>,
    /// The flags given, by name (`--so`); `None` when none was. Records of
    /// an older cchc-gen say only that flags were used: no names.
    pub flags: Option<Vec<String>>,
}

/// The code word of flags in the index; the names follow a colon.
const FLAGS_CODE: &str = "tham-so";
/// The code of an origin that is nothing at all.
const NOTHING_CODE: &str = "khong-co";

impl Origin {
    /// What is kept in the index: `dinh-kem`, `dinh-kem tham-so:--so,--ngay`,
    /// `tham-so:--so`, `khong-co`… (`tham-so` alone in older records).
    pub fn code(&self) -> String {
        let read = self.read.map(|s| s.code().to_owned());
        let flags = self
            .flags
            .as_ref()
            .map(|names| format!("{FLAGS_CODE}:{}", names.join(",")));
        let parts: Vec<String> = read.into_iter().chain(flags).collect();
        if parts.is_empty() {
            NOTHING_CODE.to_owned()
        } else {
            parts.join(" ")
        }
    }

    pub fn from_code(code: &str) -> Option<Origin> {
        let mut origin = Origin {
            read: None,
            flags: None,
        };
        for part in code.split(' ').filter(|p| *p != NOTHING_CODE) {
            let (word, names) = part.split_once(':').unwrap_or((part, ""));
            if word == FLAGS_CODE {
                let names = names.split(',').filter(|n| !n.is_empty());
                origin.flags = Some(names.map(str::to_owned).collect());
            } else {
                origin.read = Some(ReadFrom::ALL.into_iter().find(|s| s.code() == word)?);
            }
        }
        Some(origin)
    }

    /// For people: "tệp YAML đính kèm trong PDF, và tham số dòng lệnh --so".
    pub fn describe(&self) -> String {
        let flags = self.flags.as_ref().map(|names| {
            let mut text = "tham số dòng lệnh".to_owned();
            if !names.is_empty() {
                text.push(' ');
                text.push_str(&names.join(", "));
            }
            text
        });
        match (self.read.map(ReadFrom::describe), flags) {
            (Some(read), Some(flags)) => format!("{read}, và {flags}"),
            (Some(read), None) => read.to_owned(),
            (None, Some(flags)) => flags,
            (None, None) => {
                "không có nguồn nào (PDF không có dữ liệu đọc được hay thông tin tài liệu, và không có tham số dòng lệnh)".to_owned()
            }
        }
    }
}

/// Thông tư 02/2019/TT-BNV fields of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// Mã định danh văn bản.
    pub document_code: Option<String>,
    /// Mã hồ sơ (the dossier the document is filed in).
    pub dossier_code: Option<String>,
    /// Tên loại văn bản.
    pub doc_type: Option<String>,
    /// Số của văn bản.
    pub number: Option<String>,
    /// Ký hiệu của văn bản.
    pub symbol: Option<String>,
    /// Ngày, tháng, năm văn bản.
    pub date: Option<Date>,
    /// Tên cơ quan, tổ chức ban hành văn bản.
    pub agency: Option<String>,
    /// Trích yếu nội dung.
    pub summary: Option<String>,
    /// Ngôn ngữ.
    pub language: Option<String>,
    /// Người ký.
    pub signer: Option<String>,
    /// Chế độ sử dụng.
    pub usage_mode: Option<String>,
}

impl Metadata {
    /// Fields given on the command line win over those read from data.
    /// Each field of `flags` replaces this one's; every text is put on one
    /// line (see [`super::one_line`]).
    pub fn overridden_by(self, flags: Metadata) -> Metadata {
        let pick =
            |flag: Option<String>, own: Option<String>| flag.or(own).map(|t| super::one_line(&t));
        Metadata {
            document_code: pick(flags.document_code, self.document_code),
            dossier_code: pick(flags.dossier_code, self.dossier_code),
            doc_type: pick(flags.doc_type, self.doc_type),
            number: pick(flags.number, self.number),
            symbol: pick(flags.symbol, self.symbol),
            date: flags.date.or(self.date),
            agency: pick(flags.agency, self.agency),
            summary: pick(flags.summary, self.summary),
            language: pick(flags.language, self.language),
            signer: pick(flags.signer, self.signer),
            usage_mode: pick(flags.usage_mode, self.usage_mode),
        }
    }

    /// Each field as the `archive add` flag that sets it, its name for
    /// people, and its value as text.
    pub fn fields(&self) -> [(&'static str, &'static str, Option<String>); 11] {
        [
            (
                "--ma-van-ban",
                "mã định danh văn bản",
                self.document_code.clone(),
            ),
            ("--ma-ho-so", "mã hồ sơ", self.dossier_code.clone()),
            ("--ten-loai", "tên loại văn bản", self.doc_type.clone()),
            ("--so", "số", self.number.clone()),
            ("--ky-hieu", "ký hiệu", self.symbol.clone()),
            ("--ngay", "ngày ban hành", self.date.map(|d| d.to_string())),
            ("--co-quan", "cơ quan ban hành", self.agency.clone()),
            ("--trich-yeu", "trích yếu", self.summary.clone()),
            ("--ngon-ngu", "ngôn ngữ", self.language.clone()),
            ("--nguoi-ky", "người ký", self.signer.clone()),
            (
                "--che-do-su-dung",
                "chế độ sử dụng",
                self.usage_mode.clone(),
            ),
        ]
    }

    /// The flags of the fields set, by name: what `flags` were given.
    pub fn flag_names(&self) -> Vec<String> {
        self.fields()
            .into_iter()
            .filter(|(_, _, value)| value.is_some())
            .map(|(flag, _, _)| flag.to_owned())
            .collect()
    }

    /// The flags among `flags` that would change this description.
    pub fn changed_by(&self, flags: &Metadata) -> Vec<String> {
        let changed = self.clone().overridden_by(flags.clone());
        self.fields()
            .into_iter()
            .zip(changed.fields())
            .filter(|(own, new)| own.2 != new.2)
            .map(|(own, _)| own.0.to_owned())
            .collect()
    }

    /// The number as the document prints it: "07" for a "7" read from the
    /// data (kept as given, so indexes of older versions read the same);
    /// any other text as it is.
    pub fn printed_number(&self) -> Option<String> {
        let n = self.number.as_ref()?;
        Some(match n.parse::<u32>() {
            Ok(value) if value.to_string() == *n => crate::view::document_number(value),
            _ => n.clone(),
        })
    }

    /// "07/BC-UBND", as the number is written on the document.
    pub fn number_and_symbol(&self) -> Option<String> {
        match (self.printed_number(), &self.symbol) {
            (Some(n), Some(s)) => Some(format!("{n}/{s}")),
            (Some(n), None) => Some(n),
            (None, Some(s)) => Some(format!("/{s}")),
            (None, None) => None,
        }
    }
}

/// What a data file says about its document.
pub struct FromData {
    pub meta: Metadata,
    /// Every piece of text in it, one per line, for full-text search.
    pub full_text: String,
    /// Why the data was read by key names only, when it was.
    pub lenient: Option<String>,
}

/// Reads report data: as a [`Report`] when it is data of this version of
/// cchc-gen; else the main fields by their key names, so that PDFs made by
/// an older or newer version keep their description for years.
pub fn read_data(text: &str) -> Result<FromData, String> {
    let strict = match crate::load::read_report(text).map_err(|e| e.to_string()) {
        Ok(report) => {
            let value = serde_json::to_value(&report).unwrap_or_default();
            return Ok(FromData {
                meta: from_report(&report),
                full_text: text_of(&value),
                lenient: None,
            });
        }
        // The first line says what is wrong; the rest quotes the file.
        Err(e) => e.lines().next().unwrap_or_default().to_owned(),
    };
    let value: serde_json::Value = serde_saphyr::from_str(text).map_err(|_| strict.clone())?;
    let meta = from_keys(&value);
    if meta == Metadata::default() {
        return Err(strict);
    }
    Ok(FromData {
        meta,
        full_text: text_of(&value),
        lenient: Some(strict),
    })
}

fn from_report(report: &Report) -> Metadata {
    let summary: Vec<&str> = report
        .trich_yeu
        .0
        .iter()
        .map(|t| t.value.as_str())
        .collect();
    Metadata {
        doc_type: Some(
            report
                .ten_loai
                .as_ref()
                .map_or("BÁO CÁO", |t| t.value.as_str())
                .to_owned(),
        ),
        number: report.so.as_ref().map(|n| n.value.to_string()),
        symbol: Some(report.ky_hieu.value.clone()),
        date: Some(report.ngay.value),
        agency: Some(report.co_quan.ten_goi.value.clone()),
        summary: Some(summary.join(" ")),
        language: Some("Tiếng Việt".into()),
        signer: report.nguoi_ky.ho_ten.as_ref().map(|n| n.value.clone()),
        ..Metadata::default()
    }
}

/// The same fields as `from_report`, found by key name in any YAML.
fn from_keys(value: &serde_json::Value) -> Metadata {
    let text = |path: &[&str]| {
        let v = path.iter().try_fold(value, |v, key| v.get(key))?;
        match v {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            // A heading written as a list of lines.
            serde_json::Value::Array(lines) => {
                let lines: Vec<&str> = lines.iter().filter_map(|l| l.as_str()).collect();
                (!lines.is_empty()).then(|| lines.join(" "))
            }
            _ => None,
        }
    };
    let mut meta = Metadata {
        number: text(&["so"]),
        symbol: text(&["ky_hieu"]),
        date: text(&["ngay"]).and_then(|d| Date::parse(&d).ok()),
        agency: text(&["co_quan", "ten_goi"]),
        summary: text(&["trich_yeu"]),
        signer: text(&["nguoi_ky", "ho_ten"]),
        ..Metadata::default()
    };
    if meta != Metadata::default() {
        meta.doc_type = Some(text(&["ten_loai"]).unwrap_or_else(|| "BÁO CÁO".into()));
        meta.language = Some("Tiếng Việt".into());
    }
    meta
}

/// Every string in a YAML or JSON value, one per line.
fn text_of(value: &serde_json::Value) -> String {
    fn collect<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a str>) {
        match value {
            serde_json::Value::String(s) => out.push(s),
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
            serde_json::Value::Object(map) => map.values().for_each(|v| collect(v, out)),
            _ => {}
        }
    }
    let mut lines = Vec::new();
    collect(value, &mut lines);
    lines.join("\n")
}

/// What the search index holds for a record: its description and text,
/// folded (see search_fold.rs).
pub fn search_document(meta: &Metadata, full_text: &str) -> String {
    let fields = [
        meta.number_and_symbol(),
        meta.doc_type.clone(),
        meta.agency.clone(),
        meta.summary.clone(),
        meta.signer.clone(),
        meta.document_code.clone(),
        meta.dossier_code.clone(),
    ];
    let mut text: Vec<String> = fields.into_iter().flatten().collect();
    text.push(full_text.to_owned());
    fold(&text.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_kept_and_read_back_with_the_flags_named() {
        let origin = |read, flags: Option<&[&str]>| Origin {
            read,
            flags: flags.map(|f| f.iter().map(|n| n.to_string()).collect()),
        };
        for (o, code) in [
            (origin(Some(ReadFrom::Attached), None), "dinh-kem"),
            (
                origin(Some(ReadFrom::Attached), Some(&["--so", "--ngay"])),
                "dinh-kem tham-so:--so,--ngay",
            ),
            (
                origin(Some(ReadFrom::PdfInfo), Some(&["--so"])),
                "thong-tin-pdf tham-so:--so",
            ),
            (origin(None, Some(&["--so"])), "tham-so:--so"),
            (origin(None, None), "khong-co"),
        ] {
            assert_eq!(o.code(), code);
            assert_eq!(Origin::from_code(code), Some(o));
        }
        assert_eq!(
            Origin::from_code("dinh-kem tham-so:--so")
                .unwrap()
                .describe(),
            "tệp YAML đính kèm trong PDF, và tham số dòng lệnh --so"
        );
        // Records of an older cchc-gen kept no flag names.
        assert_eq!(
            Origin::from_code("tham-so").unwrap().describe(),
            "tham số dòng lệnh"
        );
        assert_eq!(Origin::from_code("la"), None);
    }
}
