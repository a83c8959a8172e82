//! The whole pipeline for one data file: load → check → render → typeset →
//! write. The CLI, batch builds and watch mode all go through here.

use std::path::{Path, PathBuf};

use typst::foundations::Bytes;

use crate::diagnostic::{Diagnostic, io_advice};
use crate::figures::{self, Derived};
use crate::images::{self, SignerImages};
use crate::layouts::{self, Layouts};
use crate::load::{self, Loaded};
use crate::model::{At, Report, Table};
use crate::typeset::{self, Edge, Failure, Job, PdfFlavour, Spill, TypstError};
use crate::view::View;
use crate::{check, output, render};

/// How to build.
#[derive(Debug, Clone)]
pub struct Options {
    /// `--layouts DIR`.
    pub layouts: Option<PathBuf>,
    pub pdf: PdfFlavour,
    /// Also write the generated typst source (and `nd30.typ`) here.
    pub emit_typst: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            layouts: None,
            pdf: PdfFlavour::A3b,
            emit_typst: None,
        }
    }
}

/// The result of checking or building one file.
#[derive(Debug)]
pub struct Outcome {
    pub input: PathBuf,
    /// The text of the input, for showing the lines of diagnostics.
    pub source: Option<String>,
    /// Errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// The PDF written, when the build succeeded.
    pub pdf: Option<PathBuf>,
    /// The image files the data names (signature, seal), whether or not
    /// they exist: watch mode rebuilds when one appears or changes.
    pub images: Vec<PathBuf>,
}

impl Outcome {
    /// Nothing done yet.
    pub fn new(input: &Path) -> Self {
        Outcome {
            input: input.to_path_buf(),
            source: None,
            diagnostics: vec![],
            pdf: None,
            images: vec![],
        }
    }

    pub fn failed(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The default output path: the input with `.pdf`.
pub fn default_output(input: &Path) -> PathBuf {
    input.with_extension("pdf")
}

/// Where the PDF of `input` goes: `-o` as given, or, when `-o` is a folder
/// (it exists, or is written with a final `/`), the input's name with `.pdf`
/// in that folder.
pub fn output_path(input: &Path, output: Option<&Path>) -> PathBuf {
    match output {
        None => default_output(input),
        Some(o) if is_folder(o) => {
            let name = default_output(input);
            o.join(name.file_name().unwrap_or(name.as_os_str()))
        }
        Some(o) => o.to_path_buf(),
    }
}

/// `-o` names a folder, not a file.
pub fn is_folder(output: &Path) -> bool {
    output.is_dir()
        || output
            .as_os_str()
            .to_string_lossy()
            .ends_with(std::path::is_separator)
}

/// A checked report, ready to render.
struct Checked {
    loaded: Loaded,
    layouts: Layouts,
    /// The typst library the markup imports (`nd30.typ`).
    library: layouts::LayoutFile,
    meta: layouts::LayoutMeta,
    derived: Derived,
    images: SignerImages,
}

/// Loads and checks; `None` when there is an error, all of them in
/// `outcome.diagnostics`.
fn load_and_check(input: &Path, opts: &Options, outcome: &mut Outcome) -> Option<Checked> {
    let loaded = match load::load_file(input) {
        Ok(l) => l,
        Err(diags) => {
            outcome.source = std::fs::read_to_string(input).ok();
            outcome.diagnostics = diags;
            return None;
        }
    };
    outcome.source = Some(loaded.source.as_typed().to_owned());
    let report = &loaded.report;
    let signer = &report.nguoi_ky;
    outcome.images = [&signer.chu_ky, &signer.con_dau]
        .into_iter()
        .flatten()
        .map(|rel| images::path(input, &rel.value))
        .collect();
    let layouts = Layouts::for_data_file(opts.layouts.as_deref(), input);
    let mut diags = loaded.diagnostics.clone();
    let meta = layouts.layout_meta(&report.mau.value);
    let library = layouts.file(typeset::LIBRARY);
    for e in [meta.as_ref().err(), library.as_ref().err()]
        .into_iter()
        .flatten()
    {
        diags.push(e.clone());
    }
    let layout = match &meta {
        Ok(Some(m)) => check::Layout::Found(m),
        Ok(None) => check::Layout::Missing,
        Err(_) => check::Layout::Unreadable,
    };
    // More than 4 places is an error of the check; the figures are still
    // derived so that every other problem is found too.
    let places = report.so_thap_phan.as_ref().map_or(2, |p| p.value.min(4));
    let derived = figures::derive(
        &report.chi_so,
        report.ky_truoc.as_ref().map(|p| &p.chi_so),
        places,
    );
    let images = SignerImages::read(input, signer);
    // Rates are checked once every number is filled.
    let prepared = check::Prepared {
        layout,
        source: &loaded.source.text,
        derived: (!loaded.stand_ins).then_some(&derived),
        images: &images,
    };
    // A value loading found wrong or blank is not told again by the rules.
    crate::diagnostic::add_untold(
        &mut diags,
        check::check(input, report, &layouts, &prepared)
            .into_iter()
            .map(|mut d| {
                loaded.source.place_as_typed(&mut d);
                d
            }),
    );
    diags.sort_by_key(|d| (d.file != input, d.line, d.column));
    let failed = diags.iter().any(Diagnostic::is_error);
    outcome.diagnostics = diags;
    match (meta, library) {
        (Ok(Some(meta)), Ok(Some(library))) if !failed => Some(Checked {
            loaded,
            layouts,
            library,
            meta,
            derived,
            images,
        }),
        _ => None,
    }
}

/// Checks one file without building it.
pub fn check_file(input: &Path, opts: &Options) -> Outcome {
    let mut outcome = Outcome::new(input);
    load_and_check(input, opts, &mut outcome);
    outcome
}

/// Checks one file and, when it has no error, gives its report; else the
/// outcome with its problems (boxed: on Windows a path is larger, and the
/// outcome with it).
pub fn checked_report(input: &Path, opts: &Options) -> Result<Report, Box<Outcome>> {
    let mut outcome = Outcome::new(input);
    match load_and_check(input, opts, &mut outcome) {
        Some(checked) => Ok(checked.loaded.report),
        None => Err(Box::new(outcome)),
    }
}

/// Builds one file into `output` (default: beside the input).
pub fn build_file(input: &Path, output: Option<&Path>, opts: &Options) -> Outcome {
    crate::typeset::prepare();
    let mut outcome = Outcome::new(input);
    let Some(checked) = load_and_check(input, opts, &mut outcome) else {
        return outcome;
    };
    let target = output_path(input, output);
    match produce(checked, opts) {
        Ok((bytes, warnings)) => match output::write_atomic(&target, &bytes) {
            Ok(()) => {
                outcome.diagnostics.extend(warnings);
                outcome.pdf = Some(target);
            }
            Err(e) => outcome.diagnostics.push(Diagnostic::error(
                &target,
                0,
                0,
                format!("không ghi được tệp PDF: {}", io_advice(&e)),
            )),
        },
        Err(diags) => outcome.diagnostics.extend(diags),
    }
    outcome
}

/// The PDF bytes of a checked report, and the warnings typesetting found.
fn produce(
    checked: Checked,
    opts: &Options,
) -> Result<(Vec<u8>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let report = &checked.loaded.report;
    let mut view = View::new(report, &checked.meta, checked.derived);
    view.attach_source = opts.pdf == PdfFlavour::A3b;
    let markup = render::render(&checked.layouts, &view).map_err(|d| vec![d])?;
    let library = &checked.library;
    let attachment = load::without_comments(&checked.loaded.source.text);
    if let Some(dir) = &opts.emit_typst {
        emit(
            dir,
            &checked.loaded.source.path,
            &markup,
            &library.text,
            &attachment,
        )?;
    }
    let files = std::iter::once((
        crate::view::SOURCE_ATTACHMENT,
        Bytes::from_string(attachment),
    ))
    .chain(
        checked
            .images
            .into_files()
            .map(|(name, png)| (name, Bytes::new(png))),
    )
    .collect();
    let job = Job {
        markup,
        library: &library.text,
        files,
        date: report.ngay.value,
    };
    let ident = format!(
        "{}|{}|{}|{}",
        report.co_quan.ten_goi.value,
        crate::view::number_and_symbol(report),
        report.ngay.value,
        report.mau.value
    );
    let source = &checked.loaded.source;
    let placed = |mut d: Diagnostic| {
        source.place_as_typed(&mut d);
        d
    };
    match typeset::typeset(job, opts.pdf, &ident) {
        Ok(done) => {
            let mut warnings = narrow_columns(source, report, &done.broken_cells);
            warnings.extend(empty_headings(source, report, &done.unprinted_figures));
            if done.landscape_pages == 0 {
                warnings.extend(landscape_ignored(source, report, &checked.layouts));
            }
            Ok((done.pdf, warnings.into_iter().map(placed).collect()))
        }
        Err(Failure::Typst(errs)) => Err(errs
            .into_iter()
            .map(|e| typst_diagnostic(&checked.layouts, &report.mau.value, e))
            .collect()),
        Err(Failure::Spill {
            spills,
            landscape_pages,
        }) => {
            let mut errors: Vec<Diagnostic> =
                spills.iter().map(|s| spill_diagnostic(source, s)).collect();
            // Why a table marked landscape spills as a portrait one.
            if landscape_pages == 0 {
                errors.extend(landscape_ignored(source, report, &checked.layouts));
            }
            Err(errors.into_iter().map(placed).collect())
        }
        Err(Failure::Overprint(overprints)) => {
            let mut errors = Vec::new();
            crate::diagnostic::add_untold(
                &mut errors,
                overprints
                    .iter()
                    .map(|o| placed(overprint_diagnostic(source, report, o))),
            );
            Err(errors)
        }
    }
}

/// Where `text` is written in the data file, outside comments, or (0, 0):
/// first where it is a whole value (`[A, B]` for "A"), else where it is
/// first a part of one ("BAN").
fn find_in_source(source: &load::SourceFile, text: &str) -> (u32, u32) {
    let src = source.text.as_str();
    let line_start = |at: usize| src[..at].rfind('\n').map_or(0, |i| i + 1);
    let in_comment = |at: usize| src[line_start(at)..at].trim_start().starts_with('#');
    let whole = |at: usize| {
        let before = src[line_start(at)..at].trim_end();
        let after = src[at + text.len()..]
            .split('\n')
            .next()
            .unwrap_or("")
            .trim_start();
        (before.is_empty() || before.ends_with(['[', '{', ',', ':', '-', '"', '\'']))
            && (after.is_empty() || after.starts_with([']', '}', ',', '"', '\'', '#']))
    };
    let places = |haystack: &str, needle: &str| -> Vec<usize> {
        haystack
            .match_indices(needle)
            .map(|(at, _)| at)
            .filter(|&at| !needle.is_empty() && src.is_char_boundary(at) && !in_comment(at))
            .collect()
    };
    let mut found = places(src, text);
    // A heading the layout set in capitals ("IV. PHƯƠNG HƯỚNG"). Vietnamese
    // letters keep their length in bytes in either case, so places agree.
    if found.is_empty() {
        let (lower_src, lower_text) = (src.to_lowercase(), text.to_lowercase());
        if lower_src.len() == src.len() && lower_text.len() == text.len() {
            found = places(&lower_src, &lower_text);
        }
    }
    found
        .iter()
        .find(|&&at| whole(at))
        .or(found.first())
        .map_or((0, 0), |&at| crate::diagnostic::line_column(src, at))
}

/// Table cells whose words were broken between letters to fit a column
/// too narrow for them: one warning per table, naming the columns, at its
/// first broken number or else its first broken cell.
fn narrow_columns(
    source: &load::SourceFile,
    report: &Report,
    broken: &[typeset::BrokenCell],
) -> Vec<Diagnostic> {
    let tables = report.tables();
    // The data's table and cell a mark names; none for a table the layout
    // makes from other data (the ratings of a BIỂU TỔNG HỢP) or does not
    // name (a user's layout).
    let cell = |b: &typeset::BrokenCell| {
        let t = *tables
            .iter()
            .find(|t| b.table == Some((t.line, t.column)))?;
        let col = b.col.checked_sub(usize::from(t.stt))?;
        let text = match b.row {
            None => t.cot.get(col)?,
            Some(r) => t.dong.get(r)?.value.get(col)?,
        };
        Some((t, text))
    };
    // Per table: the cells, each with its place in the data.
    type Placed<'a> = (&'a typeset::BrokenCell, (u32, u32));
    let mut groups: Vec<(Option<&At<Table>>, Vec<Placed>)> = Vec::new();
    for b in broken {
        let found = cell(b);
        let table = found.map(|(t, _)| t);
        let at = found.map_or_else(
            || find_in_source(source, &b.text),
            |(_, c)| (c.line, c.column),
        );
        match groups
            .iter_mut()
            .find(|(t, _)| t.map(std::ptr::from_ref) == table.map(std::ptr::from_ref))
        {
            Some((_, cells)) => cells.push((b, at)),
            None => groups.push((table, vec![(b, at)])),
        }
    }
    let is_number = |text: &str| {
        text.chars().any(|c| c.is_ascii_digit()) && !text.chars().any(char::is_alphabetic)
    };
    groups
        .into_iter()
        .map(|(table, cells)| {
            // Named from left to right, a name shared by two columns once.
            let mut columns: Vec<(usize, &str)> = cells
                .iter()
                .filter_map(|(c, _)| Some((c.col, c.column.as_deref()?)))
                .collect();
            columns.sort_unstable();
            let mut names: Vec<&str> = Vec::new();
            for (_, name) in columns {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            let shown: Vec<String> = names.iter().take(3).map(|n| format!("“{n}”")).collect();
            let more = match names.len() {
                0..=3 => String::new(),
                n => format!(" và {} cột khác", n - 3),
            };
            // A broken number is the worst: shown first when there is one.
            let (example, at) = cells
                .iter()
                .find(|(c, _)| is_number(&c.text))
                .unwrap_or(&cells[0]);
            let mut message = format!(
                "bảng có cột {}{more} quá hẹp: một từ dài hơn bề ngang cột bị ngắt giữa các chữ cái, như trong ô “{}”",
                shown.join(", "),
                example.text
            );
            if is_number(&example.text) {
                message.push_str("; con số bị ngắt như vậy dễ bị đọc sai");
            }
            let help = match table {
                Some(t) => format!(
                    "cho cột rộng hơn trong `do_rong` của bảng, viết ngắn chữ trong ô (ví dụ viết tắt tiêu đề cột), {}",
                    fewer_columns(t.landscape().is_some())
                ),
                // Columns the layout sets: only the text can change.
                None => "viết ngắn chữ trong ô, hoặc thêm dấu cách để chữ xuống dòng được; bề ngang cột do mẫu trình bày quy định".to_owned(),
            };
            Diagnostic::warning(&source.path, at.0, at.1, message).with_help(help)
        })
        .collect()
}

/// A table marked `ngang: true` printed portrait: a user's layout made
/// before landscape tables existed does not pass `landscape` on.
fn landscape_ignored(
    source: &load::SourceFile,
    report: &Report,
    layouts: &Layouts,
) -> Option<Diagnostic> {
    let at = report.tables().into_iter().find_map(|t| t.landscape())?;
    // The user's own files among those that print a table.
    let own: Vec<String> = [
        layouts.layout("base"),
        layouts.layout(&report.mau.value),
        layouts.file(typeset::LIBRARY),
    ]
    .into_iter()
    .filter_map(|f| f.ok().flatten())
    .filter(|f| f.path.is_some())
    .map(|f| f.display_path().display().to_string())
    .collect();
    Some(
        Diagnostic::warning(
            &source.path,
            at.line,
            at.column,
            format!(
                "bảng vẫn in trên trang dọc: mẫu trình bày riêng ({}) không chuyển bảng `ngang: true` sang trang nằm ngang",
                own.join(", ")
            ),
        )
        .with_help(
            "mẫu có từ trước khi có bảng ngang: trong lời gọi `#nd30.data-table(...)`, thêm `landscape: {{ b.landscape | typst }}` như mẫu có sẵn `base.typ.j2` (`cchc-gen layouts export base THƯ_MỤC` chép nó ra để so)",
        ),
    )
}

/// Headings with figures alone under them, each of whose sentences printed
/// nothing (its figures all 0): such a heading stands empty in the PDF.
fn empty_headings(
    source: &load::SourceFile,
    report: &Report,
    unprinted: &[(u32, u32)],
) -> Vec<Diagnostic> {
    report
        .block_maps()
        .into_iter()
        .filter(|m| crate::view::is_section(m))
        .filter_map(|m| {
            let blocks = crate::model::figures_alone(m.noi_dung.as_deref()?)?;
            if blocks.is_empty() || !blocks.iter().all(|g| unprinted.contains(&(g.line, g.column))) {
                return None;
            }
            let at = m.heading().unwrap_or(blocks[0]);
            let names: Vec<String> = blocks.iter().map(|g| format!("`{}`", g.value)).collect();
            Some(
                Diagnostic::warning(
                    &source.path,
                    at.line,
                    at.column,
                    format!(
                        "{} in ra không có nội dung: số liệu của {} bằng 0 nên không có câu nào được in",
                        m.section_name(),
                        names.join(", ")
                    ),
                )
                .with_help(
                    "viết vào `noi_dung` của mục một câu cho biết trong kỳ không có việc này (ví dụ \"Trong kỳ không tổ chức hội nghị tuyên truyền.\"), hoặc xóa mục",
                ),
            )
        })
        .collect()
}

/// Text outside the margins, placed at the data that printed it when it
/// can be found there.
fn spill_diagnostic(source: &load::SourceFile, s: &Spill) -> Diagnostic {
    // A run is a piece of one line: what the data says, give or take the
    // marks the layout adds ("- " before a recipient, ";" after it).
    // A section's number ("2.2.", "IV.", "a)") is the layout's too.
    let numbered = |w: &str| {
        w.ends_with(['.', ')'])
            && w.trim_end_matches(['.', ')'])
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.')
    };
    let words: Vec<&str> = s
        .text
        .trim_start_matches(['-', '+', ' '])
        .trim_end_matches([';', '.', ' '])
        .split_whitespace()
        .skip_while(|w| numbered(w))
        .take(6)
        .collect();
    let (line, column) = find_in_source(source, &words.join(" "));
    let wide = format!(
        "một chuỗi liền không có dấu cách (địa chỉ trang web, mã số dài) không xuống dòng được, hoặc bảng có cột quá hẹp hay quá nhiều cột: thêm dấu cách vào chuỗi, chỉnh `do_rong` của bảng, {}",
        fewer_columns(s.landscape)
    );
    // Turned with the sheet: not the numbers of I.3 as written.
    let turned = if s.landscape {
        " ở trang nằm ngang (tờ giấy xoay, mép đóng gáy ở trên)"
    } else {
        ""
    };
    let (towards, side, help) = match s.edge {
        Edge::Bottom => (
            "xuống",
            "dưới",
            "một khối không được ngắt sang trang sau (khối Nơi nhận và chữ ký, một dòng của bảng) cao hơn một trang: rút ngắn khối đó, ví dụ gộp các nơi nhận cùng loại thành một dòng (\"Các phòng, ban chuyên môn\")",
        ),
        Edge::Right => ("sang", "phải", wide.as_str()),
        Edge::Left => ("sang", "trái", wide.as_str()),
    };
    let shown: String = match s.text.trim().char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &s.text.trim()[..at]),
        None => s.text.trim().to_owned(),
    };
    let others = match s.runs {
        1 => String::new(),
        n => format!(" (cùng {} đoạn chữ khác)", n - 1),
    };
    let pages: Vec<String> = s.pages.iter().map(usize::to_string).collect();
    let mut d = Diagnostic::error(
        &source.path,
        line,
        column,
        format!(
            "trang {} (đếm từ đầu tệp PDF): chữ “{shown}”{others} tràn {towards} lề {side} {:.0} mm; Nghị định cần lề {side} tối thiểu {} mm{turned}",
            pages.join(", "),
            s.by_mm.max(1.0),
            s.least_mm(),
        ),
    );
    d.help = Some(if line == 0 {
        // Not text of the data: the layout's own (a user's --layouts).
        format!("{help}; chữ này không có trong tệp dữ liệu, có thể do mẫu trình bày")
    } else {
        help.to_owned()
    });
    d.rule = Some("Phụ lục I, mục I.3".into());
    d
}

/// Text printed over other text or across a column rule, placed at the
/// table cell that printed it: for text over text, the cell whose
/// neighbour on the right holds the other text.
fn overprint_diagnostic(
    source: &load::SourceFile,
    report: &Report,
    o: &typeset::Overprint,
) -> Diagnostic {
    let printed = |cells: &[crate::model::Text]| match &o.second {
        Some(second) => cells
            .windows(2)
            .find(|w| w[0].value.contains(&o.first) && w[1].value.contains(second.as_str()))
            .map(|w| w[0].clone()),
        None => cells.iter().find(|c| c.value.contains(&o.first)).cloned(),
    };
    let in_table = report.tables().into_iter().find_map(|t| {
        std::iter::once(&t.cot)
            .chain(t.dong.iter().map(|r| &r.value))
            .find_map(|cells| printed(cells))
            .map(|cell| (t, cell))
    });
    let (line, column) = in_table.as_ref().map_or_else(
        || find_in_source(source, &o.first),
        |(_, c)| (c.line, c.column),
    );
    let over = match &o.second {
        Some(second) => format!("in đè lên chữ “{second}” bên cạnh"),
        None => "vượt qua đường kẻ cột của bảng".to_owned(),
    };
    Diagnostic::error(
        &source.path,
        line,
        column,
        format!(
            "trang {} (đếm từ đầu tệp PDF): chữ “{}” {over}",
            o.page, o.first
        ),
    )
    .with_help(match in_table {
        Some((t, _)) => format!(
            "cột của bảng quá hẹp cho chữ trong ô (từ ngắn, như một con số, không được ngắt): cho cột rộng hơn trong `do_rong`, {}",
            fewer_columns(t.landscape().is_some())
        ),
        None => "chữ quá dài cho chỗ của nó (thường là một ô bảng quá hẹp): viết ngắn lại, hoặc cho cột rộng hơn trong `do_rong` của bảng; nếu không phải chữ của tệp dữ liệu, có thể do mẫu trình bày".to_owned(),
    })
}

/// The end of every fix for a table too wide for its page: a landscape one
/// can only lose columns.
fn fewer_columns(landscape: bool) -> &'static str {
    if landscape {
        "hoặc bớt cột (chia thành hai bảng)"
    } else {
        "bớt cột, hoặc in bảng trong thân báo cáo trên trang nằm ngang (`ngang: true`)"
    }
}

/// Writes `NAME.typ` and `nd30.typ` for `typst compile`, for comparison.
fn emit(
    dir: &Path,
    input: &Path,
    markup: &str,
    library: &str,
    attachment: &str,
) -> Result<(), Vec<Diagnostic>> {
    let stem = input
        .file_stem()
        .map_or("bao-cao".into(), |s| s.to_string_lossy());
    let write = |name: &str, text: &str| {
        std::fs::create_dir_all(dir)
            .and_then(|()| output::write_atomic(&dir.join(name), text.as_bytes()))
            .map_err(|e| {
                vec![Diagnostic::error(
                    &dir.join(name),
                    0,
                    0,
                    format!("không ghi được tệp: {}", io_advice(&e)),
                )]
            })
    };
    write(&format!("{stem}.typ"), markup)?;
    write(typeset::LIBRARY, library)?;
    // The source attachment typst reads by its fixed name.
    write(crate::view::SOURCE_ATTACHMENT, attachment)
}

/// A typst error, placed in the layout that produced it.
fn typst_diagnostic(layouts: &Layouts, layout: &str, e: TypstError) -> Diagnostic {
    let mut message = format!("typst: {}", e.message);
    for h in &e.hints {
        message.push_str("; ");
        message.push_str(h);
    }
    if e.file == typeset::LIBRARY {
        let path = layouts
            .file(typeset::LIBRARY)
            .ok()
            .flatten()
            .map_or_else(|| PathBuf::from("layouts/nd30.typ"), |f| f.display_path());
        return Diagnostic::error(&path, e.line, e.column, message)
            .with_help("sửa tệp thư viện thể thức nd30.typ ở dòng này");
    }
    let path = layouts.layout(layout).ok().flatten().map_or_else(
        || PathBuf::from(format!("{layout}{}", layouts::EXTENSION)),
        |f| f.display_path(),
    );
    Diagnostic::error(
        &path,
        0,
        0,
        format!(
            "{message} (mã typst do mẫu sinh ra, dòng {}, cột {})",
            e.line, e.column
        ),
    )
    .with_help("chạy lại với `--emit-typst DIR` để xem mã typst sinh ra, rồi sửa mẫu")
}
