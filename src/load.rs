//! Step 1: read a data file into a [`Report`], with Vietnamese messages that
//! name the line and column of any mistake.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use serde_saphyr::{DefaultMessageFormatter, MessageFormatter};
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{UnicodeNormalization, is_nfc_quick};

use crate::diagnostic::{Diagnostic, byte_offset, io_advice, line_column};
use crate::model::Report;

/// A data file as read from disk, normalised to NFC.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The NFC text every step reads.
    pub text: String,
    /// The text as typed, when NFC changed it: the user's editor counts
    /// columns in this one.
    typed: Option<String>,
}

impl SourceFile {
    /// The text as the user's editor shows it.
    pub fn as_typed(&self) -> &str {
        self.typed.as_deref().unwrap_or(&self.text)
    }

    /// Moves the column of a diagnostic on this file, counted in the NFC
    /// text, to where the editor shows it.
    pub fn place_as_typed(&self, d: &mut Diagnostic) {
        let Some(typed) = &self.typed else { return };
        if d.file != self.path || d.line == 0 {
            return;
        }
        // NFC never joins characters across a line break: lines match.
        if let Some(line) = typed.split('\n').nth(d.line as usize - 1) {
            d.column = column_as_typed(line, d.column);
        }
    }
}

/// The 1-based column in `typed` (one line) of the 1-based column `nfc` in
/// its NFC form. A character and the marks after it are composed together,
/// so the text is walked one such cluster at a time.
fn column_as_typed(typed: &str, nfc: u32) -> u32 {
    let target = nfc.saturating_sub(1) as usize;
    let (mut typed_at, mut nfc_at) = (0, 0);
    let mut chars = typed.chars().peekable();
    while let Some(first) = chars.next() {
        let mut cluster = String::from(first);
        while let Some(&c) = chars.peek().filter(|&&c| canonical_combining_class(c) != 0) {
            cluster.push(c);
            chars.next();
        }
        let (typed_len, nfc_len) = (cluster.chars().count(), cluster.nfc().count());
        if target < nfc_at + nfc_len {
            return (typed_at + (target - nfc_at).min(typed_len - 1) + 1) as u32;
        }
        typed_at += typed_len;
        nfc_at += nfc_len;
    }
    (typed_at + target - nfc_at + 1) as u32
}

/// A loaded report, with the warnings met on the way and the errors of
/// values not read as written: numbers and dates still holding the
/// «điền: ...» of `new`, keys with no value, blank text.
#[derive(Debug)]
pub struct Loaded {
    pub source: SourceFile,
    pub report: Report,
    pub diagnostics: Vec<Diagnostic>,
    /// Some value was read as a stand-in (a number left to fill, a key
    /// with no value read as not written): figures derived from the
    /// report mean nothing.
    pub stand_ins: bool,
}

/// Reads and parses a data file.
pub fn load_file(path: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    let text = read_text(path).map_err(|d| vec![d])?;
    load_str(path, text)
}

/// Reads a text file (data or layout); an unreadable file, or one not in
/// UTF-8, is an error that names where and how to fix it.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(path, 0, 0, format!("không đọc được tệp: {}", io_advice(&e)))
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_column(
            &String::from_utf8_lossy(e.as_bytes()),
            e.utf8_error().valid_up_to(),
        );
        Diagnostic::error(path, line, column, "tệp không phải văn bản UTF-8")
            .with_help("lưu lại tệp với bảng mã UTF-8 (trong Notepad: Tệp → Lưu dưới dạng…, Mã hóa: UTF-8; không chọn \"Unicode\", là UTF-16), không dùng TCVN3 hay VNI")
    })
}

/// Parses the text of a data file; `path` is used in messages only.
pub fn load_str(path: &Path, text: String) -> Result<Loaded, Vec<Diagnostic>> {
    let mut warnings = Vec::new();
    let mut typed = None;
    let text = if is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes {
        text
    } else {
        let normalized: String = text.nfc().collect();
        if normalized != text {
            let first = text
                .char_indices()
                .zip(normalized.chars())
                .find(|((_, a), b)| a != b)
                .map_or(0, |((i, _), _)| i);
            let (line, column) = line_column(&text, first);
            warnings.push(
                Diagnostic::warning(
                    path,
                    line,
                    column,
                    "chữ tiếng Việt được gõ ở dạng tổ hợp (NFD); cchc-gen đã chuẩn hóa sang dạng dựng sẵn (NFC)",
                )
                .with_help(
                    "dùng bảng mã Unicode dựng sẵn trong bộ gõ (Unikey: \"Unicode\", không phải \"Unicode tổ hợp\") để tìm kiếm và sao chép chữ trong PDF đúng",
                ),
            );
            typed = Some(text);
        }
        normalized
    };
    let source = SourceFile {
        path: path.to_path_buf(),
        text,
        typed,
    };
    let (report, mut diagnostics) = match read_report(&source.text) {
        Ok(report) => (report, warnings),
        Err(err) => {
            let Mistakes { mut found, report } = mistakes(path, &source.text, err);
            for d in &mut found {
                source.place_as_typed(d);
            }
            match report {
                Some(report) => (report, [warnings, found].concat()),
                None => return Err(found),
            }
        }
    };
    let not_written: Vec<NotWritten> = values_not_written(&source.text)
        .into_iter()
        .filter(|v| !MAY_BE_BLANK.contains(&v.key.as_str()))
        .collect();
    let stand_ins = diagnostics.iter().any(Diagnostic::is_error)
        || not_written.iter().any(|v| v.blank.is_none());
    let unvalued = not_written.into_iter().filter_map(|v| {
        let (message, help) = match v.blank {
            None => no_value(&v.key, None),
            Some(item) => blank_text(&v.key, item)?,
        };
        Some(Diagnostic::error(path, v.line, v.column, message).with_help(help))
    });
    // Placed as typed, as the errors serde already told.
    let more = unvalued
        .chain(text_taken_as_comment(path, &source.text))
        .map(|mut d| {
            source.place_as_typed(&mut d);
            d
        });
    crate::diagnostic::add_untold(&mut diagnostics, more);
    Ok(Loaded {
        source,
        report,
        diagnostics,
        stand_ins,
    })
}

/// Parses the text of a data file into the model: the one place that does.
/// A tag (`!x`) is refused rather than dropped: `dia_danh: !An Hòa` would
/// otherwise read as "Hòa".
pub fn read_report(text: &str) -> Result<Report, serde_saphyr::Error> {
    let options = serde_saphyr::options! {
        reject_unsupported_tags: true,
        budget: budget(),
    };
    serde_saphyr::from_str_with_options(text, options)
}

/// The reader's limits: serde-saphyr's defaults, but blocks nest at most
/// 32 deep. The deepest report (sections I., 1., 1.1., a) holding a table)
/// needs 14; each level costs stack in the deserializer, and 64 overflowed
/// a 2 MiB thread in a debug build.
fn budget() -> Option<serde_saphyr::Budget> {
    serde_saphyr::budget! { max_depth: 32 }
}

/// The text without its `#` comments, for the copy attached to the PDF: a
/// note to colleagues ("số này chờ xác nhận") is not sent with the report.
/// A line that held only a comment goes whole.
pub fn without_comments(text: &str) -> String {
    let comments = granit_parser::Parser::new_from_str(text)
        .map_while(Result::ok)
        .filter(|(event, _)| matches!(event, granit_parser::Event::Comment(..)))
        .filter_map(|(_, span)| span.byte_range());
    let mut out = String::with_capacity(text.len());
    let mut kept_to = 0;
    for comment in comments {
        let line_start = text[..comment.start].rfind('\n').map_or(0, |i| i + 1);
        let before = text[line_start..comment.start].trim_end_matches([' ', '\t']);
        let (start, end) = if before.is_empty() {
            let line_end = text[comment.end..]
                .find('\n')
                .map_or(text.len(), |i| comment.end + i + 1);
            (line_start, line_end)
        } else {
            (line_start + before.len(), comment.end)
        };
        out.push_str(&text[kept_to..start.max(kept_to)]);
        kept_to = end.max(kept_to);
    }
    out.push_str(&text[kept_to..]);
    out
}

/// Same-line comments that read like text: YAML drops everything from
/// " #" on, so `Tuyên truyền #CCHC` would print as "Tuyên truyền". A
/// comment written as such has a space after its `#`.
fn text_taken_as_comment(path: &Path, text: &str) -> Vec<Diagnostic> {
    // Reading the file again is only worth it when it has such a `#`.
    let suspect = text.match_indices('#').any(|(i, _)| {
        text[..i].ends_with([' ', '\t']) && text[i + 1..].starts_with(|c: char| !c.is_whitespace())
    });
    if !suspect {
        return Vec::new();
    }
    granit_parser::Parser::new_from_str(text)
        .map_while(Result::ok)
        .filter_map(|(event, span)| match event {
            granit_parser::Event::Comment(words, granit_parser::Placement::Right)
                if words.starts_with(|c: char| !c.is_whitespace()) =>
            {
                let shown: String = words.chars().take(20).collect();
                let more = if shown.len() < words.len() { "…" } else { "" };
                Some(
                    Diagnostic::warning(
                        path,
                        span.start.line() as u32,
                        span.start.col() as u32 + 1,
                        format!(
                            "`#{shown}{more}` không được in: sau một dấu cách, `#` mở chú thích của YAML"
                        ),
                    )
                    .with_help(
                        "nếu đó là nội dung, đặt cả giá trị trong ngoặc kép, ví dụ `\"Tuyên truyền #CCHC\"`; nếu là chú thích, thêm dấu cách sau `#`",
                    ),
                )
            }
            _ => None,
        })
        .collect()
}

/// At most this many mistakes are shown from one reading of a file.
const MAX_MISTAKES: usize = 100;

/// What reading a file with mistakes found.
struct Mistakes {
    found: Vec<Diagnostic>,
    /// The report read with every mistake mended, when all of them are
    /// places `new` left to fill: the checks then run as well, and list the
    /// places left in texts too.
    report: Option<Report>,
}

/// Every mistake serde can be brought to report, starting from its first.
/// serde stops at the first mistake, so the text is mended there ([`mend`])
/// and read again. The mending keeps every line where it was. What it may
/// cause itself is not shown: a mistake not later in the file than the last
/// (a block left empty), a missing key, a syntax error. The file's own first
/// syntax error, found by reading it as plain YAML, is added at the end.
fn mistakes(path: &Path, original: &str, first: serde_saphyr::Error) -> Mistakes {
    let (d, mut all_unfilled) = placed(yaml_error(path, &first), &first, original);
    let mut found = vec![d];
    let mut mended = None;
    let mut text = original.to_owned();
    let mut err = first;
    while recoverable(&err) && found.len() < MAX_MISTAKES {
        let last = found.last().expect("the first mistake");
        text = mend(&text, &err, last.line, last.column);
        err = match read_report(&text) {
            Ok(report) => {
                mended = Some(report);
                break;
            }
            Err(next) => next,
        };
        let (d, unfilled) = placed(yaml_error(path, &err), &err, &text);
        if !recoverable(&err) || !is_after(&d, last) {
            break;
        }
        all_unfilled &= unfilled;
        found.push(d);
    }
    let plain_yaml = serde_saphyr::options! {
        duplicate_keys: serde_saphyr::options::DuplicateKeyPolicy::LastWins,
        budget: budget(),
    };
    if let Err(syntax) =
        serde_saphyr::from_str_with_options::<serde::de::IgnoredAny>(original, plain_yaml)
    {
        let d = yaml_error(path, &syntax);
        if found.last().is_some_and(|last| is_after(&d, last)) {
            found.push(d);
            all_unfilled = false;
        }
    }
    Mistakes {
        found,
        report: mended.filter(|_| all_unfilled),
    }
}

/// A diagnostic told with what the text at its place shows; `true` when
/// that is a number or date still holding the «điền: ...» of `new`: a place
/// to fill, not a wrong value.
fn placed(d: Diagnostic, err: &serde_saphyr::Error, text: &str) -> (Diagnostic, bool) {
    let mut d = at_tag(d, err, text);
    let value = text[byte_offset(text, d.line, d.column)..].trim_start_matches(['"', '\'']);
    if let Some(what) = crate::new_report::unfilled(value).filter(|_| value.starts_with('«')) {
        d.message = crate::new_report::unfilled_message(what);
        d.help = Some(crate::new_report::FILL_HELP.to_owned());
        return (d, true);
    }
    // A count the parser could not read: say why when the text shows it.
    if let serde_saphyr::Error::InvalidScalar { ty, .. } = cause(err)
        && ty.starts_with('u')
    {
        let scalar = value
            .trim_start_matches(':')
            .split(['\n', '#', ',', '}', ']'])
            .next()
            .unwrap_or("")
            .trim();
        let digits = scalar.bytes().all(|b| b.is_ascii_digit());
        if scalar.is_empty() {
            d.message = "chưa ghi số".to_owned();
            d.help = Some(
                "ghi số đếm sau dấu `:` (ghi 0 nếu không có), hoặc xóa cả dòng nếu khóa không bắt buộc"
                    .to_owned(),
            );
        } else if digits && scalar.len() > 1 && scalar.starts_with('0') {
            // YAML reads "06" as an octal number in some tools and a
            // decimal one in others; the reader takes neither.
            let plain = scalar.trim_start_matches('0');
            let plain = if plain.is_empty() { "0" } else { plain };
            d.message = format!("số {scalar} có chữ số 0 ở đầu");
            d.help = Some(format!(
                "ghi `{plain}`: khi in, số nhỏ hơn 10 tự có số 0 ở đầu (“06 buổi”, “Số: 05”)"
            ));
        } else if digits && !fits(ty, scalar) {
            d.message = format!("số {scalar} quá lớn");
            d.help = Some("kiểm tra lại số này: có thể đã gõ thừa chữ số".to_owned());
        }
        // Else the reader's message, with the kind wanted, stands: digits
        // that fit were cut here from a longer value ("1,200", or a
        // wrongly indented line under the number).
    } else if let Some(wanted) = wanted(err) {
        if let Some(key) = key_without_value(text, d.line, d.column, value) {
            let (message, help) = no_value(key, Some(wanted));
            d.message = message;
            d.help = Some(help);
        } else if is_empty_item(text, d.line, d.column) {
            d.message = format!("dòng `-` chưa có nội dung: cần {}", kind_vi(wanted));
            d.help = Some(
                "ghi nội dung sau `- ` trên cùng dòng, hoặc xóa dòng `-` này nếu thừa".to_owned(),
            );
        }
    }
    (d, false)
}

/// Whether the place is just after a list's `-` with nothing but a comment
/// after it, where the parser puts an item left empty.
fn is_empty_item(text: &str, line: u32, column: u32) -> bool {
    let at = crate::diagnostic::byte_offset(text, line, column);
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let after = text[at..].split('\n').next().unwrap_or("").trim();
    text[start..at].trim_start() == "-" && (after.is_empty() || after.starts_with('#'))
}

/// Whether the digits make a number of the unsigned type `ty` ("u32").
fn fits(ty: &str, digits: &str) -> bool {
    let max = match ty {
        "u8" => u8::MAX.into(),
        "u16" => u16::MAX.into(),
        "u32" => u32::MAX.into(),
        _ => u64::MAX,
    };
    digits.parse::<u64>().is_ok_and(|n| n <= max)
}

/// The key of a `key:` with nothing after it but a comment, `}` or `,`:
/// the parser places such a missing value at the colon (`line`, `column`),
/// or at the key for a value read with its place (`ten:`); `value` is the
/// text from there on.
fn key_without_value<'t>(text: &'t str, line: u32, column: u32, value: &str) -> Option<&'t str> {
    let head = text.lines().nth((line as usize).checked_sub(1)?)?;
    let at = head.char_indices().nth(column.checked_sub(1)? as usize)?.0;
    let (key, rest) = if value.starts_with(':') {
        // The word before the colon: after `- `, `{`, `,` or the indent.
        (head[..at].rsplit([' ', '{', ',']).next()?, &head[at + 1..])
    } else {
        head[at..].split_once(':')?
    };
    let rest = rest.trim();
    if !(rest.is_empty() || rest.starts_with(['#', '}', ','])) {
        return None;
    }
    (!key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'))
    .then_some(key)
}

/// Keys that may be written with nothing after them, as the README says:
/// a number not yet given, the layout's own closing sentence, a head who
/// signs in person, a name written by hand.
const MAY_BE_BLANK: &[&str] = &["so", "ket_luan", "quyen_han", "ho_ten"];

/// What is said of `key:` written with no value, and how to fix it.
fn no_value(key: &str, wanted: Option<&str>) -> (String, String) {
    let message = match wanted {
        Some(w) => format!("khóa `{key}` chưa có giá trị: cần {}", kind_vi(w)),
        None => format!("khóa `{key}` chưa có giá trị"),
    };
    // Only a number, or a key whose kind is not told, may be a count.
    let may_count = wanted.is_none_or(|w| kind(w).is_some_and(|(.., n)| *n == Some("0")));
    let count = if may_count {
        " (số đếm không có thì ghi 0)"
    } else {
        ""
    };
    (
        message,
        format!(
            "ghi giá trị sau `{key}:` và một dấu cách{count}, hoặc ở các dòng dưới, thụt vào sâu hơn `{key}` (xem README, mục Dữ liệu); hoặc xóa cả dòng nếu khóa không bắt buộc"
        ),
    )
}

/// What is said of text left blank (`""`) under `key`, as its value or
/// (`item`) as an item of its list, and how to fix it; `None` for a
/// table's cells, which may be empty.
fn blank_text(key: &str, item: bool) -> Option<(String, String)> {
    let message = match (key, item) {
        ("cot" | "dong", _) => return None,
        ("noi_dung", true) => "đoạn văn trống: bản in sẽ có một dòng trống".to_owned(),
        ("ds", true) => "ý của danh sách trống: bản in chỉ có dấu đầu dòng".to_owned(),
        ("tieu_de", false) => "tiêu đề mục trống: bản in chỉ có số thứ tự của mục".to_owned(),
        ("so_lieu", false) => "đoạn số liệu trống: bản in sẽ có một dòng trống".to_owned(),
        (_, true) => format!("dòng trống trong danh sách `{key}`: bản in sẽ thiếu chữ ở chỗ này"),
        (_, false) => format!(
            "khóa `{key}` để trống (chỉ có `\"\"` hoặc dấu cách): bản in sẽ thiếu chữ ở chỗ này"
        ),
    };
    let help = if item {
        "viết nội dung vào đây, hoặc xóa dòng này".to_owned()
    } else {
        format!("viết nội dung vào đây, hoặc xóa cả dòng `{key}:` nếu khóa không bắt buộc")
    };
    Some((message, help))
}

/// A value the file holds no words for, and its place.
struct NotWritten {
    /// The key it is written under (a list's key for its items).
    key: String,
    line: u32,
    column: u32,
    /// `None`: `key:` with nothing after it (or `~`, `null`), which the
    /// model would read as not written at all: a count erased to be filled
    /// in later would print as 0. `Some(item)`: text of spaces or `""`,
    /// which prints as nothing: a blank line, a bare "1.", "Kính gửi:"
    /// alone.
    blank: Option<bool>,
}

/// Every value of the file written with no words in it.
fn values_not_written(text: &str) -> Vec<NotWritten> {
    fn walk(node: &Node, key: &str, out: &mut Vec<NotWritten>) {
        let note = |key: &str, at: &serde_saphyr::Location, blank| NotWritten {
            key: key.to_owned(),
            line: at.line() as u32,
            column: at.column() as u32,
            blank,
        };
        match node {
            Node::Map(entries) => {
                for (k, value) in entries {
                    let Node::Text(k) = k else { continue };
                    match &value.value {
                        Node::Empty => out.push(note(k, &value.referenced, None)),
                        Node::Text(t) if t.trim().is_empty() => {
                            out.push(note(k, &value.referenced, Some(false)));
                        }
                        v => walk(v, k, out),
                    }
                }
            }
            Node::Seq(items) => {
                for item in items {
                    match &item.value {
                        Node::Text(t) if t.trim().is_empty() => {
                            out.push(note(key, &item.referenced, Some(true)));
                        }
                        v => walk(v, key, out),
                    }
                }
            }
            Node::Empty | Node::Text(_) | Node::Other => {}
        }
    }
    let mut out = Vec::new();
    let options = serde_saphyr::options! { budget: budget() };
    if let Ok(node) = serde_saphyr::from_str_with_options::<Node>(text, options) {
        walk(&node, "", &mut out);
    }
    out
}

/// Any YAML value, kept only as far as [`values_not_written`] needs.
enum Node {
    Empty,
    /// Text, which a key is.
    Text(String),
    Map(Vec<(Node, serde_saphyr::Spanned<Node>)>),
    Seq(Vec<serde_saphyr::Spanned<Node>>),
    Other,
}

impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{MapAccess, SeqAccess, Visitor};
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Empty)
            }
            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Empty)
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                <Node as serde::Deserialize>::deserialize(d)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_str<E>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Text(v.to_owned()))
            }
            fn visit_bytes<E>(self, _: &[u8]) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Node::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key()? {
                    entries.push((key, map.next_value()?));
                }
                Ok(Node::Map(entries))
            }
        }
        d.deserialize_any(V)
    }
}

/// The parser places a tag error after the tag (`!An Hòa` at `Hòa`); the
/// message names the `!`, so point at it.
fn at_tag(mut d: Diagnostic, err: &serde_saphyr::Error, text: &str) -> Diagnostic {
    use serde_saphyr::Error as E;
    if !matches!(
        cause(err),
        E::TaggedScalarCannotDeserializeIntoString { .. } | E::UnsupportedTag { .. }
    ) {
        return d;
    }
    let Some(line) = text.lines().nth((d.line as usize).wrapping_sub(1)) else {
        return d;
    };
    let before: Vec<char> = line
        .chars()
        .take((d.column as usize).saturating_sub(1))
        .collect();
    let tag = (0..before.len())
        .rev()
        .find(|&i| before[i] == '!' && (i == 0 || matches!(before[i - 1], ' ' | '[' | '{' | ',')));
    if let Some(i) = tag {
        d.column = i as u32 + 1;
    }
    d
}

fn is_after(d: &Diagnostic, other: &Diagnostic) -> bool {
    (d.line, d.column) > (other.line, other.column)
}

/// The error itself, out of the wrappers that add a snippet or an alias.
fn cause(err: &serde_saphyr::Error) -> &serde_saphyr::Error {
    match err {
        serde_saphyr::Error::WithSnippet { error, .. }
        | serde_saphyr::Error::AliasError { error, .. } => cause(error),
        other => other,
    }
}

/// Whether reading can go on past this mistake: something is wrong with
/// one value or key, but the YAML around it is sound.
fn recoverable(err: &serde_saphyr::Error) -> bool {
    use serde_saphyr::Error as E;
    matches!(
        cause(err),
        E::SerdeUnknownField { .. }
            | E::SerdeUnknownVariant { .. }
            | E::SerdeInvalidType { .. }
            | E::SerdeInvalidValue { .. }
            | E::InvalidScalar { .. }
            | E::Unexpected { .. }
            | E::DuplicateMappingKey { .. }
            | E::NullIntoString { .. }
            | E::Message { .. }
            | E::SerdeVariantId { .. }
    ) && err.location().is_some()
}

/// The text changed at the mistake `err` (at `line`, `column`) so that
/// reading can go on: in a block entry (`key: value`, `- key: value`), a
/// mistyped key becomes the key it is nearest to, unless that key is there
/// already, and a wrong value a neutral one of the type wanted (`0`, `''`,
/// `[]`). Any other entry is blanked out, with the lines under it.
fn mend(text: &str, err: &serde_saphyr::Error, line: u32, column: u32) -> String {
    use serde_saphyr::Error as E;
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    let Some(start) = (line as usize).checked_sub(1).filter(|&s| s < lines.len()) else {
        return text.to_owned();
    };
    let at = lines[start]
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map_or(lines[start].len(), |(i, _)| i);
    let (head, rest) = lines[start].split_at(at);
    let at_key = head.trim_start().trim_start_matches("- ").trim().is_empty();
    let at_value = head.ends_with(": ") && !head.contains(['{', '[']);
    let mended = match cause(err) {
        E::SerdeUnknownField {
            field, expected, ..
        } if at_key => closest(field, expected)
            .filter(|best| {
                let key = format!("{best}:");
                !lines
                    .iter()
                    .any(|l| l.get(at..).is_some_and(|k| k.starts_with(&key)))
            })
            .and_then(|best| {
                Some(format!(
                    "{head}{best}{}",
                    rest.strip_prefix(field.as_str())?
                ))
            }),
        _ if at_value => neutral_value(err).map(|value| format!("{head}{value}\n")),
        _ => None,
    };
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let depth = indent(&lines[start]);
    let under = lines[start + 1..]
        .iter()
        .take_while(|l| l.trim().is_empty() || indent(l) > depth)
        .count();
    match mended {
        // A renamed key keeps what is under it.
        Some(renamed) if at_key => lines[start] = renamed,
        Some(valued) => {
            lines[start] = valued;
            blank(&mut lines[start + 1..=start + under]);
        }
        None => blank(&mut lines[start..=start + under]),
    }
    lines.concat()
}

fn blank(lines: &mut [String]) {
    for l in lines {
        let end = if l.ends_with('\n') { "\n" } else { "" };
        *l = end.to_owned();
    }
}

/// A value of the type a wrong value should have had, to read on with.
fn neutral_value(err: &serde_saphyr::Error) -> Option<&'static str> {
    // Our own messages are about dates (or an empty list, where a text will
    // do as well).
    if let serde_saphyr::Error::Message { .. } = cause(err) {
        return Some("2000-01-01");
    }
    kind(wanted(err)?).and_then(|(_, _, neutral)| *neutral)
}

/// The kind of value the reader wanted where it found another.
fn wanted(err: &serde_saphyr::Error) -> Option<&str> {
    use serde_saphyr::Error as E;
    match cause(err) {
        E::InvalidScalar { ty, .. } => Some(ty),
        E::Unexpected { expected, .. } => Some(expected),
        E::SerdeInvalidType { expected, .. } | E::SerdeInvalidValue { expected, .. } => {
            Some(expected)
        }
        E::NullIntoString { .. } => Some("a string"),
        _ => None,
    }
}

/// The kinds of value serde's messages name: the names, the words for
/// people, and a neutral value of the kind to read on with (`mistakes`).
type Kind = (&'static [&'static str], &'static str, Option<&'static str>);

const KINDS: &[Kind] = &[
    (
        &["u64", "u32", "u16", "u8", "usize", "an integer"],
        "một số nguyên không âm",
        Some("0"),
    ),
    (&["i32", "i64"], "một số nguyên", Some("0")),
    (&["f64", "f32", "a float"], "một số", Some("0.0")),
    (
        &["a string", "string scalar", "scalar"],
        "một đoạn văn bản",
        Some("''"),
    ),
    (
        &["a sequence", "sequence start"],
        "một danh sách (các dòng bắt đầu bằng \"- \")",
        Some("[]"),
    ),
    (
        &["a map", "mapping start"],
        "một khối có khóa (các dòng `khóa: giá trị` thụt vào)",
        None,
    ),
    (
        &["a boolean", "boolean", "bool"],
        "`true` hoặc `false`",
        Some("false"),
    ),
    (&["unit value", "null"], "giá trị rỗng", None),
];

fn kind(name: &str) -> Option<&'static Kind> {
    KINDS
        .iter()
        .find(|(names, ..)| names.contains(&name.trim()))
}

/// Turns a YAML or type error into a diagnostic in Vietnamese.
pub fn yaml_error(path: &Path, err: &serde_saphyr::Error) -> Diagnostic {
    let base = err.without_snippet();
    let (line, column) = base
        .location()
        .map_or((0, 0), |l| (l.line() as u32, l.column() as u32));
    let (message, help) = explain(base);
    let mut d = Diagnostic::error(path, line, column, message);
    if let Some(help) = help {
        d = d.with_help(help);
    }
    d
}

/// Vietnamese wording for an error of serde or the YAML parser, read from
/// the error's kind rather than from its English text.
fn explain(err: &serde_saphyr::Error) -> (String, Option<String>) {
    use serde_saphyr::Error as E;
    let help = |h: &str| Some(h.to_owned());
    match err {
        E::AliasError { error, .. } => explain(error),
        E::SerdeUnknownField {
            field, expected, ..
        } => (
            format!("khóa `{field}` không có trong mẫu dữ liệu"),
            Some(unknown_key_help(field, expected)),
        ),
        E::SerdeUnknownVariant {
            variant, expected, ..
        } => (
            format!("giá trị `{variant}` không hợp lệ"),
            Some(match closest(variant, expected) {
                Some(best) => format!("có phải là `{best}`? Chọn một trong: {}", list(expected)),
                None => format!("chọn một trong: {}", list(expected)),
            }),
        ),
        E::SerdeMissingField { field, .. } => (
            format!("thiếu khóa bắt buộc `{field}`"),
            Some(format!(
                "thêm dòng `{field}: ...` vào khối này (xem README, mục Dữ liệu)"
            )),
        ),
        E::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => (
            format!(
                "giá trị không đúng kiểu: gặp {}, cần {}",
                kind_vi(unexpected),
                kind_vi(expected)
            ),
            None,
        ),
        E::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => (
            format!(
                "giá trị không hợp lệ: {}, cần {}",
                kind_vi(unexpected),
                kind_vi(expected)
            ),
            None,
        ),
        E::InvalidScalar { ty, .. } if ty.starts_with('f') => (
            "giá trị không hợp lệ: cần một số".to_owned(),
            help("ghi một số, dùng dấu chấm cho phần thập phân và không ghi dấu %, ví dụ `99.5`"),
        ),
        E::InvalidScalar { ty, .. } if matches!(*ty, "bool" | "boolean") => (
            format!("giá trị không hợp lệ: cần {}", kind_vi(ty)),
            help("ghi `true` (có) hoặc `false` (không), hoặc bỏ cả dòng nếu không dùng khóa này"),
        ),
        E::InvalidScalar { ty, .. } => (
            format!("giá trị không hợp lệ: cần {}", kind_vi(ty)),
            help("ghi một số, không có dấu chấm, dấu phẩy hay đơn vị, ví dụ `7259`"),
        ),
        E::Unexpected { expected, .. } => (
            format!("giá trị không đúng kiểu: cần {}", kind_vi(expected)),
            help(
                "xem lại khối này trong README (mục Dữ liệu) hoặc trong tệp mẫu do `cchc-gen new` tạo",
            ),
        ),
        E::DuplicateMappingKey { key, .. } => (
            match key {
                Some(k) => format!("khóa `{k}` bị ghi hai lần trong cùng một khối"),
                None => "khóa bị ghi hai lần trong cùng một khối".to_owned(),
            },
            help("xóa một trong hai dòng trùng khóa"),
        ),
        E::NullIntoString { .. } => (
            "thiếu giá trị: cần một đoạn văn bản".to_owned(),
            help(
                "ghi giá trị sau dấu `:` và một dấu cách, hoặc xóa cả dòng nếu khóa không bắt buộc",
            ),
        ),
        E::Eof { .. } => (
            "tệp không có dữ liệu: tệp trống, hoặc chỉ có dòng chú thích `#`".to_owned(),
            help(
                "tạo tệp dữ liệu bằng `cchc-gen new MẪU -o TỆP.yaml` (xem `cchc-gen layouts`), hoặc chép một tệp trong `data/` rồi sửa",
            ),
        ),
        E::MultipleDocuments { .. } => (
            "tệp có hơn một tài liệu YAML: dòng `---` hoặc `...` bắt đầu tài liệu thứ hai"
                .to_owned(),
            help(
                "mỗi tệp chỉ chứa một báo cáo: xóa dòng `---` (hoặc `...`); báo cáo khác thì lưu ra tệp riêng",
            ),
        ),
        E::TaggedScalarCannotDeserializeIntoString { .. } | E::UnsupportedTag { .. } => {
            syntax_error("tag")
        }
        E::InvalidBinaryBase64 { .. } | E::BinaryNotUtf8 { .. } => syntax_error("tag"),
        E::UnknownAnchor { .. } => syntax_error("unknown anchor"),
        // Limits that keep a hostile file from exhausting memory; a real
        // report is far below every one of them.
        E::Budget {
            breach: serde_saphyr::budget::BudgetBreach::Depth { depth },
            ..
        } => (
            format!("các khối lồng nhau quá sâu (quá {} cấp)", depth - 1),
            help(DEPTH_HELP),
        ),
        E::Budget { .. } => (
            "tệp dữ liệu quá lớn hoặc quá phức tạp để là một báo cáo (vượt giới hạn an toàn khi đọc YAML)".to_owned(),
            help(
                "kiểm tra xem tệp có bị dán lẫn dữ liệu khác, hoặc có tham chiếu `*` được dùng lặp lại quá nhiều lần; một báo cáo chỉ cần vài trăm dòng",
            ),
        ),
        E::MergeValueNotMapOrSeqOfMaps { .. } => (
            "sau khóa `<<` (gộp khối của YAML) phải là một khối có khóa".to_owned(),
            help(
                "xóa dòng `<<` nếu không định gộp khối; nếu có, ghi sau `<<:` tham chiếu tới một khối có khóa, ví dụ `<<: *chung`",
            ),
        ),
        E::ExternalMessage { msg, .. } => syntax_error(msg),
        // Our own messages (dates, numbers, lines) are already Vietnamese.
        E::Message { msg, .. } | E::SerdeVariantId { msg, .. } => (msg.clone(), None),
        other => (
            format!(
                "không đọc được dữ liệu YAML ({})",
                DefaultMessageFormatter.format_message(other)
            ),
            None,
        ),
    }
}

fn unknown_key_help(field: &str, expected: &[&str]) -> String {
    if !field.is_empty() && field.chars().all(|c| c.is_ascii_digit()) {
        // `{ ty_le: 99,5 }`: the comma split the number into a second key.
        return "số thập phân phải dùng dấu chấm, ví dụ `99.5`; dấu phẩy ngăn cách các khóa trong `{ }`".to_owned();
    }
    match closest(field, expected) {
        Some(best) => format!(
            "có phải là `{best}`? Các khóa hợp lệ ở đây: {}",
            list(expected)
        ),
        None if expected.is_empty() => "xóa khóa này".to_owned(),
        None => format!(
            "xóa hoặc sửa lại khóa; các khóa hợp lệ ở đây: {}",
            list(expected)
        ),
    }
}

/// A YAML syntax error from the parser, named by the common mistake behind
/// it: (words of the parser's message, what is wrong, how to fix it).
const SYNTAX_ERRORS: &[(&[&str], &str, &str)] = &[
    // The parser's own depth limit, met before serde-saphyr's budget by
    // brackets: `[[[[…`.
    (
        &["recursion limit"],
        "các khối lồng nhau quá sâu",
        DEPTH_HELP,
    ),
    (
        &["tab"],
        "có ký tự Tab ở đầu dòng hoặc trong giá trị",
        "YAML chỉ cho thụt lề bằng dấu cách: thay mỗi Tab bằng dấu cách (trình soạn thảo: \"Convert Indentation to Spaces\")",
    ),
    (
        &["mapping values are not allowed"],
        "có dấu `:` trong một giá trị, hoặc một khóa thụt lề sâu hơn các khóa cùng cấp",
        "nếu đây là một khóa, sửa thụt lề cho thẳng cột với các khóa cùng cấp; nếu là văn bản có dấu `: `, đặt cả giá trị trong ngoặc kép, ví dụ `noi_dung: \"Kết quả: đạt\"`",
    ),
    (
        &[
            "flow sequence",
            "flow mapping",
            "unclosed bracket",
            "unclosed brace",
            "mismatched bracket",
        ],
        "danh sách `[ ]` hoặc khối `{ }` viết trên một dòng chưa đóng đúng",
        "kiểm tra dấu đóng `]` hoặc `}` và dấu phẩy giữa các phần tử; phần tử có dấu phẩy thì đặt trong ngoặc kép",
    ),
    (
        &["simple key expected"],
        "một dòng không có dấu `:` ở chỗ cần `khóa: giá trị`",
        "thêm `: ` sau tên khóa; nếu dòng là phần tiếp của đoạn văn ở trên, thụt lề nó sâu hơn khóa của đoạn văn; nếu là một ý mới, bắt đầu dòng bằng `- ` trong danh sách `noi_dung`",
    ),
    (
        &["misplaced bracket"],
        "dấu `]` hoặc `}` không có dấu mở tương ứng",
        "xóa dấu thừa; văn bản bắt đầu bằng `[`, `]`, `{` hoặc `}` thì đặt trong ngoặc kép",
    ),
    (
        &["illegal placement"],
        "dấu `:`, `[` hoặc `{` đặt sai chỗ (thường do `[` hoặc `{` ở dòng trên chưa đóng)",
        "kiểm tra dấu đóng `]` hoặc `}` ở dòng trên; văn bản có dấu `:` thì đặt trong ngoặc kép",
    ),
    (
        &["quoted scalar", "unclosed quote"],
        "đoạn văn bản trong ngoặc kép chưa đóng hoặc có ký tự `\\` sai",
        "kiểm tra dấu ngoặc kép đóng; trong ngoặc kép viết `\\\\` cho một dấu `\\`, hoặc dùng ngoặc đơn `'...'`",
    ),
    (
        &["block sequence", "'-' indicator"],
        "dòng `- ` của danh sách không thẳng cột với các dòng cùng cấp",
        INDENT_HELP,
    ),
    (
        &["indentation", "expected key", "wrongly indented"],
        "thụt lề không đúng",
        INDENT_HELP,
    ),
    (
        &["unknown anchor", "anchor or alias"],
        "giá trị bắt đầu bằng `*` hoặc `&`, hai ký tự YAML dùng cho tham chiếu",
        "đặt cả giá trị trong ngoặc kép, ví dụ `\"* Ghi chú\"`; gạch đầu dòng của danh sách thì dùng `- `",
    ),
    (
        &["mapping keys are not allowed"],
        "giá trị bắt đầu bằng `?` và dấu cách, hai ký tự YAML mở một khóa",
        "đặt cả giá trị trong ngoặc kép, ví dụ `\"? Vì sao\"`",
    ),
    (
        &["unexpected character"],
        "giá trị bắt đầu bằng @ hoặc `, hai ký tự YAML dành riêng",
        "đặt cả giá trị trong ngoặc kép, ví dụ `\"@Zalo phường\"`",
    ),
    (
        &["block scalar, did not find"],
        "giá trị bắt đầu bằng `|` hoặc `>`, hai ký tự YAML mở một đoạn văn nhiều dòng",
        "đặt cả giá trị trong ngoặc kép; hoặc, để viết đoạn văn nhiều dòng, để `|` một mình ở cuối dòng khóa và viết đoạn văn ở các dòng dưới, thụt lề sâu hơn khóa",
    ),
    (
        &["tag"],
        "giá trị bắt đầu bằng `!`, ký tự YAML dùng để ghi kiểu dữ liệu",
        "đặt cả giá trị trong ngoặc kép, ví dụ `\"!Lưu ý\"`",
    ),
    (
        &["directive"],
        "dòng bắt đầu bằng `%` ở cột đầu tiên",
        "thụt lề dòng đó như các dòng cùng đoạn, hoặc đặt cả đoạn văn trong ngoặc kép",
    ),
    (
        &["document start", "document end"],
        "dòng `---` hoặc `...` (dấu tách tài liệu YAML) ở giữa tệp",
        "mỗi tệp chỉ chứa một báo cáo: xóa dòng đó; văn bản bắt đầu bằng `---` thì đặt trong ngoặc kép",
    ),
    (
        &["comment"],
        "dấu `#` mở chú thích đặt sai chỗ: dính liền vào văn bản đứng trước, hoặc chen giữa một đoạn văn nhiều dòng",
        "trước `#` của chú thích phải có dấu cách; văn bản có `#` thì đặt cả giá trị trong ngoặc kép",
    ),
];

const DEPTH_HELP: &str = "một báo cáo chỉ cần vài cấp (mục I., 1., 1.1., a)): kiểm tra thụt lề của các dòng từ đây, và các dấu `[`, `{` chưa đóng";

const INDENT_HELP: &str = "các khóa cùng cấp phải thẳng cột, thụt lề bằng dấu cách; văn bản có dấu `:`, `#`, `[`, `{` thì đặt trong ngoặc kép";

fn syntax_error(english: &str) -> (String, Option<String>) {
    match SYNTAX_ERRORS
        .iter()
        .find(|(words, ..)| words.iter().any(|w| english.contains(w)))
    {
        Some((_, what, help)) => (
            format!("cú pháp YAML sai: {what}"),
            Some((*help).to_owned()),
        ),
        None => (
            format!("cú pháp YAML sai ({english})"),
            Some(INDENT_HELP.to_owned()),
        ),
    }
}

fn kind_vi(s: &str) -> Cow<'_, str> {
    let s = s.trim();
    if let Some((_, words, _)) = kind(s) {
        return (*words).into();
    }
    if let Some(v) = s.strip_prefix("string ") {
        return format!("văn bản {v}").into();
    }
    if let Some(v) = s
        .strip_prefix("integer `")
        .or_else(|| s.strip_prefix("floating point `"))
    {
        return format!("số {}", v.trim_end_matches('`')).into();
    }
    if let Some(v) = s.strip_prefix("struct ") {
        return format!("khối {v}").into();
    }
    if s.starts_with("map") {
        return "một khối có khóa".into();
    }
    if s.starts_with("sequence") {
        return "một danh sách".into();
    }
    s.into()
}

fn list(choices: &[&str]) -> String {
    choices
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The choice nearest to a mistyped key (at most 2 edits away).
pub fn closest<'a>(word: &str, choices: &[&'a str]) -> Option<&'a str> {
    choices
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parsers_own_depth_limit_is_told_in_vietnamese() {
        let text = format!("mau: bao-cao\nx: {}\n", "[".repeat(30_000));
        let Err(d) = load_str(Path::new("a.yaml"), text) else {
            panic!("a file nested so deep is refused");
        };
        let last = d.last().unwrap();
        assert_eq!(last.message, "cú pháp YAML sai: các khối lồng nhau quá sâu");
        assert!(!d.iter().any(|d| d.message.contains("recursion")), "{d:#?}");
    }

    #[test]
    fn a_file_saved_as_notepads_unicode_is_told_to_save_as_utf8() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        let utf16: Vec<u8> = "\u{feff}mau: bao-cao\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        std::fs::write(&path, utf16).unwrap();
        let help = read_text(&path).unwrap_err().help.unwrap();
        assert!(help.contains("Mã hóa: UTF-8"), "{help}");
        assert!(!help.contains("UTF-8 (Unicode)"), "{help}");
    }

    #[test]
    fn columns_in_nfc_text_map_to_the_text_as_typed() {
        // "Hòa" typed decomposed is H, o, U+0300, a: 4 characters, 3 in NFC.
        let typed: String = "ten: Hòa 5%".nfd().collect();
        // (column in NFC, column as typed)
        let cases = [(1, 1), (6, 6), (7, 7), (8, 9), (9, 10), (10, 11), (12, 13)];
        for (nfc, expected) in cases {
            assert_eq!(column_as_typed(&typed, nfc), expected, "NFC column {nfc}");
        }
        // "ệ" decomposed is e, U+0323, U+0302: two marks on one letter.
        let typed: String = "Việt Nam".nfd().collect();
        assert_eq!(column_as_typed(&typed, 4), 6);
        assert_eq!(column_as_typed(&typed, 6), 8);
    }
}
