//! Shared by the integration tests: building reports, and reading the
//! produced PDFs back as positioned text.
//!
//! The reader handles what typst writes: Type0 fonts with Identity-H
//! (two-byte glyph ids), a ToUnicode CMap per font, text placed with
//! `cm` + `Tm`. It tracks the graphics and text state properly (`q`/`Q`,
//! `cm`, `Tm`, `Td`/`TD`/`T*`, `Tc`, `Tz`, `TJ`/`Tj`/`'`/`"`) so that a
//! change in how typst places text still gives true positions.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use cchc_gen::build::{self, Options};
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// Points per millimetre.
pub const MM: f64 = 72.0 / 25.4;
/// A4 in points.
pub const A4_WIDTH: f64 = 210.0 * MM;
pub const A4_HEIGHT: f64 = 297.0 * MM;
/// The margins of `layouts/nd30.typ` (Phụ lục I, I.4: top/bottom 20–25 mm,
/// left 30–35 mm, right 15–20 mm), in points.
pub const MARGIN_TOP: f64 = 20.0 * MM;
pub const MARGIN_BOTTOM: f64 = 20.0 * MM;
pub const MARGIN_LEFT: f64 = 30.0 * MM;
pub const MARGIN_RIGHT: f64 = 15.0 * MM;
/// Edges of the text block, in PDF coordinates (origin bottom left).
pub const TEXT_LEFT: f64 = MARGIN_LEFT;
pub const TEXT_RIGHT: f64 = A4_WIDTH - MARGIN_RIGHT;
pub const TEXT_TOP: f64 = A4_HEIGHT - MARGIN_TOP;
pub const TEXT_BOTTOM: f64 = MARGIN_BOTTOM;
/// Rounding the PDF writer may do to coordinates.
pub const EPS: f64 = 0.5;

/// A path inside the repository.
pub fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Runs the real binary in `dir`: `cchc-gen args…`.
pub fn cchc_gen<S: AsRef<OsStr>>(args: &[S], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cchc-gen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("cchc-gen runs")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A file of `data/`.
pub fn data(name: &str) -> PathBuf {
    repo("data").join(name)
}

/// The data files shipped in `data/`, sorted.
pub fn data_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo("data"))
        .expect("data/ exists")
        .map(|e| e.expect("readable data/ entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no data files in data/");
    files
}

/// Builds `input` with the library into a temporary directory and returns
/// the PDF bytes; panics with the diagnostics if the build fails.
pub fn build_bytes(input: &Path) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out.pdf");
    let outcome = build::build_file(input, Some(&out), &Options::default());
    assert!(
        !outcome.failed(),
        "{} did not build: {:#?}",
        input.display(),
        outcome.diagnostics
    );
    assert_eq!(outcome.pdf.as_deref(), Some(out.as_path()));
    std::fs::read(&out).expect("the PDF was written")
}

/// Builds a data file given as YAML text (the test's own data).
pub fn build_yaml(yaml: &str) -> Pdf {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("bao-cao.yaml");
    std::fs::write(&input, yaml).expect("write data file");
    Pdf::parse(build_bytes(&input))
}

/// One text-showing operation: glyphs drawn from one start point, in one
/// font and size.
#[derive(Debug, Clone)]
pub struct Run {
    /// 1-based page number.
    pub page: usize,
    /// Start of the first non-blank glyph.
    pub x: f64,
    /// End of the last non-blank glyph (trailing spaces do not count: a
    /// justified line may end in one).
    pub x_end: f64,
    /// Where the pen stood before the first glyph and after the last one,
    /// blanks included: runs of one line follow each other pen to pen.
    pub pen_start: f64,
    pub pen_end: f64,
    /// Baseline.
    pub y: f64,
    /// Font name without the subset tag, e.g. `LiberationSerif-BoldItalic`.
    pub font: String,
    /// Size as drawn on the page, in points.
    pub size: f64,
    /// The font's ascent and descent (positive, in points at this size),
    /// from its font descriptor.
    pub ascent: f64,
    pub descent: f64,
    pub text: String,
}

impl Run {
    pub fn centre(&self) -> f64 {
        (self.x + self.x_end) / 2.0
    }
}

/// Runs on one baseline that follow each other: one line of text as read.
#[derive(Debug, Clone)]
pub struct Line {
    pub page: usize,
    pub x: f64,
    pub x_end: f64,
    pub pen_end: f64,
    pub y: f64,
    pub runs: Vec<Run>,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Page {
    /// MediaBox width and height.
    pub width: f64,
    pub height: f64,
    pub runs: Vec<Run>,
    /// Every XObject drawn (`Do`): the unit square placed by the CTM.
    pub images: Vec<Rect>,
    /// Every straight segment of a path (`m` … `l`): rules and table borders.
    pub segments: Vec<Segment>,
}

/// A straight segment on the page, from (x1, y1) to (x2, y2).
#[derive(Debug, Clone, Copy)]
pub struct Segment {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
}

/// An axis-aligned box on the page: left, bottom, width, height.
#[derive(Debug, Clone, Copy)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// A font object of the file.
#[derive(Debug, Clone)]
pub struct FontInfo {
    pub subtype: String,
    pub base_font: String,
    /// The font-file key of its descriptor (`FontFile2` for TrueType
    /// outlines), `None` when the font is not embedded.
    pub file_key: Option<String>,
}

/// A PDF read back.
#[derive(Debug, Clone)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: Vec<Page>,
    pub fonts: Vec<FontInfo>,
}

impl Pdf {
    pub fn parse(bytes: Vec<u8>) -> Pdf {
        let doc = Document::load_mem(&bytes).expect("a readable PDF");
        let pages = doc
            .get_pages()
            .into_iter()
            .map(|(number, id)| read_page(&doc, number as usize, id))
            .collect();
        let fonts = doc
            .objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .filter(|d| name(d, b"Type").as_deref() == Some("Font"))
            .map(|d| font_info(&doc, d))
            .collect();
        Pdf {
            bytes,
            pages,
            fonts,
        }
    }

    pub fn page(&self, number: usize) -> &Page {
        &self.pages[number - 1]
    }

    pub fn runs(&self) -> impl Iterator<Item = &Run> {
        self.pages.iter().flat_map(|p| &p.runs)
    }

    /// All lines, page by page, in the order drawn.
    pub fn lines(&self) -> Vec<Line> {
        self.pages.iter().flat_map(|p| lines(&p.runs)).collect()
    }

    /// The first line whose text is `text` (ignoring surrounding blanks).
    pub fn line(&self, text: &str) -> Line {
        self.lines()
            .into_iter()
            .find(|l| l.text.trim() == text)
            .unwrap_or_else(|| panic!("no line {text:?}; lines:\n{}", self.dump()))
    }

    /// The first line whose text starts with `prefix`.
    pub fn line_starting(&self, prefix: &str) -> Line {
        self.lines()
            .into_iter()
            .find(|l| l.text.trim_start().starts_with(prefix))
            .unwrap_or_else(|| panic!("no line starting {prefix:?}; lines:\n{}", self.dump()))
    }

    /// The whole text with every run of blanks (line ends too) made one
    /// space, so that a sentence broken over lines reads as written.
    pub fn flat_text(&self) -> String {
        let lines: Vec<String> = self.lines().into_iter().map(|l| l.text).collect();
        squash(&lines.join(" "))
    }

    /// Lines with their page and position, for failure messages.
    pub fn dump(&self) -> String {
        self.lines()
            .iter()
            .map(|l| {
                let sizes: Vec<String> = l
                    .runs
                    .iter()
                    .map(|r| format!("{} {}", r.font, r.size))
                    .collect();
                format!(
                    "p{} x={:.2}..{:.2} y={:.2} [{}] {}",
                    l.page,
                    l.x,
                    l.x_end,
                    l.y,
                    sizes.join(", "),
                    l.text
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Blanks squashed to single spaces, ends trimmed.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a run is a page number: digits only, above the text block.
pub fn is_page_number(run: &Run) -> bool {
    run.y > TEXT_TOP && run.text.trim().chars().all(|c| c.is_ascii_digit())
}

/// Groups runs into lines: a run continues the line before it when it is
/// drawn next, on the same baseline (±1 pt), starting where the pen of the
/// line stopped (up to 4 pt on: a run after a justified space, such as a
/// boxed word and dash, starts by the space's stretch further on). Text in
/// another column (the date beside "Số", the next table cell, 8 pt of cell
/// insets away at least) starts further on, so it is a line of its own.
pub fn lines(runs: &[Run]) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    for r in runs {
        if let Some(l) = out.last_mut()
            && l.page == r.page
            && (r.y - l.y).abs() <= 1.0
            && (-1.0..=4.0).contains(&(r.pen_start - l.pen_end))
        {
            l.x_end = r.x_end;
            l.pen_end = r.pen_end;
            l.text.push_str(&r.text);
            l.runs.push(r.clone());
            continue;
        }
        out.push(Line {
            page: r.page,
            x: r.x,
            x_end: r.x_end,
            pen_end: r.pen_end,
            y: r.y,
            runs: vec![r.clone()],
            text: r.text.clone(),
        });
    }
    out
}

/// A 2-D affine matrix `[a b c d e f]`, as PDF writes them (row vectors).
#[derive(Debug, Clone, Copy)]
struct Matrix([f64; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn translate(tx: f64, ty: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }

    fn from_operands(ops: &[Object]) -> Matrix {
        let v = numbers(ops);
        Matrix([v[0], v[1], v[2], v[3], v[4], v[5]])
    }

    /// `self` applied first, then `other`.
    fn then(self, other: Matrix) -> Matrix {
        let [a1, b1, c1, d1, e1, f1] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a1 * a2 + b1 * c2,
            a1 * b2 + b1 * d2,
            c1 * a2 + d1 * c2,
            c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2,
            e1 * b2 + f1 * d2 + f2,
        ])
    }

    fn origin(self) -> (f64, f64) {
        (self.0[4], self.0[5])
    }

    /// How much a vertical unit grows: the font size factor.
    fn vertical_scale(self) -> f64 {
        self.0[2].hypot(self.0[3])
    }
}

fn numbers(ops: &[Object]) -> Vec<f64> {
    ops.iter()
        .map(|o| f64::from(o.as_float().expect("numeric operand")))
        .collect()
}

/// What a test needs of one font resource.
struct Font {
    base_font: String,
    /// Two-byte code → text (typst: glyph id → Unicode).
    unicode: HashMap<u16, String>,
    /// Two-byte code → advance width in 1/1000 em.
    widths: HashMap<u16, f64>,
    default_width: f64,
    ascent: f64,
    descent: f64,
}

/// The text state of PDF 32000-1, 9.3, as far as positions need it.
struct TextState {
    ctm: Matrix,
    stack: Vec<Matrix>,
    tm: Matrix,
    tlm: Matrix,
    font: Option<Vec<u8>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    leading: f64,
}

fn read_page(doc: &Document, number: usize, id: ObjectId) -> Page {
    let media = inherited(doc, id, b"MediaBox")
        .and_then(|o| o.as_array().ok())
        .map(|a| numbers(a))
        .expect("page has a MediaBox");
    let fonts: HashMap<Vec<u8>, Font> = doc
        .get_page_fonts(id)
        .expect("page fonts")
        .into_iter()
        .map(|(k, d)| (k, font(doc, d)))
        .collect();
    let content = Content::decode(&doc.get_page_content(id)).expect("decodable content stream");
    let mut st = TextState {
        ctm: Matrix::IDENTITY,
        stack: Vec::new(),
        tm: Matrix::IDENTITY,
        tlm: Matrix::IDENTITY,
        font: None,
        size: 0.0,
        char_spacing: 0.0,
        word_spacing: 0.0,
        scale: 1.0,
        leading: 0.0,
    };
    let mut runs = Vec::new();
    let mut images = Vec::new();
    let mut segments = Vec::new();
    let mut point = (0.0, 0.0);
    for op in &content.operations {
        let o = &op.operands;
        match op.operator.as_str() {
            "q" => st.stack.push(st.ctm),
            "Q" => st.ctm = st.stack.pop().expect("balanced q/Q"),
            "cm" => st.ctm = Matrix::from_operands(o).then(st.ctm),
            "Do" => {
                let [a, _, _, d, e, f] = st.ctm.0;
                images.push(Rect {
                    x: e.min(e + a),
                    y: f.min(f + d),
                    w: a.abs(),
                    h: d.abs(),
                });
            }
            "m" | "l" => {
                let v = numbers(o);
                let to = Matrix::translate(v[0], v[1]).then(st.ctm).origin();
                if op.operator == "l" {
                    segments.push(Segment {
                        x1: point.0,
                        y1: point.1,
                        x2: to.0,
                        y2: to.1,
                    });
                }
                point = to;
            }
            "BT" => {
                st.tm = Matrix::IDENTITY;
                st.tlm = Matrix::IDENTITY;
            }
            "Tf" => {
                st.font = Some(o[0].as_name().expect("font name").to_vec());
                st.size = numbers(&o[1..2])[0];
            }
            "Tc" => st.char_spacing = numbers(o)[0],
            "Tw" => st.word_spacing = numbers(o)[0],
            "Tz" => st.scale = numbers(o)[0] / 100.0,
            "TL" => st.leading = numbers(o)[0],
            "Tm" => {
                st.tm = Matrix::from_operands(o);
                st.tlm = st.tm;
            }
            "Td" | "TD" => {
                let v = numbers(o);
                if op.operator == "TD" {
                    st.leading = -v[1];
                }
                st.next_line(v[0], v[1]);
            }
            "T*" => st.next_line_by_leading(),
            "Tj" => show(&mut st, &fonts, number, o, &mut runs),
            "'" => {
                st.next_line_by_leading();
                show(&mut st, &fonts, number, o, &mut runs);
            }
            "\"" => {
                let v = numbers(&o[..2]);
                st.word_spacing = v[0];
                st.char_spacing = v[1];
                st.next_line_by_leading();
                show(&mut st, &fonts, number, &o[2..], &mut runs);
            }
            "TJ" => show(
                &mut st,
                &fonts,
                number,
                o[0].as_array().expect("TJ array"),
                &mut runs,
            ),
            _ => {}
        }
    }
    Page {
        width: media[2] - media[0],
        height: media[3] - media[1],
        runs,
        images,
        segments,
    }
}

impl TextState {
    /// `Td`: a new line, offset from the start of the current one.
    fn next_line(&mut self, tx: f64, ty: f64) {
        self.tlm = Matrix::translate(tx, ty).then(self.tlm);
        self.tm = self.tlm;
    }

    /// `T*`: the next line by the leading.
    fn next_line_by_leading(&mut self) {
        self.next_line(0.0, -self.leading);
    }
}

/// Draws strings and spacing numbers (the operands of `TJ`, or the one
/// string of `Tj`), advancing the text matrix glyph by glyph.
fn show(
    st: &mut TextState,
    fonts: &HashMap<Vec<u8>, Font>,
    page: usize,
    items: &[Object],
    runs: &mut Vec<Run>,
) {
    let key = st.font.as_ref().expect("a font is set before text");
    let font = fonts.get(key).unwrap_or_else(|| {
        panic!(
            "font {} not in page resources",
            String::from_utf8_lossy(key)
        )
    });
    let mut text = String::new();
    let (pen_start, pen_y) = st.tm.then(st.ctm).origin();
    let mut first: Option<f64> = None;
    let mut last_end = 0.0;
    let mut start_y = 0.0;
    let mut size = 0.0;
    for item in items {
        match item {
            Object::String(bytes, _) => {
                for code in bytes.chunks(2) {
                    let code = u16::from_be_bytes([code[0], *code.get(1).unwrap_or(&0)]);
                    let glyph = font.unicode.get(&code).map_or("\u{FFFD}", String::as_str);
                    let trm = st.tm.then(st.ctm);
                    let (x, y) = trm.origin();
                    size = st.size * trm.vertical_scale();
                    let w = font
                        .widths
                        .get(&code)
                        .copied()
                        .unwrap_or(font.default_width)
                        / 1000.0;
                    let mut advance = w * st.size + st.char_spacing;
                    if glyph == " " {
                        advance += st.word_spacing;
                    }
                    st.tm = Matrix::translate(advance * st.scale, 0.0).then(st.tm);
                    if !glyph.trim().is_empty() {
                        if first.is_none() {
                            first = Some(x);
                            start_y = y;
                        }
                        last_end = st.tm.then(st.ctm).origin().0;
                    }
                    text.push_str(glyph);
                }
            }
            number => {
                let n = f64::from(number.as_float().expect("TJ spacing number"));
                st.tm = Matrix::translate(-n / 1000.0 * st.size * st.scale, 0.0).then(st.tm);
            }
        }
    }
    let pen_end = st.tm.then(st.ctm).origin().0;
    let Some(x) = first else {
        // Blanks only: nothing to find or place, but the pen moved on, so
        // the run before still joins the one after into a line.
        if let Some(prev) = runs.last_mut()
            && (prev.pen_end - pen_start).abs() <= 1.0
            && (prev.y - pen_y).abs() <= 1.0
        {
            prev.pen_end = pen_end;
            prev.text.push_str(&text);
        }
        return;
    };
    runs.push(Run {
        page,
        x,
        x_end: last_end,
        pen_start,
        pen_end,
        y: start_y,
        font: font
            .base_font
            .split_once('+')
            .map_or(font.base_font.clone(), |(_, n)| n.to_owned()),
        size,
        ascent: font.ascent / 1000.0 * size,
        descent: font.descent.abs() / 1000.0 * size,
        text,
    });
}

/// A key looked up on a page or the nearest ancestor that has it.
fn inherited<'a>(doc: &'a Document, mut id: ObjectId, key: &[u8]) -> Option<&'a Object> {
    for _ in 0..32 {
        let dict = doc.get_dictionary(id).ok()?;
        if let Ok(v) = dict.get_deref(key, doc) {
            return Some(v);
        }
        id = dict.get(b"Parent").and_then(Object::as_reference).ok()?;
    }
    None
}

fn name(dict: &Dictionary, key: &[u8]) -> Option<String> {
    dict.get(key)
        .and_then(Object::as_name)
        .ok()
        .map(|n| String::from_utf8_lossy(n).into_owned())
}

fn deref_dict<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    doc.dereference(obj).ok()?.1.as_dict().ok()
}

/// The font with its glyph widths (a Type0 font's are on its descendant)
/// and its descriptor.
fn descendant<'a>(doc: &'a Document, font: &'a Dictionary) -> &'a Dictionary {
    font.get_deref(b"DescendantFonts", doc)
        .and_then(Object::as_array)
        .ok()
        .and_then(|a| a.first())
        .and_then(|d| deref_dict(doc, d))
        .unwrap_or(font)
}

fn descriptor<'a>(doc: &'a Document, font: &'a Dictionary) -> Option<&'a Dictionary> {
    descendant(doc, font)
        .get(b"FontDescriptor")
        .ok()
        .and_then(|d| deref_dict(doc, d))
}

fn font_info(doc: &Document, dict: &Dictionary) -> FontInfo {
    let file_key = descriptor(doc, dict).and_then(|d| {
        ["FontFile", "FontFile2", "FontFile3"]
            .into_iter()
            .find(|k| d.has(k.as_bytes()))
            .map(str::to_owned)
    });
    FontInfo {
        subtype: name(dict, b"Subtype").unwrap_or_default(),
        base_font: name(dict, b"BaseFont").unwrap_or_default(),
        file_key,
    }
}

fn font(doc: &Document, dict: &Dictionary) -> Font {
    let desc = descendant(doc, dict);
    let metric = |key: &[u8]| {
        descriptor(doc, dict)
            .and_then(|d| d.get(key).ok())
            .and_then(|v| v.as_float().ok())
            .map_or(0.0, f64::from)
    };
    let unicode = dict
        .get_deref(b"ToUnicode", doc)
        .and_then(Object::as_stream)
        .and_then(|s| s.decompressed_content())
        .map(|c| to_unicode(&String::from_utf8_lossy(&c)))
        .unwrap_or_default();
    Font {
        base_font: name(dict, b"BaseFont").unwrap_or_default(),
        unicode,
        widths: desc
            .get_deref(b"W", doc)
            .and_then(Object::as_array)
            .map(|w| cid_widths(doc, w))
            .unwrap_or_default(),
        default_width: desc
            .get(b"DW")
            .and_then(Object::as_float)
            .map_or(1000.0, f64::from),
        ascent: metric(b"Ascent"),
        descent: metric(b"Descent"),
    }
}

/// The `W` array of a CID font: `c [w1 w2 ...]` or `c_first c_last w`.
fn cid_widths(doc: &Document, w: &[Object]) -> HashMap<u16, f64> {
    let num = |o: &Object| {
        doc.dereference(o)
            .ok()
            .and_then(|(_, o)| o.as_float().ok())
            .map(f64::from)
    };
    let mut out = HashMap::new();
    let mut i = 0;
    while i < w.len() {
        let first = num(&w[i]).expect("W: first code") as u16;
        match doc.dereference(&w[i + 1]).map(|(_, o)| o) {
            Ok(Object::Array(list)) => {
                for (k, v) in list.iter().enumerate() {
                    out.insert(first + k as u16, num(v).expect("W: width"));
                }
                i += 2;
            }
            _ => {
                let last = num(&w[i + 1]).expect("W: last code") as u16;
                let width = num(&w[i + 2]).expect("W: width");
                for c in first..=last {
                    out.insert(c, width);
                }
                i += 3;
            }
        }
    }
    out
}

/// The `bfchar` and `bfrange` entries of a ToUnicode CMap.
pub fn to_unicode(cmap: &str) -> HashMap<u16, String> {
    let mut out = HashMap::new();
    let mut section = "";
    for line in cmap.lines().map(str::trim) {
        if line.ends_with("beginbfchar") {
            section = "char";
        } else if line.ends_with("beginbfrange") {
            section = "range";
        } else if line.starts_with("endbf") {
            section = "";
        } else if !section.is_empty() && !line.is_empty() {
            let hex = hex_tokens(line);
            match (section, hex.as_slice()) {
                ("char", [src, dst]) => {
                    out.insert(code(src), utf16(dst));
                }
                ("range", [lo, hi, rest @ ..]) => {
                    let (lo, hi) = (code(lo), code(hi));
                    if line.contains('[') {
                        // One destination per code.
                        for (c, dst) in (lo..=hi).zip(rest) {
                            out.insert(c, utf16(dst));
                        }
                    } else if let [dst] = rest {
                        // Consecutive codes map to consecutive text: the
                        // last UTF-16 unit is incremented.
                        let mut units = units(dst);
                        for c in lo..=hi {
                            out.insert(c, String::from_utf16_lossy(&units));
                            *units.last_mut().expect("non-empty bfrange destination") += 1;
                        }
                    }
                }
                _ => panic!("unexpected ToUnicode line {line:?}"),
            }
        }
    }
    out
}

/// The `<...>` tokens of a CMap line.
fn hex_tokens(line: &str) -> Vec<&str> {
    line.split('<')
        .skip(1)
        .filter_map(|t| t.split_once('>').map(|(h, _)| h))
        .collect()
}

fn code(hex: &str) -> u16 {
    u16::from_str_radix(hex, 16).expect("hex code")
}

fn units(hex: &str) -> Vec<u16> {
    (0..hex.len())
        .step_by(4)
        .map(|i| u16::from_str_radix(&hex[i..i + 4], 16).expect("UTF-16 hex"))
        .collect()
}

fn utf16(hex: &str) -> String {
    String::from_utf16_lossy(&units(hex))
}

pub fn assert_near(what: &str, measured: f64, expected: f64, tolerance: f64) {
    assert!(
        (measured - expected).abs() <= tolerance,
        "{what}: measured {measured:.3}, expected {expected:.3} ± {tolerance}"
    );
}
