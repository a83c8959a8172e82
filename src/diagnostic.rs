//! Problems found in a data file or a layout, in Vietnamese, with the place
//! to fix them. Every step of the pipeline reports through this one type.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops the build.
    Error,
    /// Printed; the build goes on.
    Warning,
}

/// One problem, with its place (1-based line and column; 0 when the problem
/// is not tied to a place) and how to fix it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    pub line: u32,
    pub column: u32,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The clause of the decree the rule comes from, e.g. "Phụ lục I, mục II.3".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

impl Diagnostic {
    pub fn error(file: &Path, line: u32, column: u32, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line,
            column,
            message: message.into(),
            help: None,
            rule: None,
        }
    }

    pub fn warning(file: &Path, line: u32, column: u32, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, line, column, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_rule(mut self, rule: impl Into<String>) -> Self {
        self.rule = Some(rule.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col: lỗi: message` — one line, for logs and tests.
    pub fn headline(&self) -> String {
        let kind = match self.severity {
            Severity::Error => "lỗi",
            Severity::Warning => "cảnh báo",
        };
        let mut s = self.file.display().to_string();
        if self.line > 0 {
            let _ = write!(s, ":{}:{}", self.line, self.column);
        }
        let _ = write!(s, ": {kind}: {}", self.message);
        if let Some(rule) = &self.rule {
            let _ = write!(s, " ({rule})");
        }
        s
    }

    /// The full report: headline, the source lines around the place with a
    /// marker, and the help. `source` is the text of `self.file`.
    pub fn render(&self, source: Option<&str>) -> String {
        let mut message = self.headline();
        if let Some(help) = &self.help {
            message.push_str("\n  cách sửa: ");
            message.push_str(help);
        }
        let Some(text) = source.filter(|_| self.line > 0) else {
            return message + "\n";
        };
        let offset = byte_offset(text, self.line, self.column);
        let width = marked_width(&text[offset..]);
        let mut diag = MietteDiagnostic::new(message).with_label(LabeledSpan::new_with_span(
            Some("tại đây".into()),
            (offset, width),
        ));
        diag = diag.with_severity(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        });
        let report = miette::Report::new(diag).with_source_code(NamedSource::new(
            self.file.display().to_string(),
            text.to_owned(),
        ));
        let mut out = String::new();
        let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .without_primary_span_start()
            .with_context_lines(1)
            .with_width(100);
        if handler.render_report(&mut out, report.as_ref()).is_err() {
            return self.headline() + "\n";
        }
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.headline())
    }
}

/// So that a problem can travel through other libraries' errors (a
/// minijinja loader's) and be told as it is.
impl std::error::Error for Diagnostic {}

/// Adds `more` to `out`, but not an error at a place (in the same file)
/// where an error is already told: the first is the one to act on. A value
/// found blank is not also a wrong code; a cell whose words cross a rule
/// and meet the next cell's is one fault. Errors with no place all stay.
pub fn add_untold(out: &mut Vec<Diagnostic>, more: impl IntoIterator<Item = Diagnostic>) {
    for d in more {
        let told = d.is_error()
            && d.line > 0
            && out.iter().any(|o| {
                o.is_error() && o.file == d.file && (o.line, o.column) == (d.line, d.column)
            });
        if !told {
            out.push(d);
        }
    }
}

/// How much of the text at a place to underline: a quoted value to its
/// closing quote, else the word, without the `,`, `]` or `}` that end a
/// value in a one-line list or block.
fn marked_width(rest: &str) -> usize {
    let word = rest.split(char::is_whitespace).next().unwrap_or("");
    let quoted = word.chars().next().filter(|q| matches!(q, '"' | '\''));
    let marked = match quoted.and_then(|q| Some((q, rest[1..].find(q)?))) {
        Some((q, end)) if !rest[1..=end].contains('\n') => &rest[..end + 1 + q.len_utf8()],
        _ => word.trim_end_matches([',', ']', '}']),
    };
    marked.len().max(1)
}

/// Byte offset of a 1-based line and (character) column; clamped to the text.
pub fn byte_offset(text: &str, line: u32, column: u32) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line as usize {
            let col = l
                .char_indices()
                .nth(column.saturating_sub(1) as usize)
                .map_or(l.trim_end_matches('\n').len(), |(b, _)| b);
            return offset + col;
        }
        offset += l.len();
    }
    text.len()
}

/// 1-based line and character column of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[start..offset].chars().count() + 1;
    (line as u32, column as u32)
}

/// Advice for a full disk, whichever library reports it.
pub const DISK_FULL: &str = "ổ đĩa đã đầy — hãy giải phóng dung lượng rồi chạy lại";

/// Advice for a disk or folder that cannot be written.
pub const READ_ONLY: &str = "không có quyền ghi (ổ đĩa hoặc thư mục chỉ đọc) — hãy kiểm tra quyền ghi của thư mục, hoặc chọn thư mục khác";

/// Advice for a refused access, said of reading and writing alike: the
/// message it follows says which ("không đọc được tệp: …").
#[cfg(not(windows))]
const PERMISSION_DENIED: &str = "không có quyền truy cập — hãy kiểm tra quyền của tệp và của thư mục chứa nó (hoặc nhờ người quản trị máy cấp quyền), hoặc chép tệp sang một thư mục của bạn";

/// On Windows this is also how a file open in another program (a PDF in
/// Adobe Reader) refuses to be replaced.
#[cfg(windows)]
const PERMISSION_DENIED: &str = "không có quyền, hoặc tệp đang mở trong chương trình khác (ví dụ trình đọc PDF) — hãy đóng tệp đó, kiểm tra quyền của thư mục, hoặc chọn thư mục khác";

/// What an I/O error means for the user, and what to do, in Vietnamese.
pub fn io_advice(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => DISK_FULL.into(),
        std::io::ErrorKind::ReadOnlyFilesystem => READ_ONLY.into(),
        std::io::ErrorKind::PermissionDenied => PERMISSION_DENIED.into(),
        std::io::ErrorKind::NotFound => "không tìm thấy — hãy kiểm tra lại đường dẫn".into(),
        std::io::ErrorKind::IsADirectory => {
            "đường dẫn này là một thư mục, không phải tệp — hãy kiểm tra lại đường dẫn, hoặc chọn tên khác".into()
        }
        std::io::ErrorKind::NotADirectory => {
            "đường dẫn này (hoặc một thư mục trên đường dẫn) là tệp, không phải thư mục — hãy kiểm tra lại đường dẫn".into()
        }
        // `create_dir_all` where a file has the name, or a file that must
        // not be replaced.
        std::io::ErrorKind::AlreadyExists => {
            "đã có một tệp mang tên này — hãy chọn tên khác, hoặc đổi tên tệp đó".into()
        }
        std::io::ErrorKind::InvalidFilename => {
            "tên không hợp lệ hoặc đường dẫn quá dài — hãy đặt tên ngắn hơn, không có các ký tự \\ / : * ? \" < > |, hoặc chuyển tệp lên thư mục nông hơn".into()
        }
        // Our own errors (e.g. in `output`) carry their Vietnamese text.
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_places_round_trip_on_vietnamese_text() {
        let text = "mau: x\nten: Ủy ban\n  tên: đã\n";
        for (line, col) in [(1, 1), (2, 6), (3, 3), (3, 8)] {
            assert_eq!(line_column(text, byte_offset(text, line, col)), (line, col));
        }
    }

    #[test]
    fn io_errors_say_what_to_do() {
        use std::io::{Error, ErrorKind};
        for (kind, words) in [
            (ErrorKind::StorageFull, "ổ đĩa đã đầy"),
            (ErrorKind::ReadOnlyFilesystem, "ổ đĩa hoặc thư mục chỉ đọc"),
            #[cfg(not(windows))]
            (ErrorKind::PermissionDenied, "không có quyền truy cập"),
            #[cfg(windows)]
            (
                ErrorKind::PermissionDenied,
                "tệp đang mở trong chương trình khác",
            ),
            (ErrorKind::NotFound, "kiểm tra lại đường dẫn"),
            (ErrorKind::IsADirectory, "là một thư mục, không phải tệp"),
            (ErrorKind::NotADirectory, "là tệp, không phải thư mục"),
            (ErrorKind::AlreadyExists, "đã có một tệp mang tên này"),
            (ErrorKind::InvalidFilename, "đường dẫn quá dài"),
        ] {
            let advice = io_advice(&Error::from(kind));
            assert!(advice.contains(words), "{kind:?}: {advice}");
            // Only a file open in a program on Windows is told to close it.
            #[cfg(not(windows))]
            assert!(!advice.contains("đang mở"), "{kind:?}: {advice}");
        }
    }

    #[test]
    fn render_shows_place_message_and_help() {
        let d = Diagnostic::error(Path::new("a.yaml"), 2, 6, "sai").with_help("sửa đi");
        let out = d.render(Some("mau: x\nten: Ủy ban\n"));
        assert!(out.contains("a.yaml:2:6: lỗi: sai"), "{out}");
        assert!(out.contains("cách sửa: sửa đi"), "{out}");
        assert!(out.contains("ten: Ủy ban"), "{out}");
    }

    #[test]
    fn the_underline_covers_the_value_at_the_place() {
        for (rest, marked) in [
            ("\"10\", \"Đạt\"]]\n", "\"10\""),
            ("'Tỷ lệ: 99 %', x]\n", "'Tỷ lệ: 99 %'"),
            ("10, Đạt]]\n", "10"),
            ("CHỦ TỊCH }\n", "CHỦ"),
            ("200 % hồ sơ\n", "200"),
            ("\"không đóng\nngoặc\"", "\"không"),
            (": }\n", ":"),
            ("}\n", "}"),
            ("", ""),
        ] {
            assert_eq!(marked_width(rest), marked.len().max(1), "{rest:?}");
        }
    }
}
