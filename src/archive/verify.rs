//! `archive verify`: re-hash every stored file, re-check its signatures,
//! and report anything missing, changed, unfinished or not in the index.
//! It only reads, so it also works on a read-only copy of the archive.

use std::collections::HashSet;
use std::io::Write;
use std::process::ExitCode;

use super::error::ArchiveError;
use super::index::Index;
use super::pdf_meta;
use super::signature::{Verdict, check_pdf};
use super::store::Store;
use super::view::describe;
use super::vn_time::vietnam_times;
use super::{ArchiveOptions, trust_store};

pub fn verify(opts: &ArchiveOptions, out: &mut dyn Write) -> Result<ExitCode, ArchiveError> {
    let store = Store::open(&opts.archive);
    let index = Index::open_read_only(&store.index_path())?;
    let trust = trust_store(opts)?;
    let records = index.records(false)?;
    let pending = index.records(true)?;
    let mut problems = 0usize;
    // Signatures made in a way this checker cannot verify (SHA-1 …).
    let mut unchecked = 0usize;
    let mut problem = |out: &mut dyn Write, text: String| {
        problems += 1;
        say!(out, "LỖI: {text}")
    };

    for rec in &records {
        let object = Store::object_path(&rec.pdf_sha256);
        let name = format!("hồ sơ số {} ({})", rec.id, describe(&rec.meta));
        let bytes = match read_checked(&store, &rec.pdf_sha256)? {
            Ok(bytes) => bytes,
            Err(Damage::Missing) => {
                problem(
                    out,
                    format!(
                        "{name}: mất tệp {object} — hãy chạy lại `cchc-gen archive add` với bản PDF gốc để khôi phục"
                    ),
                )?;
                continue;
            }
            Err(Damage::Changed(what)) => {
                problem(
                    out,
                    format!(
                        "{name}: {what} — hãy chạy lại `cchc-gen archive add` với bản PDF gốc (SHA-256 {}) để khôi phục, hoặc chép bản sao lưu vào {}",
                        rec.pdf_sha256,
                        store.root().join(&object).display()
                    ),
                )?;
                continue;
            }
        };
        let now = match pdf_meta::parse(&bytes, &store.root().join(&object)) {
            Ok(pdf) => check_pdf(&pdf.doc, &bytes, trust.as_ref()),
            Err(e) => {
                problem(out, format!("{name}: {e}"))?;
                continue;
            }
        };
        for (i, sig) in now.iter().enumerate() {
            if sig.verdict.is_problem() {
                let message = vietnam_times(&sig.message);
                problem(out, format!("{name}, chữ ký số {}: {message}", i + 1))?;
            } else if sig.verdict == Verdict::Unsupported {
                unchecked += 1;
                let message = vietnam_times(&sig.message);
                say!(out, "Lưu ý: {name}, chữ ký số {}: {message}", i + 1)?;
            } else if rec.signatures.get(i).map(|s| s.verdict) != Some(sig.verdict) {
                // Not damage: the trusted folder differs from when it was added.
                let message = vietnam_times(&sig.message);
                say!(out, "Lưu ý: {name}, chữ ký số {}: nay {message}", i + 1)?;
            }
        }
        if now.len() != rec.signatures.len() {
            problem(
                out,
                format!(
                    "{name}: khi lưu có {} chữ ký số, nay đọc được {}",
                    rec.signatures.len(),
                    now.len()
                ),
            )?;
        }
    }

    for rec in &pending {
        let next = match read_checked(&store, &rec.pdf_sha256)? {
            Err(Damage::Changed(what)) => {
                format!("{what} — hãy chạy lại `cchc-gen archive add` với bản PDF gốc để khôi phục")
            }
            _ => "lần `cchc-gen archive add` tiếp theo sẽ hoàn tất hoặc bỏ bản ghi này".into(),
        };
        problem(
            out,
            format!(
                "bản ghi dở dang số {} ({}): một lần thêm đã bị ngắt — {next}",
                rec.id, rec.file_name
            ),
        )?;
    }
    let (hashes, strays) = store.list_objects()?;
    let indexed: HashSet<&str> = records
        .iter()
        .chain(&pending)
        .map(|r| r.pdf_sha256.as_str())
        .collect();
    for hash in hashes.iter().filter(|h| !indexed.contains(h.as_str())) {
        if let Err(Damage::Changed(what)) = read_checked(&store, hash)? {
            problem(
                out,
                format!("{what}, và không có trong chỉ mục — hãy chuyển tệp đó ra khỏi kho"),
            )?;
            continue;
        }
        problem(
            out,
            format!(
                "tệp {} không có trong chỉ mục — hãy chạy `cchc-gen archive add {}` (kèm các tham số thông tin) để lập bản ghi cho tệp",
                Store::object_path(hash),
                store.root().join(Store::object_path(hash)).display()
            ),
        )?;
    }
    for stray in strays {
        problem(
            out,
            format!(
                "tệp lạ {} trong thư mục objects/ — không phải tệp do cchc-gen lưu; hãy chuyển nó ra khỏi kho",
                stray.0.display()
            ),
        )?;
    }
    for temp in store.temp_files()? {
        problem(
            out,
            format!(
                "tệp tạm còn sót {} (một lần thêm đã bị ngắt) — lần `cchc-gen archive add` tiếp theo sẽ dọn",
                temp.display()
            ),
        )?;
    }

    let verdict = match (problems, unchecked) {
        (0, 0) => "tất cả nguyên vẹn.".to_owned(),
        (0, n) => format!(
            "các tệp trong kho nguyên vẹn, nhưng {n} chữ ký số không kiểm tra được (xem các dòng Lưu ý)."
        ),
        (n, _) => format!("phát hiện {n} vấn đề."),
    };
    say!(out, "Đã kiểm tra {} văn bản: {verdict}", records.len())?;
    Ok(if problems == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Why a stored file cannot be trusted.
enum Damage {
    Missing,
    /// What changed, for people.
    Changed(String),
}

/// A stored file's content, if it is there and still has its hash.
fn read_checked(store: &Store, sha256: &str) -> Result<Result<Vec<u8>, Damage>, ArchiveError> {
    match store.check_object(sha256) {
        Ok(bytes) => Ok(Ok(bytes)),
        Err(ArchiveError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            Ok(Err(Damage::Missing))
        }
        Err(ArchiveError::Corrupt { actual, .. }) => Ok(Err(Damage::Changed(format!(
            "tệp {} đã bị thay đổi (SHA-256 nay là {actual})",
            Store::object_path(sha256)
        )))),
        Err(e) => Err(e),
    }
}
