//! What can go wrong in the archive, said in Vietnamese with what to do.

use std::io;
use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

use crate::diagnostic::{DISK_FULL, READ_ONLY};

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// Reading or writing a file or folder failed.
    #[error("không {action} {}: {}", path.display(), crate::diagnostic::io_advice(source))]
    Io {
        /// What was being done, as a verb phrase: "ghi được vào kho lưu trữ".
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },

    /// The SQLite index could not be read or written.
    #[error("không {action} chỉ mục {}: {}", path.display(), sqlite_advice(source))]
    Index {
        action: &'static str,
        path: PathBuf,
        source: rusqlite::Error,
    },

    #[error(
        "tệp {} không phải là PDF đọc được ({reason}) — hãy kiểm tra lại tệp, hoặc quét lại văn bản thành PDF",
        path.display()
    )]
    NotPdf { path: PathBuf, reason: String },

    /// A PDF cut short on its way (an interrupted download or copy), or
    /// damaged: lopdf would recover what it can and hide the loss.
    #[error(
        "tệp PDF {} bị cắt cụt hoặc hỏng ({reason}) — hãy lấy lại bản đầy đủ từ nơi gửi (tải hoặc chép lại tệp gốc)",
        path.display()
    )]
    DamagedPdf { path: PathBuf, reason: String },

    #[error(
        "dữ liệu YAML {} không đọc được: {reason} — hãy sửa tệp dữ liệu, hoặc bỏ --source để ghi các thông tin bằng tham số",
        path.display()
    )]
    BadData { path: PathBuf, reason: String },

    /// A command-line value that makes no sense (a usage error).
    #[error("{0}")]
    Usage(String),

    #[error(
        "tệp {} trong kho đã bị thay đổi (SHA-256 {actual}, đúng ra phải là {expected}) — hãy khôi phục: chạy `cchc-gen archive add` với bản PDF gốc, hoặc chép bản sao lưu vào đúng đường dẫn đó; `cchc-gen archive verify` liệt kê mọi tệp hỏng",
        path.display()
    )]
    Corrupt {
        path: PathBuf,
        expected: String,
        actual: String,
    },

    #[error("không có hồ sơ số {0} trong kho — xem danh sách bằng `cchc-gen archive list`")]
    NoSuchRecord(i64),

    #[error(
        "{} đã có và không phải thư mục trống — hãy chọn một thư mục mới cho gói BagIt",
        .0.display()
    )]
    ExportTargetExists(PathBuf),

    #[error(
        "không lưu {} vào kho: chữ ký số không hợp lệ, hoặc tệp đã bị sửa sau khi ký (xem các dòng trên) — hãy lưu bản gốc nhận được từ nơi ký, bản chưa bị mở rồi lưu lại bằng phần mềm khác",
        .0.display()
    )]
    SignatureProblem(PathBuf),
}

impl ArchiveError {
    /// 2 for a wrong command line, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            ArchiveError::Usage(_) | ArchiveError::ExportTargetExists(_) => 2,
            _ => 1,
        }
    }
}

/// The `map_err` for reading a file named on the command line: a file that
/// is not there is a wrong call.
pub fn read_named(path: &Path) -> impl FnOnce(io::Error) -> ArchiveError + use<> {
    let path = path.to_path_buf();
    move |source| match source.kind() {
        io::ErrorKind::NotFound => ArchiveError::Usage(format!(
            "không có {} — hãy kiểm tra lại đường dẫn",
            path.display()
        )),
        _ => io_error("đọc được", &path)(source),
    }
}

/// The `map_err` for an I/O step: `.map_err(io_error("đọc được tệp", path))`.
pub fn io_error(
    action: &'static str,
    path: &Path,
) -> impl FnOnce(io::Error) -> ArchiveError + use<> {
    let path = path.to_path_buf();
    move |source| ArchiveError::Io {
        action,
        path,
        source,
    }
}

/// The `map_err` for an index step.
pub fn index_error(
    action: &'static str,
    path: &Path,
) -> impl FnOnce(rusqlite::Error) -> ArchiveError + use<> {
    let path = path.to_path_buf();
    move |source| ArchiveError::Index {
        action,
        path,
        source,
    }
}

fn sqlite_advice(e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => DISK_FULL.into(),
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            READ_ONLY.into()
        }
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            "chỉ mục đang bị một tiến trình khác giữ quá lâu — hãy chạy lại sau ít phút".into()
        }
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
            "tệp chỉ mục bị hỏng — hãy khôi phục index.sqlite của kho từ bản sao lưu".into()
        }
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_disk_and_read_only_say_what_to_do() {
        let full = io_error("ghi được vào kho lưu trữ", Path::new("luu-tru/"))(
            io::Error::from(io::ErrorKind::StorageFull),
        );
        assert_eq!(
            full.to_string(),
            "không ghi được vào kho lưu trữ luu-tru/: ổ đĩa đã đầy — hãy giải phóng dung lượng rồi chạy lại"
        );
        let ro = io_error("ghi được vào kho lưu trữ", Path::new("kho"))(io::Error::from(
            io::ErrorKind::ReadOnlyFilesystem,
        ));
        assert!(ro.to_string().contains("chỉ đọc"), "{ro}");
        assert_eq!(ro.exit_code(), 1);
        assert_eq!(ArchiveError::Usage("x".into()).exit_code(), 2);
    }
}
