//! What a layout sees: the report with every number, date and heading
//! already computed and formatted, and the content flattened into blocks in
//! reading order with their generated numbers.

use serde::Serialize;

use crate::figures::{self, Derived};
use crate::layouts::LayoutMeta;
use crate::model::{At, Block, BlockMap, Numbering, Report, StrOr, Table};
use crate::vietnamese::{date_long, date_short, letter, roman};

/// The name under which the source data is attached to a PDF/A-3 file.
pub const SOURCE_ATTACHMENT: &str = "du-lieu.yaml";

#[derive(Debug, Serialize)]
pub struct View {
    /// The layout's name.
    pub mau: String,
    /// Attach the source data (PDF/A-3b) as [`SOURCE_ATTACHMENT`].
    pub attach_source: bool,
    pub meta: Meta,
    pub header: Header,
    /// "BÁO CÁO".
    pub kind: String,
    /// "Báo cáo", for use inside sentences.
    pub kind_name: String,
    /// The trích yếu, line by line.
    pub summary: Vec<String>,
    /// The trích yếu as one phrase starting in lower case, for sentences:
    /// "công tác tuyên truyền cải cách hành chính năm 2025".
    pub subject: String,
    /// "Căn cứ" lines, with their ";" and the final ".".
    pub grounds: Vec<String>,
    /// "Kính gửi" recipients, as written.
    pub addressees: Vec<String>,
    pub opening: Option<Opening>,
    /// "năm 2025", "quý III năm 2025".
    pub ky: String,
    /// The next period: "năm 2026".
    pub ky_sau: String,
    /// The agency's name in sentences: "UBND phường Cam Thanh".
    pub co_quan: String,
    pub body: Vec<BlockView>,
    /// The closing sentence written in the data (ending "./."), if any.
    pub closing: Option<String>,
    pub recipients: Vec<String>,
    pub keep: String,
    pub authority: Vec<String>,
    pub signer: String,
    /// Virtual file names of the signature and seal images, when issued
    /// electronically.
    pub signature: Option<&'static str>,
    pub seal: Option<&'static str>,
    pub appendices: Vec<AppendixView>,
    /// Every derived figure, formatted.
    pub so_lieu: Derived,
    /// What the comparisons in `so_lieu.so_sanh` compare with: "cùng kỳ năm 2024".
    pub so_sanh_voi: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub keywords: Vec<String>,
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

#[derive(Debug, Serialize)]
pub struct Header {
    pub superior: Vec<String>,
    pub agency: Vec<String>,
    /// "Số: 167/BC-UBND".
    pub number: String,
    /// "Cam Thanh" of "Cam Thanh, ngày 19 tháng 11 năm 2025".
    pub place: String,
    /// "ngày 19 tháng 11 năm 2025".
    pub date: String,
}

#[derive(Debug, Serialize)]
pub struct Opening {
    /// The opening paragraph as written, when the data gives it whole.
    pub text: Option<String>,
    /// "Thực hiện", "Căn cứ", "Theo".
    pub tu: String,
    /// Each cited document, formatted: "Kế hoạch số 04/KH-UBND ngày
    /// 23/7/2025 của UBND phường Cam Thanh về ...".
    pub van_ban: Vec<String>,
    /// What is reported: "công tác tuyên truyền ... năm 2025".
    pub bao_cao: String,
}

/// One block of content, in reading order.
#[derive(Debug, Serialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum BlockView {
    /// A section heading; `kind` is "roman", "arabic", "decimal" or "letter".
    Section {
        kind: &'static str,
        number: String,
        title: String,
    },
    Para {
        text: String,
    },
    /// A paragraph led by its section's number (an untitled section).
    Numbered {
        number: String,
        text: String,
    },
    Item {
        mark: String,
        text: String,
    },
    Table(TableView),
    /// The layout writes the figures of this group here.
    Figures {
        group: String,
        /// Only figures blocks stand under the heading: when no figure of
        /// the group is printed, the layout says so rather than leave the
        /// heading empty.
        alone: bool,
        /// Where the data writes `chi_so:` (line, column), for the mark a
        /// layout leaves when it prints nothing here.
        at: (u32, u32),
    },
}

#[derive(Debug, Serialize)]
pub struct TableView {
    pub columns: Vec<String>,
    /// Relative widths, or none for equal columns; a column with none
    /// (the STT one) is as wide as its text.
    pub widths: Option<Vec<Option<u32>>>,
    pub rows: Vec<Vec<String>>,
    /// On its own landscape pages.
    pub landscape: bool,
    /// Where the data file writes the table: line and column.
    pub at: (u32, u32),
}

#[derive(Debug, Serialize)]
pub struct AppendixView {
    /// The appendix layout: "bang" or "bieu-tong-hop".
    pub mau: String,
    /// "Phụ lục", or "Phụ lục I", "Phụ lục II" when there are several.
    pub label: String,
    pub title: Vec<String>,
    pub subtitle: Vec<String>,
    /// "(Kèm theo Báo cáo số 192/BC-UBND ngày 29 tháng 12 năm 2023 của UBND
    /// xã Ngọc Kỳ)", as in Mẫu 2.1, in parts that a line breaks between,
    /// never inside.
    pub reference: Vec<String>,
    pub table: Option<TableView>,
    /// Rows of the rating table: STT, form of outreach, level achieved.
    pub ratings: Vec<[String; 3]>,
    pub body: Vec<BlockView>,
}

fn strings(lines: &crate::model::Lines) -> Vec<String> {
    lines.0.iter().map(|t| t.value.clone()).collect()
}

/// First letter in lower case, for a heading used inside a sentence.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn sentence_case(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A closing sentence ends with "./." (every sample layout of the decree).
/// Whatever run of dots, slashes and spaces the writer ended it with is
/// their attempt at that mark ("./", "/.", "."), so it is replaced whole.
pub fn with_end_mark(s: &str) -> String {
    let s = s.trim_end_matches(|c: char| c == '.' || c == '/' || c.is_whitespace());
    format!("{s}./.")
}

#[cfg(test)]
mod end_mark_tests {
    #[test]
    fn every_hand_typed_ending_gives_one_end_mark() {
        for (typed, printed) in [
            ("Trân trọng báo cáo", "Trân trọng báo cáo./."),
            ("Trân trọng báo cáo.", "Trân trọng báo cáo./."),
            ("Trân trọng báo cáo./.", "Trân trọng báo cáo./."),
            ("Trân trọng báo cáo./", "Trân trọng báo cáo./."),
            ("Trân trọng báo cáo/.", "Trân trọng báo cáo./."),
            ("Trân trọng báo cáo ./.", "Trân trọng báo cáo./."),
            ("Trân trọng báo cáo./. ", "Trân trọng báo cáo./."),
            ("Trân trọng báo cáo. /.", "Trân trọng báo cáo./."),
            ("Trân trọng báo cáo./.\n", "Trân trọng báo cáo./."),
            ("Trân trọng báo cáo././.", "Trân trọng báo cáo./."),
            ("Trân trọng báo cáo..", "Trân trọng báo cáo./."),
        ] {
            assert_eq!(super::with_end_mark(typed), printed, "{typed:?}");
        }
    }
}

/// A document's number as printed: below 10 with a leading zero ("07"),
/// as Nghị định 30/2020/NĐ-CP writes it.
pub fn document_number(n: u32) -> String {
    format!("{n:02}")
}

/// "167/BC-UBND", or "     /BC-UBND" while the number is not yet given.
pub fn number_and_symbol(report: &Report) -> String {
    match &report.so {
        Some(n) => format!("{}/{}", document_number(n.value), report.ky_hieu.value),
        None => format!(
            "\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}/{}",
            report.ky_hieu.value
        ),
    }
}

impl View {
    /// `so_lieu` is [`figures::derive`] of the report's figures.
    pub fn new(report: &Report, layout: &LayoutMeta, so_lieu: Derived) -> View {
        let ky = report.ky_bao_cao.label();
        let ky_sau = report.ky_bao_cao.next().label();
        let kind = report
            .ten_loai
            .as_ref()
            .map_or_else(|| "BÁO CÁO".to_owned(), |t| t.value.clone());
        let kind_name = sentence_case(&kind);
        let summary = strings(&report.trich_yeu);
        let subject = lower_first(&summary.join(" "));
        let date = report.ngay.value;
        let co_quan = report.co_quan.ten_goi.value.clone();
        let numbering = numbering(report);
        let titles = Titles {
            layout,
            ky: &ky,
            ky_sau: &ky_sau,
            figures: &so_lieu,
        };

        let grounds = {
            let n = report.can_cu.len();
            report
                .can_cu
                .iter()
                .enumerate()
                .map(|(i, g)| {
                    let g = g.value.trim_end().trim_end_matches([';', '.']);
                    format!("{g}{}", if i + 1 == n { "." } else { ";" })
                })
                .collect()
        };

        let opening = report.mo_dau.as_ref().map(|m| match m {
            StrOr::Str(t) => Opening {
                text: Some(t.value.clone()),
                tu: String::new(),
                van_ban: vec![],
                bao_cao: subject.clone(),
            },
            StrOr::Other(o) => Opening {
                text: None,
                tu: o
                    .tu
                    .as_ref()
                    .map_or_else(|| "Thực hiện".to_owned(), |t| t.value.clone()),
                van_ban: o
                    .van_ban
                    .iter()
                    .map(|v| match v {
                        StrOr::Str(t) => t.value.clone(),
                        StrOr::Other(c) => {
                            let mut s = format!(
                                "{} số {} ngày {}",
                                c.loai.value,
                                c.so.value,
                                date_short(c.ngay.value)
                            );
                            if let Some(by) = &c.co_quan {
                                s.push_str(" của ");
                                s.push_str(&by.value);
                            }
                            if let Some(about) = &c.trich_yeu {
                                s.push(' ');
                                s.push_str(&about.value);
                            }
                            s
                        }
                    })
                    .collect(),
                bao_cao: o
                    .bao_cao
                    .as_ref()
                    .map_or_else(|| subject.clone(), |t| t.value.clone()),
            },
        });

        let mut authority = Vec::new();
        if let Some(q) = &report.nguoi_ky.quyen_han {
            authority.push(q.value.clone());
        }
        authority.push(report.nguoi_ky.chuc_vu.value.clone());

        let several = report.phu_luc.len() > 1;
        let reference = vec![
            format!("(Kèm theo {kind_name} số {}", number_and_symbol(report)),
            date_long(date),
            format!("của {co_quan})"),
        ];
        let appendices = report
            .phu_luc
            .iter()
            .enumerate()
            .map(|(i, p)| AppendixView {
                mau: p
                    .mau
                    .as_ref()
                    .map_or_else(|| "bang".to_owned(), |m| m.value.clone()),
                label: if several {
                    format!("Phụ lục {}", roman(i as u32 + 1))
                } else {
                    "Phụ lục".to_owned()
                },
                title: strings(&p.tieu_de),
                subtitle: p.phu_de.as_ref().map(strings).unwrap_or_default(),
                reference: reference.clone(),
                table: p.bang.as_ref().map(table_view),
                ratings: p
                    .danh_gia
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        [
                            (i + 1).to_string(),
                            r.hinh_thuc.value.clone(),
                            r.muc_do.value.clone(),
                        ]
                    })
                    .collect(),
                body: flatten(&p.noi_dung, numbering, &titles),
            })
            .collect();

        View {
            mau: report.mau.value.clone(),
            attach_source: false,
            meta: Meta {
                title: summary.join(" "),
                author: report
                    .co_quan
                    .ten
                    .0
                    .iter()
                    .map(|t| t.value.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                keywords: vec![
                    kind_name.clone(),
                    "cải cách hành chính".to_owned(),
                    ky.clone(),
                    co_quan.clone(),
                ],
                year: date.year(),
                month: date.month(),
                day: date.day(),
            },
            header: Header {
                superior: report
                    .co_quan
                    .chu_quan
                    .as_ref()
                    .map(strings)
                    .unwrap_or_default(),
                agency: strings(&report.co_quan.ten),
                number: format!("Số: {}", number_and_symbol(report)),
                place: report.dia_danh.value.clone(),
                date: date_long(date),
            },
            kind,
            kind_name,
            summary,
            subject,
            grounds,
            addressees: report
                .kinh_gui
                .iter()
                .map(|t| t.value.trim().trim_end_matches([';', '.']).to_owned())
                .collect(),
            opening,
            ky: ky.clone(),
            ky_sau: ky_sau.clone(),
            co_quan,
            body: flatten(&report.noi_dung, numbering, &titles),
            closing: report.ket_luan.as_ref().map(|t| with_end_mark(&t.value)),
            recipients: report
                .noi_nhan
                .iter()
                .map(|t| t.value.trim().trim_end_matches(';').to_owned())
                .collect(),
            keep: report.luu.value.trim().trim_end_matches('.').to_owned(),
            authority,
            signer: report
                .nguoi_ky
                .ho_ten
                .as_ref()
                .map(|t| t.value.clone())
                .unwrap_or_default(),
            signature: report
                .nguoi_ky
                .chu_ky
                .as_ref()
                .map(|_| crate::images::SIGNATURE),
            seal: report
                .nguoi_ky
                .con_dau
                .as_ref()
                .map(|_| crate::images::SEAL),
            appendices,
            so_lieu,
            so_sanh_voi: report.ky_truoc.as_ref().map(|p| p.nhan.value.clone()),
        }
    }
}

/// What flattening needs besides the blocks: headings for `muc` keys
/// (from the layout) and the figures for `so_lieu` sentences.
struct Titles<'a> {
    layout: &'a LayoutMeta,
    ky: &'a str,
    ky_sau: &'a str,
    figures: &'a Derived,
}

impl Titles<'_> {
    fn get(&self, key: &str) -> String {
        self.layout
            .muc
            .iter()
            .find(|(k, _)| k == key)
            .map_or(key, |(_, t)| t.as_str())
            .replace("{ky_sau}", self.ky_sau)
            .replace("{ky}", self.ky)
    }
}

fn table_view(t: &At<Table>) -> TableView {
    let mut columns: Vec<String> = t.cot.iter().map(|c| c.value.clone()).collect();
    let mut widths = t
        .do_rong
        .as_ref()
        .map(|w| w.iter().map(|x| Some(x.value)).collect::<Vec<_>>());
    let mut rows: Vec<Vec<String>> = t
        .dong
        .iter()
        .map(|r| r.value.iter().map(|c| c.value.clone()).collect())
        .collect();
    if t.stt {
        columns.insert(0, "STT".to_owned());
        // A share of the width would be too narrow for "STT" beside
        // larger shares of the others.
        if let Some(w) = &mut widths {
            w.insert(0, None);
        }
        for (i, r) in rows.iter_mut().enumerate() {
            r.insert(0, (i + 1).to_string());
        }
    }
    TableView {
        columns,
        widths,
        rows,
        landscape: t.landscape().is_some(),
        at: (t.line, t.column),
    }
}

/// How the report numbers its top sections (Roman unless it says).
pub fn numbering(report: &Report) -> Numbering {
    report
        .danh_so
        .as_ref()
        .map_or(Numbering::Roman, |n| n.value)
}

/// How many levels of sections get numbers of their own: I., 1., 1.1., a)
/// (1., 1.1., a) without Roman); a deeper one would repeat a).
pub fn section_levels(numbering: Numbering) -> usize {
    match numbering {
        Numbering::Roman => 4,
        Numbering::Arabic => 3,
    }
}

/// Numbering state of one level of sections.
#[derive(Clone, Copy)]
enum Level {
    Roman,
    Arabic,
    Decimal,
    Letter,
}

impl Level {
    fn name(self) -> &'static str {
        match self {
            Level::Roman => "roman",
            Level::Arabic => "arabic",
            Level::Decimal => "decimal",
            Level::Letter => "letter",
        }
    }

    fn child(self) -> Level {
        match self {
            Level::Roman => Level::Arabic,
            Level::Arabic => Level::Decimal,
            Level::Decimal | Level::Letter => Level::Letter,
        }
    }

    /// The number of the `index`-th (0-based) section at this level; a
    /// decimal number extends its parent's ("2." → "2.1.").
    fn number(self, index: usize, parent: &str) -> String {
        match self {
            Level::Roman => format!("{}.", roman(index as u32 + 1)),
            Level::Arabic => format!("{}.", index + 1),
            Level::Decimal => format!("{parent}{}.", index + 1),
            Level::Letter => format!("{})", letter(index)),
        }
    }
}

fn flatten(blocks: &[At<Block>], numbering: Numbering, titles: &Titles) -> Vec<BlockView> {
    let top = match numbering {
        Numbering::Roman => Level::Roman,
        Numbering::Arabic => Level::Arabic,
    };
    let mut out = Vec::new();
    walk(blocks, top, "", titles, &mut out);
    out
}

fn walk(
    blocks: &[At<Block>],
    level: Level,
    parent: &str,
    titles: &Titles,
    out: &mut Vec<BlockView>,
) {
    let mut index = 0;
    let alone = crate::model::figures_alone(blocks).is_some();
    for block in blocks {
        match &block.value {
            StrOr::Str(t) => out.push(BlockView::Para {
                text: t.value.clone(),
            }),
            StrOr::Other(map) => {
                if is_section(map) {
                    let number = level.number(index, parent);
                    index += 1;
                    section(map, level, number, titles, out);
                } else {
                    leaf(map, alone, titles, out);
                }
            }
        }
    }
}

/// A block is a section unless it is a list, a table or a figures block.
pub fn is_section(map: &BlockMap) -> bool {
    map.ds.is_none() && map.bang.is_none() && map.chi_so.is_none() && map.so_lieu.is_none()
}

fn section(
    map: &BlockMap,
    level: Level,
    number: String,
    titles: &Titles,
    out: &mut Vec<BlockView>,
) {
    let title = map
        .tieu_de
        .as_ref()
        .map(|t| t.value.clone())
        .or_else(|| map.muc.as_ref().map(|m| titles.get(&m.value)));
    let children = map.noi_dung.as_deref().unwrap_or_default();
    // The number a decimal child extends: "2." under arabic, "2.1." under decimal.
    let parent = match level {
        Level::Arabic | Level::Decimal => number.clone(),
        Level::Roman | Level::Letter => String::new(),
    };
    match title {
        Some(title) => {
            out.push(BlockView::Section {
                kind: level.name(),
                number,
                title,
            });
            walk(children, level.child(), &parent, titles, out);
        }
        None => {
            // Untitled: the number leads the first paragraph.
            let (first, rest) = match children.split_first() {
                Some((
                    At {
                        value: StrOr::Str(t),
                        ..
                    },
                    rest,
                )) => (t.value.clone(), rest),
                _ => (String::new(), children),
            };
            out.push(BlockView::Numbered {
                number,
                text: first,
            });
            walk(rest, level.child(), &parent, titles, out);
        }
    }
}

fn leaf(map: &BlockMap, alone: bool, titles: &Titles, out: &mut Vec<BlockView>) {
    if let Some(items) = &map.ds {
        let mark = map
            .dau
            .as_ref()
            .map_or("-", |d| d.value.as_str())
            .to_owned();
        for item in items {
            out.push(BlockView::Item {
                mark: mark.clone(),
                text: item.value.clone(),
            });
        }
    } else if let Some(t) = &map.bang {
        out.push(BlockView::Table(table_view(t)));
    } else if let Some(g) = &map.chi_so {
        out.push(BlockView::Figures {
            group: g.value.clone(),
            alone,
            at: (g.line, g.column),
        });
    } else if let Some(t) = &map.so_lieu {
        // Checked before rendering: every placeholder has its figure.
        let text = figures::fill(&t.value, titles.figures).unwrap_or_else(|_| t.value.clone());
        out.push(match &map.dau {
            Some(mark) => BlockView::Item {
                mark: mark.value.clone(),
                text,
            },
            None => BlockView::Para { text },
        });
    }
}
