//! `archive list`, `show` and `search`: the records, for people.

use std::io::Write;
use std::process::ExitCode;

use super::ArchiveOptions;
use super::error::ArchiveError;
use super::index::{Index, Record};
use super::record::Metadata;
use super::search_fold::fts_query;
use super::signature::SignatureCheck;
use super::store::Store;
use crate::date::Date;

/// "dd/mm/yyyy", as dates are written in Vietnamese documents.
pub fn vn_date(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

/// One line naming a document: "BÁO CÁO số 12/BC-UBND ngày 19/11/2025".
pub fn describe(meta: &Metadata) -> String {
    let mut s = meta.doc_type.clone().unwrap_or_else(|| "Văn bản".into());
    if let Some(n) = meta.number_and_symbol() {
        s.push_str(&format!(" số {n}"));
    }
    if let Some(d) = meta.date {
        s.push_str(&format!(" ngày {}", vn_date(d)));
    }
    if let Some(summary) = &meta.summary {
        s.push_str(&format!(": {summary}"));
    }
    s
}

/// The signature lines of `add` and `show`.
pub fn say_signatures(out: &mut dyn Write, sigs: &[SignatureCheck]) -> Result<(), ArchiveError> {
    if sigs.is_empty() {
        return say!(out, "Chữ ký số: không có (bản ký tay hoặc bản quét)");
    }
    for (i, sig) in sigs.iter().enumerate() {
        let who = sig.signer.as_deref().unwrap_or("(không rõ người ký)");
        let when = sig
            .signing_time
            .as_deref()
            .map(|t| format!(", ký lúc {t}"))
            .unwrap_or_default();
        say!(out, "Chữ ký số {}: {who}{when}: {}", i + 1, sig.message)?;
    }
    Ok(())
}

/// A short word for a record's signatures, for tables.
fn signature_summary(sigs: &[SignatureCheck]) -> String {
    match sigs {
        [] => "không có chữ ký số".into(),
        many => {
            let labels: Vec<&str> = many.iter().map(|s| s.verdict.label()).collect();
            labels.join("; ")
        }
    }
}

fn say_table(out: &mut dyn Write, records: &[Record]) -> Result<(), ArchiveError> {
    say!(
        out,
        "{:>4}  {:<10}  {:<16}  {:<48}  Chữ ký số",
        "ID",
        "Ngày",
        "Số, ký hiệu",
        "Trích yếu"
    )?;
    for r in records {
        let date = r.meta.date.map(vn_date).unwrap_or_default();
        let number = r.meta.number_and_symbol().unwrap_or_default();
        let summary = r
            .meta
            .summary
            .clone()
            .unwrap_or_else(|| r.file_name.clone());
        say!(
            out,
            "{:>4}  {:<10}  {:<16}  {:<48}  {}",
            r.id,
            date,
            number,
            shorten(&summary, 48),
            signature_summary(&r.signatures)
        )?;
    }
    Ok(())
}

/// At most `width` characters, with "…" when cut.
fn shorten(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_owned();
    }
    let mut cut: String = s.chars().take(width - 1).collect();
    cut.push('…');
    cut
}

fn open_index(opts: &ArchiveOptions) -> Result<Index, ArchiveError> {
    Index::open_read_only(&Store::open(&opts.archive).index_path())
}

pub fn list(opts: &ArchiveOptions, out: &mut dyn Write) -> Result<ExitCode, ArchiveError> {
    let records = open_index(opts)?.records(false)?;
    if records.is_empty() {
        say!(out, "Kho {} chưa có văn bản nào.", opts.archive.display())?;
    } else {
        say_table(out, &records)?;
        say!(out, "Tổng số: {} văn bản.", records.len())?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn search(
    opts: &ArchiveOptions,
    text: &str,
    out: &mut dyn Write,
) -> Result<ExitCode, ArchiveError> {
    let query = fts_query(text).ok_or_else(|| {
        ArchiveError::Usage(format!(
            "“{text}” không có từ nào để tìm — hãy gõ chữ hoặc số"
        ))
    })?;
    let records = open_index(opts)?.search(&query)?;
    if records.is_empty() {
        say!(out, "Không tìm thấy văn bản nào có “{text}”.")?;
        // Nothing found is an answer, not a failure, but scripts can tell.
        return Ok(ExitCode::from(1));
    }
    say_table(out, &records)?;
    say!(out, "Tìm thấy {} văn bản.", records.len())?;
    Ok(ExitCode::SUCCESS)
}

pub fn show(opts: &ArchiveOptions, id: i64, out: &mut dyn Write) -> Result<ExitCode, ArchiveError> {
    let r = open_index(opts)?.record(id)?;
    let m = &r.meta;
    let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    say!(out, "Hồ sơ số {}", r.id)?;
    say!(out, "Mã định danh văn bản: {}", or_dash(&m.document_code))?;
    say!(out, "Mã hồ sơ: {}", or_dash(&m.dossier_code))?;
    say!(out, "Tên loại văn bản: {}", or_dash(&m.doc_type))?;
    say!(out, "Số, ký hiệu: {}", or_dash(&m.number_and_symbol()))?;
    say!(
        out,
        "Ngày tháng năm văn bản: {}",
        or_dash(&m.date.map(vn_date))
    )?;
    say!(out, "Cơ quan ban hành: {}", or_dash(&m.agency))?;
    say!(out, "Trích yếu nội dung: {}", or_dash(&m.summary))?;
    say!(out, "Ngôn ngữ: {}", or_dash(&m.language))?;
    say!(out, "Số lượng trang: {}", r.page_count)?;
    say!(out, "Người ký: {}", or_dash(&m.signer))?;
    say!(out, "Chế độ sử dụng: {}", or_dash(&m.usage_mode))?;
    say!(out, "Tệp gốc: {} ({} byte)", r.file_name, r.file_size)?;
    say!(out, "Tệp trong kho: {}", Store::object_path(&r.pdf_sha256))?;
    say!(out, "SHA-256 của PDF: {}", r.pdf_sha256)?;
    match &r.data {
        Some((name, sha)) => say!(out, "Dữ liệu: {name}, SHA-256 {sha}")?,
        None => say!(out, "Dữ liệu: không có")?,
    }
    say!(
        out,
        "Thông tin lấy từ: {}",
        r.origin.as_ref().map_or("—".into(), |o| o.describe())
    )?;
    say!(
        out,
        "Thời điểm lưu vào kho: {}",
        r.archived_at.as_deref().unwrap_or("—")
    )?;
    say_signatures(out, &r.signatures)?;
    Ok(ExitCode::SUCCESS)
}
