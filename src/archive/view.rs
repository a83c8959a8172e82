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
use super::vn_time::vietnam_times;
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
            .map(|t| format!(", ký lúc {}", vietnam_times(t)))
            .unwrap_or_default();
        say!(
            out,
            "Chữ ký số {}: {who}{when}: {}",
            i + 1,
            vietnam_times(&sig.message)
        )?;
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

/// A table row fits a terminal of this many columns.
const ROW_WIDTH: usize = 100;
/// The ID, date and number columns with the gaps between all five.
const OTHER_COLUMNS: usize = 4 + 2 + 10 + 2 + 16 + 2 + 2;
/// The trích yếu column gives way to long signature verdicts, down to this.
const SUMMARY_MIN: usize = 20;

fn say_table(out: &mut dyn Write, records: &[Record]) -> Result<(), ArchiveError> {
    let signatures: Vec<String> = records
        .iter()
        .map(|r| signature_summary(&r.signatures))
        .collect();
    let widest = signatures
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0);
    let width = ROW_WIDTH
        .saturating_sub(OTHER_COLUMNS + widest)
        .max(SUMMARY_MIN);
    say!(
        out,
        "{:>4}  {:<10}  {:<16}  {:<width$}  Chữ ký số",
        "ID",
        "Ngày",
        "Số, ký hiệu",
        "Trích yếu"
    )?;
    for (r, signatures) in records.iter().zip(signatures) {
        let date = r.meta.date.map(vn_date).unwrap_or_default();
        let number = r.meta.number_and_symbol().unwrap_or_default();
        let summary = r
            .meta
            .summary
            .clone()
            .unwrap_or_else(|| r.file_name.clone());
        say!(
            out,
            "{:>4}  {:<10}  {:<16}  {:<width$}  {signatures}",
            r.id,
            date,
            number,
            shorten(&summary, width),
        )?;
    }
    Ok(())
}

/// At most `width` characters. A longer text keeps its first and its last
/// words around " … ": a trích yếu ends with its period ("quý II năm
/// 2025"), which tells apart reports that start alike.
fn shorten(s: &str, width: usize) -> String {
    const GAP: &str = " … ";
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= width {
        return s.to_owned();
    }
    let room = width - GAP.chars().count();
    let tail = last_words(&chars, room / 2);
    let head = first_words(&chars, room - tail.len());
    format!(
        "{}{GAP}{}",
        String::from_iter(head).trim_end(),
        String::from_iter(tail).trim_start()
    )
}

/// The longest start of `chars` of at most `n` that ends before a space;
/// `n` characters when the first word is longer.
fn first_words(chars: &[char], n: usize) -> &[char] {
    let end = (1..=n)
        .rev()
        .find(|&i| chars.get(i) == Some(&' '))
        .unwrap_or(n);
    &chars[..end]
}

/// The longest end of `chars` of at most `n` that starts after a space;
/// `n` characters when the last word is longer.
fn last_words(chars: &[char], n: usize) -> &[char] {
    let len = chars.len();
    let start = (len - n..len)
        .find(|&i| i > 0 && chars[i - 1] == ' ')
        .unwrap_or(len - n);
    &chars[start..]
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
        r.archived_at.as_deref().map_or("—".into(), vietnam_times)
    )?;
    say_signatures(out, &r.signatures)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_keeps_its_first_and_last_words() {
        assert_eq!(shorten("Báo cáo năm 2025", 44), "Báo cáo năm 2025");
        let cut = shorten(
            "Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2025",
            44,
        );
        assert_eq!(cut, "Kết quả thực hiện … 6 tháng đầu năm 2025");
        // Words longer than their half are cut inside.
        let word = "x".repeat(60);
        assert_eq!(
            shorten(&word, 11),
            format!("{} … {}", "x".repeat(4), "x".repeat(4))
        );
        for width in 4..70 {
            let cut = shorten(
                "Kết quả công tác tuyên truyền quý II năm 2025 của phường",
                width,
            );
            assert!(cut.chars().count() <= width, "{width}: {cut}");
        }
    }
}
