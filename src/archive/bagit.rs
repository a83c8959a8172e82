//! `archive export --bagit DIR`: the archive as a BagIt bag (RFC 8493), the
//! form in which it is handed over to the archive:
//!
//! ```text
//! DIR/bagit.txt                BagIt-Version: 1.0
//! DIR/bag-info.txt             who, when, Payload-Oxum
//! DIR/data/00001_12-BC-UBND.pdf …
//! DIR/data/metadata.csv        one line per document, Thông tư 02/2019 fields
//! DIR/manifest-sha256.txt      SHA-256 of every file under data/
//! DIR/tagmanifest-sha256.txt   SHA-256 of the three tag files above
//! ```
//!
//! The bag is built in a temporary folder beside DIR and renamed at the end,
//! so a failed export leaves no half bag behind. A stored file whose hash no
//! longer matches stops the export: a damaged copy must not be handed over.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::error::{ArchiveError, io_error};
use super::index::{Index, Record};
use super::search_fold::fold;
use super::store::{Store, sha256_hex};
use super::view::vn_date;
use super::vn_time::{iso_vietnam, vietnam_times};
use super::{ArchiveOptions, one_line};
use crate::date::Date;

const WRITE: &str = "ghi được gói BagIt vào";

pub fn export(
    opts: &ArchiveOptions,
    dir: &Path,
    out: &mut dyn Write,
) -> Result<ExitCode, ArchiveError> {
    let store = Store::open(&opts.archive);
    let records = Index::open_read_only(&store.index_path())?.records(false)?;
    let is_empty_dir = fs::read_dir(dir).map(|mut d| d.next().is_none());
    match is_empty_dir {
        Ok(false) => return Err(ArchiveError::ExportTargetExists(dir.to_path_buf())),
        Ok(true) => fs::remove_dir(dir).map_err(io_error(WRITE, dir))?,
        Err(_) if dir.exists() => return Err(ArchiveError::ExportTargetExists(dir.to_path_buf())),
        Err(_) => {}
    }
    let parent = crate::output::folder_of(dir);
    let building = tempfile::Builder::new()
        .prefix(".bagit-dang-tao-")
        .tempdir_in(parent)
        .map_err(io_error(WRITE, parent))?;
    let bag = building.path();
    let data = bag.join("data");
    fs::create_dir(&data).map_err(io_error(WRITE, &data))?;

    let mut manifest = String::new();
    let mut octets = 0u64;
    let mut write_payload = |name: &str, bytes: &[u8]| -> Result<(), ArchiveError> {
        let path = data.join(name);
        fs::write(&path, bytes).map_err(io_error(WRITE, &path))?;
        manifest.push_str(&format!("{}  data/{name}\n", sha256_hex(bytes)));
        octets += bytes.len() as u64;
        Ok(())
    };
    let mut names = Vec::with_capacity(records.len());
    for rec in &records {
        let bytes = store.check_object(&rec.pdf_sha256)?;
        let name = payload_name(rec);
        write_payload(&name, &bytes)?;
        names.push(name);
    }
    write_payload("metadata.csv", &metadata_csv(&records, &names)?)?;
    let file_count = records.len() + 1;

    let agencies: Vec<String> = {
        let mut a: Vec<String> = records
            .iter()
            .filter_map(|r| r.meta.agency.as_deref().map(one_line))
            .collect();
        a.sort();
        a.dedup();
        a
    };
    let mut bag_info = String::new();
    if !agencies.is_empty() {
        bag_info.push_str(&format!("Source-Organization: {}\n", agencies.join("; ")));
    }
    bag_info.push_str(&format!(
        "Bagging-Date: {}\nPayload-Oxum: {octets}.{file_count}\nBag-Software-Agent: cchc-gen {}\nExternal-Description: Văn bản đã ký, xuất từ kho lưu trữ cchc-gen; thông tin văn bản theo Thông tư 02/2019/TT-BNV trong data/metadata.csv\n",
        Date::today(),
        env!("CARGO_PKG_VERSION")
    ));
    let tags = [
        (
            "bagit.txt",
            "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".to_owned(),
        ),
        ("bag-info.txt", bag_info),
        ("manifest-sha256.txt", manifest),
    ];
    let mut tag_manifest = String::new();
    for (name, text) in &tags {
        let path = bag.join(name);
        fs::write(&path, text).map_err(io_error(WRITE, &path))?;
        tag_manifest.push_str(&format!("{}  {name}\n", sha256_hex(text.as_bytes())));
    }
    let path = bag.join("tagmanifest-sha256.txt");
    fs::write(&path, tag_manifest).map_err(io_error(WRITE, &path))?;

    let built = building.keep();
    if let Err(e) = fs::rename(&built, dir) {
        // Best effort: the rename error is the one to report.
        let _ = fs::remove_dir_all(&built);
        return Err(io_error(WRITE, dir)(e));
    }
    say!(
        out,
        "Đã xuất {} văn bản thành gói BagIt {} ({octets} byte dữ liệu).",
        records.len(),
        dir.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `00012_12-BC-UBND.pdf`: the record id keeps names unique, the number and
/// symbol (without marks, `/` → `-`) make them readable.
fn payload_name(rec: &Record) -> String {
    let label: String = fold(&rec.meta.number_and_symbol().unwrap_or_default())
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '-'
            }
        })
        .collect();
    let label = label.trim_matches('-');
    if label.is_empty() {
        format!("{:05}.pdf", rec.id)
    } else {
        format!("{:05}_{label}.pdf", rec.id)
    }
}

/// One line per document. UTF-8 with a byte order mark, so that Excel, which
/// the offices open it with, shows the Vietnamese letters.
fn metadata_csv(records: &[Record], names: &[String]) -> Result<Vec<u8>, ArchiveError> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let header = [
        "Tệp",
        "Mã định danh văn bản",
        "Mã hồ sơ",
        "Tên loại văn bản",
        "Số",
        "Ký hiệu",
        "Ngày tháng năm văn bản",
        "Cơ quan ban hành",
        "Trích yếu nội dung",
        "Ngôn ngữ",
        "Số lượng trang",
        "Người ký",
        "Chế độ sử dụng",
        "SHA-256 tệp PDF",
        "SHA-256 dữ liệu",
        "Thời điểm lưu vào kho",
        "Chữ ký số",
    ];
    // Writing to memory fails only if the CSV writer itself does.
    let csv_error = |e: std::io::Error| io_error(WRITE, Path::new("data/metadata.csv"))(e);
    w.write_record(header).map_err(|e| csv_error(e.into()))?;
    for (rec, name) in records.iter().zip(names) {
        let m = &rec.meta;
        // A spreadsheet runs a cell that starts with = + - @ as a formula.
        let text = |v: &Option<String>| {
            let t = v.as_deref().map(one_line).unwrap_or_default();
            if t.starts_with(['=', '+', '-', '@']) {
                format!("'{t}")
            } else {
                t
            }
        };
        let signatures: Vec<String> = rec
            .signatures
            .iter()
            .map(|s| {
                let signer = s.signer.as_deref().unwrap_or("?");
                format!("{signer}: {}", vietnam_times(&s.message))
            })
            .collect();
        w.write_record([
            format!("data/{name}"),
            text(&m.document_code),
            text(&m.dossier_code),
            text(&m.doc_type),
            text(&m.printed_number()),
            text(&m.symbol),
            m.date.map(vn_date).unwrap_or_default(),
            text(&m.agency),
            text(&m.summary),
            text(&m.language),
            rec.page_count.to_string(),
            text(&m.signer),
            text(&m.usage_mode),
            rec.pdf_sha256.clone(),
            rec.data.as_ref().map(|d| d.1.clone()).unwrap_or_default(),
            rec.archived_at
                .as_deref()
                .map(iso_vietnam)
                .unwrap_or_default(),
            signatures.join(" | "),
        ])
        .map_err(|e| csv_error(e.into()))?;
    }
    w.into_inner().map_err(|e| csv_error(e.into_error()))
}
