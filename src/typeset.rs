//! Step 4: typeset generated typst markup in process and export the PDF.
//!
//! The world typst sees is closed: the embedded fonts, the generated
//! `main.typ`, the format library `nd30.typ`, and the few files the tool
//! hands over (the source YAML to attach, signature images). No system
//! fonts, no packages, no other file access. Virtual paths are fixed, so a
//! batch of thousands of documents interns the same few file ids.

use std::sync::{LazyLock, Once};

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Dict, Duration, Label, Selector, Smart, Value};
use typst::introspection::{Introspector, MetadataElem};
use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::{LazyHash, PicoStr};
use typst::visualize::Geometry;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::date::Date;

/// The four faces of Liberation Serif (SIL OFL 1.1): Times New Roman's
/// metrics, so line breaks match a document typed in Word.
static FONT_FILES: [&[u8]; 4] = [
    include_bytes!("../fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../fonts/LiberationSerif-BoldItalic.ttf"),
];

/// Parsed once, shared by every document of the process.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect();
    Shared {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

/// Starts parsing the fonts and typst's library (about 0.6 ms of a 22 ms
/// build) on another thread, while the caller loads and checks the data.
/// Whoever needs them first waits for the rest.
pub fn prepare() {
    static STARTED: Once = Once::new();
    STARTED.call_once(|| {
        std::thread::spawn(|| LazyLock::force(&SHARED));
    });
}

/// Whether the embedded font can print `c`.
pub fn font_covers(c: char) -> bool {
    SHARED.fonts[0].info().coverage.contains(c as u32)
}

/// Fixed virtual file names.
pub const MAIN: &str = "main.typ";
pub const LIBRARY: &str = "nd30.typ";

fn file_id(name: &str) -> FileId {
    // Only our own constant names reach here.
    let path = VirtualPath::new(name).expect("valid virtual path");
    RootedPath::new(VirtualRoot::Project, path).intern()
}

/// What to typeset: the generated markup and the files it may read.
pub struct Job<'a> {
    pub markup: String,
    /// The text of `nd30.typ` (built in, or a user's override).
    pub library: &'a str,
    /// Other files by virtual name, e.g. `source.yaml`, `chu-ky.png`.
    pub files: Vec<(&'static str, Bytes)>,
    /// The document's date: also typst's "today", so output never depends
    /// on the clock.
    pub date: Date,
}

struct JobWorld {
    main: Source,
    library: Source,
    files: Vec<(FileId, Bytes)>,
    today: Datetime,
}

impl World for JobWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else if id == self.library.id() {
            Ok(self.library.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some((_, b)) = self.files.iter().find(|(f, _)| *f == id) {
            return Ok(b.clone());
        }
        self.source(id)
            .map(|s| Bytes::from_string(s.text().to_owned()))
    }
    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }
    fn today(&self, _: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// A typst error, placed in `main.typ` (generated) or `nd30.typ`.
#[derive(Debug, Clone)]
pub struct TypstError {
    /// `main.typ` or `nd30.typ`.
    pub file: &'static str,
    pub line: u32,
    pub column: u32,
    pub message: String,
    pub hints: Vec<String>,
}

/// PDF flavours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PdfFlavour {
    /// PDF/A-3b, with the source data attached.
    #[value(name = "a-3b")]
    A3b,
    /// PDF/A-2b (TCVN 14159-2), no attachment.
    #[value(name = "a-2b")]
    A2b,
    /// Plain PDF 1.7.
    #[value(name = "none")]
    Plain,
}

/// A typeset document: its PDF, and what the build should warn about.
#[derive(Debug)]
pub struct Typeset {
    pub pdf: Vec<u8>,
    /// Table cells whose words had to be broken between letters to fit
    /// their column (`fit-cell` in `nd30.typ`), each once, in print order.
    pub broken_cells: Vec<BrokenCell>,
    /// How many pages are landscape.
    pub landscape_pages: usize,
    /// Where the data writes each `chi_so:` block under a heading of
    /// figures alone that printed no sentence (`chi-so.typ.j2`).
    pub unprinted_figures: Vec<(u32, u32)>,
}

/// A table cell `fit-cell` broke between letters, as its mark names it.
#[derive(Debug, Clone, PartialEq)]
pub struct BrokenCell {
    pub text: String,
    /// Where the data file writes the cell's table (line, column), when the
    /// layout passes it on.
    pub table: Option<(u32, u32)>,
    /// The printed row, `None` for the header row, and column, from 0.
    pub row: Option<usize>,
    pub col: usize,
    /// The header of the cell's column.
    pub column: Option<String>,
}

/// Typesets and exports one document. `ident` must be stable for the same
/// input so that the same data gives the same bytes.
pub fn typeset(job: Job<'_>, flavour: PdfFlavour, ident: &str) -> Result<Typeset, Failure> {
    // Keep memory flat in long batches (typst-notes: ~3 MB more per document
    // otherwise): evict what earlier documents left, whether they succeeded
    // or failed. Done before rather than after a document, so that a single
    // build does not spend its last milliseconds on a cache it throws away.
    typst::comemo::evict(10);
    let today = Datetime::from_ymd(job.date.year(), job.date.month(), job.date.day())
        .expect("a checked date");
    let world = JobWorld {
        main: Source::new(file_id(MAIN), job.markup),
        library: Source::new(file_id(LIBRARY), job.library.to_owned()),
        files: job
            .files
            .into_iter()
            .map(|(name, bytes)| (file_id(name), bytes))
            .collect(),
        today,
    };
    compile_and_export(&world, flavour, ident, today)
}

fn compile_and_export(
    world: &JobWorld,
    flavour: PdfFlavour,
    ident: &str,
    today: Datetime,
) -> Result<Typeset, Failure> {
    let document: PagedDocument = typst::compile(world)
        .output
        .map_err(|errs| errors(world, &errs))
        .map_err(Failure::Typst)?;
    let landscape_pages = document
        .pages()
        .iter()
        .filter(|p| p.frame.width() > p.frame.height())
        .count();
    let pages = page_ink(&document);
    let spills = spills(&document, &pages);
    if !spills.is_empty() {
        return Err(Failure::Spill {
            spills,
            landscape_pages,
        });
    }
    let overprints = overprints(pages);
    if !overprints.is_empty() {
        return Err(Failure::Overprint(overprints));
    }
    let standards = match flavour {
        PdfFlavour::A3b => PdfStandards::new(&[PdfStandard::A_3b]),
        PdfFlavour::A2b => PdfStandards::new(&[PdfStandard::A_2b]),
        PdfFlavour::Plain => Ok(PdfStandards::default()),
    }
    .map_err(|e| {
        Failure::Typst(vec![TypstError {
            file: MAIN,
            line: 0,
            column: 0,
            message: e.message().to_string(),
            hints: vec![],
        }])
    })?;
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_owned()),
        creator: Smart::Custom(Some(format!("cchc-gen {}", env!("CARGO_PKG_VERSION")))),
        timestamp: Some(Timestamp::new_utc(today)),
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    };
    let pdf =
        typst_pdf::pdf(&document, &options).map_err(|errs| Failure::Typst(errors(world, &errs)))?;
    Ok(Typeset {
        pdf,
        broken_cells: broken_cells(&document),
        landscape_pages,
        unprinted_figures: marks(&document, "nd30-unprinted-figures")
            .iter()
            .filter_map(data_place)
            .collect(),
    })
}

/// The dictionaries a layout left as `#metadata(..)<name>`, in print order.
fn marks(document: &PagedDocument, name: &str) -> Vec<Dict> {
    let label = Label::new(PicoStr::intern(name)).expect("a valid label");
    document
        .introspector()
        .query(&Selector::Label(label))
        .iter()
        .filter_map(
            |found| match found.to_packed::<MetadataElem>().map(|m| &m.value) {
                Some(Value::Dict(mark)) => Some(mark.clone()),
                _ => None,
            },
        )
        .collect()
}

fn field(mark: &Dict, key: &str) -> Value {
    mark.get(key).ok().cloned().unwrap_or(Value::None)
}

fn number(v: Value) -> Option<u32> {
    v.cast::<i64>().ok().and_then(|n| u32::try_from(n).ok())
}

/// A mark's `at`: the (line, column) of the data that made it.
fn data_place(mark: &Dict) -> Option<(u32, u32)> {
    match field(mark, "at") {
        Value::Array(at) if at.len() == 2 => number(at.at(0, None).unwrap_or_default())
            .zip(number(at.at(1, None).unwrap_or_default())),
        _ => None,
    }
}

/// The cells `fit-cell` marked as broken between letters. A header row
/// repeats on every page of its table: each cell is told once.
fn broken_cells(document: &PagedDocument) -> Vec<BrokenCell> {
    let mut out: Vec<BrokenCell> = Vec::new();
    for mark in marks(document, "nd30-broken-cell") {
        let Value::Str(text) = field(&mark, "text") else {
            continue;
        };
        let cell = BrokenCell {
            text: text.to_string(),
            table: data_place(&mark),
            row: number(field(&mark, "row")).map(|r| r as usize),
            col: number(field(&mark, "col")).map_or(0, |c| c as usize),
            column: match field(&mark, "column") {
                Value::Str(c) => Some(c.to_string()),
                _ => None,
            },
        };
        if !out.contains(&cell) {
            out.push(cell);
        }
    }
    out
}

/// Why a document was not made.
#[derive(Debug, Clone)]
pub enum Failure {
    /// typst refused the markup or the PDF standard.
    Typst(Vec<TypstError>),
    /// Text was set outside the margins: the PDF would lose or misplace it.
    Spill {
        spills: Vec<Spill>,
        /// How many pages are landscape, as in [`Typeset`].
        landscape_pages: usize,
    },
    /// Text printed over other text (a table cell too narrow for a short
    /// word, which is not broken).
    Overprint(Vec<Overprint>),
}

/// Margins of a page, in mm.
#[derive(Debug, Clone, Copy)]
struct Margins {
    top: f64,
    right: f64,
    bottom: f64,
    left: f64,
}

/// The least margins Phụ lục I, I.3 allows on a portrait page: text beyond
/// them breaks the format whatever a layout sets. The top one holds the page
/// number and is not checked.
const LEAST: Margins = Margins {
    top: 20.0,
    right: 15.0,
    bottom: 20.0,
    left: 30.0,
};

/// A landscape page is the sheet turned with its bound edge on top (as in
/// `nd30.typ`): each least margin stays on its edge of the sheet.
fn least_margins(landscape: bool) -> Margins {
    if landscape {
        Margins {
            top: LEAST.left,
            right: LEAST.top,
            bottom: LEAST.right,
            left: LEAST.bottom,
        }
    } else {
        LEAST
    }
}

/// An edge of the text area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    Left,
    Right,
    Bottom,
}

/// Text set past an edge of the text area (a word too long for any line,
/// a block that cannot break and is taller than the page).
#[derive(Debug, Clone)]
pub struct Spill {
    /// The pages it happens on, 1-based, counted from the file's start.
    pub pages: Vec<usize>,
    pub edge: Edge,
    /// The first text past the edge, and how many runs of text are.
    pub text: String,
    pub runs: usize,
    /// How far the text reaches into the margin, in mm.
    pub by_mm: f64,
    /// On landscape pages, where the least margins are turned.
    pub landscape: bool,
}

impl Spill {
    /// The least margin at its edge, in mm.
    pub fn least_mm(&self) -> f64 {
        let least = least_margins(self.landscape);
        match self.edge {
            Edge::Left => least.left,
            Edge::Right => least.right,
            Edge::Bottom => least.bottom,
        }
    }
}

/// Text past the least margins, one [`Spill`] per edge and orientation (a
/// table's header row repeats on every page: told once).
fn spills(document: &PagedDocument, pages: &[Ink]) -> Vec<Spill> {
    // About half a point: a justified line ends exactly at the margin.
    const SLACK_MM: f64 = 0.2;
    let mut out: Vec<Spill> = Vec::new();
    for (i, (page, ink)) in document.pages().iter().zip(pages).enumerate() {
        let size = page.frame.size();
        let (width, height) = (size.x.to_mm(), size.y.to_mm());
        let landscape = width > height;
        let least = least_margins(landscape);
        for run in &ink.runs {
            let past = [
                (Edge::Left, least.left - run.start.x.to_mm()),
                (Edge::Right, run.end.x.to_mm() - (width - least.right)),
                (Edge::Bottom, run.start.y.to_mm() - (height - least.bottom)),
            ];
            for (edge, by) in past.into_iter().filter(|(_, by)| *by > SLACK_MM) {
                match out
                    .iter_mut()
                    .find(|s| s.edge == edge && s.landscape == landscape)
                {
                    Some(s) => {
                        s.runs += 1;
                        s.by_mm = s.by_mm.max(by);
                        if !s.pages.contains(&(i + 1)) {
                            s.pages.push(i + 1);
                        }
                    }
                    None => out.push(Spill {
                        pages: vec![i + 1],
                        edge,
                        text: run.text.to_owned(),
                        runs: 1,
                        by_mm: by,
                        landscape,
                    }),
                }
            }
        }
    }
    out
}

/// A run of text printed over another, the first the one on the left, or
/// over a table's column rule (`second` is `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct Overprint {
    /// 1-based, counted from the file's start.
    pub page: usize,
    pub first: String,
    pub second: Option<String>,
}

/// Text printed over other text or across a column rule, at most three
/// (a too-narrow table column makes many). Not only on one baseline: a
/// table cell's words wrapped onto a second line overlap its neighbour's,
/// which sits centred between them.
fn overprints(pages: Vec<Ink>) -> Vec<Overprint> {
    // Runs of one line meet edge to edge; kerning across them, or a
    // letter's side bearing over a rule, is a fraction of this.
    const SLACK_PT: f64 = 0.5;
    let mut out = Vec::new();
    for (i, Ink { mut runs, rules }) in pages.into_iter().enumerate() {
        runs.sort_by(|a, b| a.start.y.to_pt().total_cmp(&b.start.y.to_pt()));
        // Runs already told as printed over other text: that says more
        // than the rule they cross too.
        let mut told = vec![false; runs.len()];
        for (k, a) in runs.iter().enumerate() {
            // Baselines closer than 0.7 of the letters' size: the letters
            // overlap. The lines of a cell are 1.06 of it apart, a cell
            // centred beside two lines 0.53.
            let near = runs[k + 1..]
                .iter()
                .enumerate()
                .take_while(|(_, b)| (b.start.y - a.start.y).to_pt() < 0.7 * a.size.max(b.size));
            for (j, b) in near {
                let (left, right) = if a.start.x <= b.start.x {
                    (a, b)
                } else {
                    (b, a)
                };
                if (left.end.x - right.start.x).to_pt() > SLACK_PT {
                    out.push(Overprint {
                        page: i + 1,
                        first: left.text.trim().to_owned(),
                        second: Some(right.text.trim().to_owned()),
                    });
                    if out.len() == 3 {
                        return out;
                    }
                    told[k] = true;
                    told[k + 1 + j] = true;
                }
            }
        }
        for (run, _) in runs.iter().zip(told).filter(|(_, told)| !told) {
            let crossed = rules.iter().any(|r| {
                (r.top..=r.bottom).contains(&run.start.y)
                    && (r.x - run.start.x).to_pt() > SLACK_PT
                    && (run.end.x - r.x).to_pt() > SLACK_PT
            });
            if crossed {
                out.push(Overprint {
                    page: i + 1,
                    first: run.text.trim().to_owned(),
                    second: None,
                });
                if out.len() == 3 {
                    return out;
                }
            }
        }
    }
    out
}

/// A run of text on the page: the start of its baseline, its end, and the
/// size of its letters in points.
struct Run<'a> {
    text: &'a str,
    start: Point,
    end: Point,
    size: f64,
}

/// A vertical line drawn on the page (a table's column rule): its x and
/// the y of its ends, top first.
struct Rule {
    x: Abs,
    top: Abs,
    bottom: Abs,
}

/// What a page prints that the checks look at: its runs of text and its
/// vertical rules.
#[derive(Default)]
struct Ink<'a> {
    runs: Vec<Run<'a>>,
    rules: Vec<Rule>,
}

/// The ink of each page, collected once for the checks on it.
fn page_ink(document: &PagedDocument) -> Vec<Ink<'_>> {
    document
        .pages()
        .iter()
        .map(|page| {
            let mut ink = Ink::default();
            collect_ink(&page.frame, Transform::identity(), &mut ink);
            ink
        })
        .collect()
}

fn collect_ink<'a>(frame: &'a Frame, ts: Transform, out: &mut Ink<'a>) {
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Group(group) => {
                let ts = ts
                    .pre_concat(Transform::translate(pos.x, pos.y))
                    .pre_concat(group.transform);
                collect_ink(&group.frame, ts, out);
            }
            FrameItem::Text(text) if !text.text.trim().is_empty() => {
                let end = Point::new(pos.x + text.width(), pos.y);
                out.runs.push(Run {
                    text: &text.text,
                    start: pos.transform(ts),
                    end: end.transform(ts),
                    size: text.size.to_pt(),
                });
            }
            FrameItem::Shape(shape, _) if shape.stroke.is_some() => {
                if let Geometry::Line(to) = shape.geometry {
                    let (a, b) = (pos.transform(ts), (*pos + to).transform(ts));
                    if (a.x - b.x).abs() < Abs::pt(0.01) && a.y != b.y {
                        out.rules.push(Rule {
                            x: a.x,
                            top: a.y.min(b.y),
                            bottom: a.y.max(b.y),
                        });
                    }
                }
            }
            _ => {}
        }
    }
}

fn errors(world: &JobWorld, diags: &[SourceDiagnostic]) -> Vec<TypstError> {
    diags
        .iter()
        .filter(|d| d.severity == typst::diag::Severity::Error)
        .take(5)
        .map(|d| {
            let (file, line, column) = place(world, d);
            TypstError {
                file,
                line,
                column,
                message: d.message.to_string(),
                hints: d.hints.iter().map(|h| h.v.to_string()).collect(),
            }
        })
        .collect()
}

fn place(world: &JobWorld, d: &SourceDiagnostic) -> (&'static str, u32, u32) {
    let Some(id) = d.span.id() else {
        return (MAIN, 0, 0);
    };
    let (name, source) = if id == world.library.id() {
        (LIBRARY, &world.library)
    } else {
        (MAIN, &world.main)
    };
    let Some(range) = world.range(d.span) else {
        return (name, 0, 0);
    };
    let lines = source.lines();
    let line = lines.byte_to_line(range.start).map_or(0, |l| l + 1);
    let column = lines.byte_to_column(range.start).map_or(0, |c| c + 1);
    (name, line as u32, column as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(markup: &str) -> PagedDocument {
        let world = JobWorld {
            main: Source::new(file_id(MAIN), markup.to_owned()),
            library: Source::new(file_id(LIBRARY), String::new()),
            files: Vec::new(),
            today: Datetime::from_ymd(2025, 1, 1).expect("a date"),
        };
        typst::compile(&world).output.expect("the markup compiles")
    }

    // Text placed at absolute points (no margins set): a run past the right
    // edge on two portrait pages, one past the bottom, then a landscape
    // page, whose least margins are the portrait ones turned with the sheet.
    #[test]
    fn spills_are_told_once_per_edge_and_least_margin() {
        let doc = document(
            "#set page(paper: \"a4\", margin: 0mm)
#set text(size: 10pt)
#place(dx: 190mm, dy: 50mm)[Right one]
#pagebreak()
#place(dx: 190mm, dy: 50mm)[Right two]
#pagebreak()
#place(dx: 50mm, dy: 280mm)[Low]
#page(flipped: true)[
  #place(dx: 25mm, dy: 50mm)[Left fine]
  #place(dx: 100mm, dy: 190mm)[Low fine]
  #place(dx: 275mm, dy: 50mm)[Right wide]
]",
        );
        let got: Vec<_> = spills(&doc, &page_ink(&doc))
            .into_iter()
            .map(|s| (s.edge, s.landscape, s.least_mm(), s.pages, s.runs, s.text))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Edge::Right,
                    false,
                    15.0,
                    vec![1, 2],
                    2,
                    "Right one".to_owned()
                ),
                (Edge::Bottom, false, 20.0, vec![3], 1, "Low".to_owned()),
                (Edge::Right, true, 20.0, vec![4], 1, "Right wide".to_owned()),
            ]
        );
    }
}
