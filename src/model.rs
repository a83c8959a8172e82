//! The data of one report, as written in the YAML file.
//!
//! Keys are Vietnamese without diacritics so that the officials who write the
//! file can read them. Every struct denies unknown keys: a typo must not
//! vanish silently. Values that later checks point at are wrapped in [`At`],
//! which keeps their line and column.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::date::Date;
use crate::figures::Figures;

/// A value with the place (1-based line and column) it was written at.
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    pub value: T,
    pub line: u32,
    pub column: u32,
}

impl<T> At<T> {
    /// A value that was not read from a file (defaults, generated data).
    pub fn unplaced(value: T) -> Self {
        At {
            value,
            line: 0,
            column: 0,
        }
    }
}

impl<T> std::ops::Deref for At<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for At<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<T>::deserialize(d)?;
        Ok(At {
            value: s.value,
            line: s.referenced.line() as u32,
            column: s.referenced.column() as u32,
        })
    }
}

impl<T: Serialize> Serialize for At<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl<T: JsonSchema> JsonSchema for At<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// An optional key that, once written, must hold a value: `bang:` with
/// nothing after it is an error at that place, not a block without a table
/// (which would be told as an empty section).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// Text as written in the file, with its place.
pub type Text = At<String>;

/// One line, or several lines of a heading that must break where the writer
/// chose (e.g. "ỦY BAN NHÂN DÂN" / "PHƯỜNG CAM THANH").
#[derive(Debug, Clone)]
pub struct Lines(pub Vec<Text>);

/// One line is written back as text, the way it is usually read.
impl Serialize for Lines {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [one] => one.serialize(s),
            many => many.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Lines {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match StrOr::<Vec<Text>>::deserialize(d)? {
            StrOr::Str(s) => Ok(Lines(vec![s])),
            StrOr::Other(v) if v.is_empty() => Err(de::Error::custom(
                "danh sách dòng trống: cần ít nhất một dòng",
            )),
            StrOr::Other(v) => Ok(Lines(v)),
        }
    }
}

impl JsonSchema for Lines {
    fn schema_name() -> Cow<'static, str> {
        "Lines".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Một dòng, hoặc danh sách các dòng (xuống dòng đúng chỗ đã ghi).",
            "anyOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" }, "minItems": 1 }
            ]
        })
    }
}

/// Either plain text (kept with its place) or a structured value `T`.
///
/// Written by hand instead of `#[serde(untagged)]`, whose errors lose both the
/// place and the reason ("did not match any variant").
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum StrOr<T> {
    Str(Text),
    Other(T),
}

/// What a [`StrOr`] takes besides text, said when neither came (`ten:` left
/// empty must not be told that a block with keys was wanted).
pub trait Structured {
    const WANTED: &'static str;
}

const TEXT_OR_MAP: &str = "văn bản hoặc một khối có khóa";

impl Structured for Opening {
    const WANTED: &'static str = TEXT_OR_MAP;
}

impl Structured for Citation {
    const WANTED: &'static str = TEXT_OR_MAP;
}

impl Structured for BlockMap {
    const WANTED: &'static str = TEXT_OR_MAP;
}

impl Structured for Vec<Text> {
    const WANTED: &'static str = "văn bản hoặc một danh sách";
}

impl<'de, T: Deserialize<'de> + Structured> Deserialize<'de> for StrOr<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The place of the whole node is read first; a structured value
        // is then handed on to T with the deserializer's own map or sequence
        // access, so errors inside it keep their exact place.
        let spanned = serde_saphyr::Spanned::<StrOrInner<T>>::deserialize(d)?;
        Ok(match spanned.value {
            StrOrInner::Str(s) => StrOr::Str(At {
                value: s,
                line: spanned.referenced.line() as u32,
                column: spanned.referenced.column() as u32,
            }),
            StrOrInner::Other(t) => StrOr::Other(t),
        })
    }
}

enum StrOrInner<T> {
    Str(String),
    Other(T),
}

impl<'de, T: Deserialize<'de> + Structured> Deserialize<'de> for StrOrInner<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de> + Structured> Visitor<'de> for V<T> {
            type Value = StrOrInner<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(T::WANTED)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(StrOrInner::Str(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(StrOrInner::Str(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(StrOrInner::Str(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(StrOrInner::Str(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(StrOrInner::Other)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(StrOrInner::Other)
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

impl<T: JsonSchema> JsonSchema for StrOr<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("StrOr_{}", T::schema_name()).into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let other = generator.subschema_for::<T>();
        json_schema!({ "anyOf": [ { "type": "string" }, other ] })
    }
}

/// A whole report ("Báo cáo").
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Báo cáo CCHC (cchc-gen)")]
pub struct Report {
    /// Tên mẫu trình bày (layout) dùng để dựng báo cáo, ví dụ `tuyen-truyen`,
    /// `ket-qua-cchc` hoặc `bao-cao`. Xem `cchc-gen layouts`.
    pub mau: Text,
    /// Cơ quan, tổ chức ban hành (ô 2, Phụ lục I).
    pub co_quan: Agency,
    /// Số văn bản (ô 3). Bỏ trống khi chưa lấy số: dòng "Số:" để trống cho văn thư ghi tay.
    #[serde(default)]
    pub so: Option<At<u32>>,
    /// Ký hiệu văn bản: chữ viết tắt tên loại + tên cơ quan, ví dụ `BC-UBND`.
    pub ky_hieu: Text,
    /// Địa danh ghi trước ngày tháng, ví dụ `Cam Thanh`.
    pub dia_danh: Text,
    /// Ngày ban hành, dạng `2025-11-19` hoặc `19/11/2025`.
    pub ngay: At<Date>,
    /// Tên loại văn bản (ô 5a). Mặc định `BÁO CÁO`.
    #[serde(default)]
    pub ten_loai: Option<Text>,
    /// Trích yếu nội dung: một dòng hoặc danh sách dòng. Không ghi "V/v".
    pub trich_yeu: Lines,
    /// Kỳ báo cáo: tháng, quý, 6 tháng, 9 tháng hoặc năm.
    pub ky_bao_cao: Period,
    /// "Kính gửi": cơ quan cấp trên nhận báo cáo (Phụ lục I, mục II.9.a), mỗi dòng một nơi.
    #[serde(default)]
    pub kinh_gui: Vec<Text>,
    /// Các dòng "Căn cứ ..." in nghiêng, mỗi dòng một căn cứ (ít dùng trong báo cáo).
    #[serde(default)]
    pub can_cu: Vec<Text>,
    /// Đoạn mở đầu: một đoạn văn, hoặc các văn bản được thực hiện để mẫu tự viết câu mở đầu.
    #[serde(default)]
    pub mo_dau: Option<StrOr<Opening>>,
    /// Nội dung báo cáo: các mục (đánh số tự động), đoạn văn, danh sách, bảng, số liệu.
    #[serde(default)]
    pub noi_dung: Vec<At<Block>>,
    /// Câu kết thúc. Bỏ trống để mẫu tự viết "Trên đây là báo cáo ...".
    #[serde(default)]
    pub ket_luan: Option<Text>,
    /// Nơi nhận, mỗi dòng một nơi, không ghi dấu "-" đầu dòng và ";" cuối dòng.
    pub noi_nhan: Vec<Text>,
    /// Dòng "Lưu:" cuối nơi nhận, ví dụ `VT, VHXH`.
    pub luu: Text,
    /// Người ký.
    pub nguoi_ky: Signer,
    /// Các phụ lục kèm theo, mỗi phụ lục sang trang mới.
    #[serde(default)]
    pub phu_luc: Vec<Appendix>,
    /// Số liệu (chỉ số) của kỳ báo cáo: chỉ nhập số đếm, tỷ lệ do cchc-gen tính.
    #[serde(default)]
    pub chi_so: Figures,
    /// Số liệu cùng kỳ năm trước hoặc kỳ trước, để so sánh ("tăng 12,5% so với cùng kỳ").
    #[serde(default)]
    pub ky_truoc: Option<PreviousPeriod>,
    /// Số chữ số thập phân của tỷ lệ phần trăm. Mặc định 2.
    #[serde(default)]
    pub so_thap_phan: Option<At<u8>>,
    /// Cách đánh số mục cấp 1: `la-ma` (I., 1., 1.1., a) — mặc định) hoặc `so` (1., 1.1., a)).
    #[serde(default)]
    pub danh_so: Option<At<Numbering>>,
}

/// How top-level sections are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
pub enum Numbering {
    /// I., then 1., 1.1., a).
    #[default]
    #[serde(rename = "la-ma")]
    Roman,
    /// 1., then 1.1., a).
    #[serde(rename = "so")]
    Arabic,
}

/// The issuing agency.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    /// Tên cơ quan chủ quản (nếu có), chữ in hoa, không đậm, ví dụ `UBND PHƯỜNG CHÍ LINH`.
    #[serde(default)]
    pub chu_quan: Option<Lines>,
    /// Tên cơ quan ban hành, chữ in hoa, đậm; ghi danh sách để xuống dòng đúng chỗ.
    pub ten: Lines,
    /// Tên gọi trong câu văn, ví dụ `UBND phường Cam Thanh`.
    pub ten_goi: Text,
}

/// Who signs, and with what authority (ô 7, Phụ lục I mục II.7).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    /// Quyền hạn ký: `TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH`, `Q. GIÁM ĐỐC`, `TL.`, `TUQ.`.
    /// Bỏ trống khi người đứng đầu ký trực tiếp.
    #[serde(default)]
    pub quyen_han: Option<Text>,
    /// Chức vụ của người ký, ví dụ `CHỦ TỊCH`, `PHÓ CHỦ TỊCH`.
    pub chuc_vu: Text,
    /// Họ và tên người ký, không ghi học hàm, học vị.
    #[serde(default)]
    pub ho_ten: Option<Text>,
    /// Ảnh chữ ký (PNG nền trong suốt, màu xanh) khi ban hành văn bản điện tử; đường dẫn
    /// tính từ thư mục của tệp dữ liệu (Phụ lục I, mục II.7.d).
    #[serde(default)]
    pub chu_ky: Option<Text>,
    /// Ảnh con dấu (PNG nền trong suốt, màu đỏ), đóng trùm khoảng 1/3 chữ ký về bên trái
    /// (Phụ lục I, mục II.8.a).
    #[serde(default)]
    pub con_dau: Option<Text>,
}

/// The reporting period.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// Loại kỳ: `thang`, `quy`, `6-thang-dau`, `6-thang-cuoi`, `9-thang` hoặc `nam`.
    pub loai: At<PeriodKind>,
    /// Năm của kỳ báo cáo.
    pub nam: At<i32>,
    /// Quý (1–4), khi `loai: quy`.
    #[serde(default)]
    pub quy: Option<At<u8>>,
    /// Tháng (1–12), khi `loai: thang`.
    #[serde(default)]
    pub thang: Option<At<u8>>,
    /// Ngày đầu kỳ lấy số liệu (nếu khác đầu kỳ), ví dụ `2025-07-01`.
    #[serde(default)]
    pub tu_ngay: Option<At<Date>>,
    /// Ngày cuối kỳ lấy số liệu, ví dụ `2025-09-25`.
    #[serde(default)]
    pub den_ngay: Option<At<Date>>,
}

/// Kinds of reporting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum PeriodKind {
    #[serde(rename = "thang")]
    Month,
    #[serde(rename = "quy")]
    Quarter,
    #[serde(rename = "6-thang-dau")]
    FirstHalf,
    #[serde(rename = "6-thang-cuoi")]
    SecondHalf,
    #[serde(rename = "9-thang")]
    NineMonths,
    #[serde(rename = "nam")]
    Year,
}

/// The structured opening: the documents this report carries out.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Opening {
    /// Từ mở đầu: `Thực hiện` (mặc định), `Căn cứ` hoặc `Theo`.
    #[serde(default)]
    pub tu: Option<Text>,
    /// Các văn bản (hoặc lý do, ghi bằng một dòng chữ) mà báo cáo thực hiện.
    pub van_ban: Vec<StrOr<Citation>>,
    /// Nội dung được báo cáo, ví dụ `kết quả công tác tuyên truyền năm 2023`.
    /// Mặc định: trích yếu.
    #[serde(default)]
    pub bao_cao: Option<Text>,
}

/// A cited document ("Kế hoạch số 04/KH-UBND ngày 23/7/2025 của ...").
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// Tên loại văn bản, ví dụ `Kế hoạch`, `Quyết định`, `Công văn`.
    pub loai: Text,
    /// Số và ký hiệu, ví dụ `04/KH-UBND`.
    pub so: Text,
    /// Ngày ban hành.
    pub ngay: At<Date>,
    /// Cơ quan ban hành, ví dụ `UBND phường Cam Thanh`.
    #[serde(default)]
    pub co_quan: Option<Text>,
    /// Trích yếu, ví dụ `về cải cách hành chính năm 2025`.
    #[serde(default)]
    pub trich_yeu: Option<Text>,
}

/// One piece of content: a paragraph (plain text) or a block with keys.
pub type Block = StrOr<BlockMap>;

/// A block of content. Which keys are present says what it is:
/// `tieu_de`/`muc` + `noi_dung`: a numbered section; `ds`: a list;
/// `bang`: a table; `chi_so`: the figures sentences written by the layout;
/// `so_lieu`: a paragraph of the ward's own words with computed figures.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BlockMap {
    /// Tiêu đề mục (đánh số tự động: I., 1., 1.1., a)). Không có tiêu đề: số thứ tự đứng đầu đoạn đầu tiên.
    #[serde(default, deserialize_with = "present")]
    pub tieu_de: Option<Text>,
    /// Khóa của một mục có sẵn tiêu đề trong mẫu, ví dụ `chi_dao`, `phuong_huong`.
    #[serde(default, deserialize_with = "present")]
    pub muc: Option<Text>,
    /// Nội dung bên trong mục.
    #[serde(default)]
    pub noi_dung: Option<Vec<At<Block>>>,
    /// Danh sách gạch đầu dòng.
    #[serde(default, deserialize_with = "present")]
    pub ds: Option<Vec<Text>>,
    /// Dấu đầu dòng của danh sách (hoặc của đoạn `so_lieu`): `-` (mặc định) hoặc `+`.
    #[serde(default)]
    pub dau: Option<Text>,
    /// Bảng.
    #[serde(default, deserialize_with = "present")]
    pub bang: Option<At<Table>>,
    /// Nhóm số liệu do mẫu viết thành câu: `ho_so`, `dich_vu_cong`, `thanh_toan`, `pakn`, `phi`,
    /// `tuyen_truyen`; hoặc một câu của nhóm, ví dụ `ho_so.da_giai_quyet`, `tuyen_truyen.cuoc_thi`.
    #[serde(default, deserialize_with = "present")]
    pub chi_so: Option<Text>,
    /// Một đoạn văn tự viết có chèn số liệu đã tính: `{nhóm.tên}` được thay bằng số liệu,
    /// ví dụ `Phát {tuyen_truyen.to_roi} tờ rơi hướng dẫn thủ tục hộ tịch.`
    #[serde(default, deserialize_with = "present")]
    pub so_lieu: Option<Text>,
}

/// A table.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Tiêu đề các cột (lặp lại ở đầu mỗi trang).
    pub cot: Vec<Text>,
    /// Các dòng; mỗi dòng có đúng số ô bằng số cột.
    pub dong: At<Vec<At<Vec<Text>>>>,
    /// Độ rộng tương đối các cột, ví dụ `[1, 6, 2]`.
    #[serde(default)]
    pub do_rong: Option<At<Vec<At<u32>>>>,
    /// Tự thêm cột "STT" đánh số dòng.
    #[serde(default)]
    pub stt: bool,
    /// `true`: bảng in trên (các) trang riêng khổ A4 nằm ngang, cho bảng nhiều cột. Chỉ dùng
    /// cho bảng trong thân văn bản; phụ lục luôn in theo chiều dài khổ giấy (Phụ lục I, mục I.2).
    #[serde(default)]
    pub ngang: Option<At<bool>>,
}

impl Table {
    /// `ngang: true`, with its place: the table prints on landscape pages.
    pub fn landscape(&self) -> Option<&At<bool>> {
        self.ngang.as_ref().filter(|n| n.value)
    }
}

impl Report {
    /// Every table of the report, in the order they print: the body's, then
    /// each appendix's own table and those among its blocks.
    pub fn tables(&self) -> Vec<&At<Table>> {
        let mut out: Vec<&At<Table>> = maps_in(&self.noi_dung)
            .into_iter()
            .filter_map(|m| m.bang.as_ref())
            .collect();
        for p in &self.phu_luc {
            out.extend(&p.bang);
            out.extend(
                maps_in(&p.noi_dung)
                    .into_iter()
                    .filter_map(|m| m.bang.as_ref()),
            );
        }
        out
    }

    /// Every block with keys, at any depth, in the order they print: the
    /// body's, then each appendix's.
    pub fn block_maps(&self) -> Vec<&BlockMap> {
        let mut out = maps_in(&self.noi_dung);
        for p in &self.phu_luc {
            out.extend(maps_in(&p.noi_dung));
        }
        out
    }
}

/// The blocks with keys of `blocks` and of the sections among them.
fn maps_in(blocks: &[At<Block>]) -> Vec<&BlockMap> {
    fn walk<'a>(blocks: &'a [At<Block>], out: &mut Vec<&'a BlockMap>) {
        for b in blocks {
            if let StrOr::Other(m) = &b.value {
                out.push(m);
                walk(m.noi_dung.as_deref().unwrap_or_default(), out);
            }
        }
    }
    let mut out = Vec::new();
    walk(blocks, &mut out);
    out
}

/// The `chi_so` of each of `blocks` when they are figures blocks only: when
/// none of them prints a sentence, the heading above would stand empty.
pub fn figures_alone(blocks: &[At<Block>]) -> Option<Vec<&Text>> {
    blocks
        .iter()
        .map(|b| match &b.value {
            StrOr::Other(m) => m.chi_so.as_ref(),
            StrOr::Str(_) => None,
        })
        .collect()
}

impl BlockMap {
    /// The heading key written first, `tieu_de` or `muc`.
    pub fn heading(&self) -> Option<&Text> {
        [&self.tieu_de, &self.muc]
            .into_iter()
            .flatten()
            .min_by_key(|t| (t.line, t.column))
    }

    /// The section as a message names it: mục “Kết quả”, mục `ket_qua`.
    pub fn section_name(&self) -> String {
        match (&self.tieu_de, &self.muc) {
            (Some(t), _) => format!("mục “{}”", t.value),
            (None, Some(mu)) => format!("mục `{}`", mu.value),
            (None, None) => "mục (không tiêu đề)".to_owned(),
        }
    }
}

/// An appendix (Phụ lục, Mẫu 2.1): a new page with its own numbering.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Appendix {
    /// Mẫu phụ lục: `bieu-tong-hop` hoặc `bang` (mặc định).
    #[serde(default)]
    pub mau: Option<Text>,
    /// Tiêu đề phụ lục, chữ in hoa, ví dụ `BIỂU TỔNG HỢP`.
    pub tieu_de: Lines,
    /// Dòng dưới tiêu đề (nếu có).
    #[serde(default)]
    pub phu_de: Option<Lines>,
    /// Bảng của phụ lục.
    #[serde(default, deserialize_with = "present")]
    pub bang: Option<At<Table>>,
    /// Các dòng đánh giá của Biểu tổng hợp: hình thức và mức độ thực hiện.
    #[serde(default)]
    pub danh_gia: Vec<Rating>,
    /// Nội dung khác của phụ lục.
    #[serde(default)]
    pub noi_dung: Vec<At<Block>>,
}

/// One row of the "BIỂU TỔNG HỢP" rating table.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    /// Hình thức, nhiệm vụ tuyên truyền.
    pub hinh_thuc: Text,
    /// Mức độ thực hiện, ví dụ `Đạt`, `Không đạt`, `Có`.
    pub muc_do: Text,
}

/// Figures of an earlier period, for comparison.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviousPeriod {
    /// Kỳ được so sánh, ví dụ `cùng kỳ năm 2024`.
    pub nhan: Text,
    /// Số liệu của kỳ đó (cùng cấu trúc `chi_so`).
    pub chi_so: Figures,
}

impl Period {
    /// Reads a period given on the command line: `nam-2026`, `quy-3-2026`,
    /// `thang-10-2026`, `6-thang-dau-2026`, `6-thang-cuoi-2026`, `9-thang-2026`.
    pub fn parse_spec(spec: &str) -> Result<Period, String> {
        let bad = || {
            format!(
                "kỳ “{spec}” không hợp lệ; ghi dạng nam-2026, quy-3-2026 (quý 1 đến 4), thang-10-2026 (tháng 1 đến 12), 6-thang-dau-2026, 6-thang-cuoi-2026 hoặc 9-thang-2026"
            )
        };
        let (head, year) = spec.rsplit_once('-').ok_or_else(bad)?;
        let year: i32 = year.parse().map_err(|_| bad())?;
        if !(1945..=2999).contains(&year) {
            return Err(bad());
        }
        let number = |prefix: &str, max: u8| {
            head.strip_prefix(prefix)
                .and_then(|n| n.parse::<u8>().ok())
                .filter(|n| (1..=max).contains(n))
                .map(At::unplaced)
        };
        let (loai, quy, thang) = match head {
            "nam" => (PeriodKind::Year, None, None),
            "6-thang-dau" => (PeriodKind::FirstHalf, None, None),
            "6-thang-cuoi" => (PeriodKind::SecondHalf, None, None),
            "9-thang" => (PeriodKind::NineMonths, None, None),
            _ => match (number("quy-", 4), number("thang-", 12)) {
                (Some(q), _) => (PeriodKind::Quarter, Some(q), None),
                (_, Some(m)) => (PeriodKind::Month, None, Some(m)),
                _ => return Err(bad()),
            },
        };
        Ok(Period {
            loai: At::unplaced(loai),
            nam: At::unplaced(year),
            quy,
            thang,
            tu_ngay: None,
            den_ngay: None,
        })
    }

    /// How the period is named in the text: "năm 2025", "quý III năm 2025",
    /// "6 tháng đầu năm 2025", "9 tháng năm 2025".
    pub fn label(&self) -> String {
        let year = self.nam.value;
        match self.loai.value {
            PeriodKind::Year => format!("năm {year}"),
            PeriodKind::FirstHalf => format!("6 tháng đầu năm {year}"),
            PeriodKind::SecondHalf => format!("6 tháng cuối năm {year}"),
            PeriodKind::NineMonths => format!("9 tháng năm {year}"),
            PeriodKind::Quarter => {
                let q = self.quy.as_ref().map_or(1, |q| q.value);
                format!("quý {} năm {year}", crate::vietnamese::roman(u32::from(q)))
            }
            PeriodKind::Month => {
                let m = self.thang.as_ref().map_or(1, |m| m.value);
                format!("tháng {m} năm {year}")
            }
        }
    }

    /// The period that follows this one, for "phương hướng, nhiệm vụ ...".
    pub fn next(&self) -> Period {
        let year = self.nam.value;
        if self.loai.value == PeriodKind::Month {
            let m = self.thang.as_ref().map_or(1, |m| m.value);
            let (nam, thang) = if m >= 12 {
                (year + 1, 1)
            } else {
                (year, m + 1)
            };
            return Period {
                loai: At::unplaced(PeriodKind::Month),
                nam: At::unplaced(nam),
                quy: None,
                thang: Some(At::unplaced(thang)),
                tu_ngay: None,
                den_ngay: None,
            };
        }
        let (loai, nam, quy) = match self.loai.value {
            PeriodKind::Year => (PeriodKind::Year, year + 1, None),
            PeriodKind::FirstHalf => (PeriodKind::SecondHalf, year, None),
            PeriodKind::SecondHalf => (PeriodKind::FirstHalf, year + 1, None),
            PeriodKind::NineMonths => (PeriodKind::Quarter, year, Some(4)),
            PeriodKind::Quarter | PeriodKind::Month => {
                match self.quy.as_ref().map_or(1, |q| q.value) {
                    q @ 1..=3 => (PeriodKind::Quarter, year, Some(q + 1)),
                    _ => (PeriodKind::Quarter, year + 1, Some(1)),
                }
            }
        };
        Period {
            loai: At::unplaced(loai),
            nam: At::unplaced(nam),
            quy: quy.map(At::unplaced),
            thang: None,
            tu_ngay: None,
            den_ngay: None,
        }
    }

    /// The period of the report that usually comes after one on this
    /// period: the next month, quarter, half or year; after "6 tháng đầu
    /// năm" the "9 tháng" report and after "9 tháng" the year's, as the
    /// cumulative reports to the level above run. [`Period::next`] is the
    /// period a report's plans are for.
    pub fn following(&self) -> Period {
        let loai = match self.loai.value {
            PeriodKind::FirstHalf => PeriodKind::NineMonths,
            PeriodKind::NineMonths => PeriodKind::Year,
            _ => return self.next(),
        };
        Period {
            loai: At::unplaced(loai),
            nam: At::unplaced(self.nam.value),
            quy: None,
            thang: None,
            tu_ngay: None,
            den_ngay: None,
        }
    }

    /// The same period a year later.
    pub fn a_year_later(&self) -> Period {
        Period {
            nam: At::unplaced(self.nam.value + 1),
            tu_ngay: None,
            den_ngay: None,
            ..self.clone()
        }
    }

    /// The period as `--ky` takes it: `quy-3-2026`.
    pub fn spec(&self) -> String {
        let year = self.nam.value;
        match self.loai.value {
            PeriodKind::Year => format!("nam-{year}"),
            PeriodKind::FirstHalf => format!("6-thang-dau-{year}"),
            PeriodKind::SecondHalf => format!("6-thang-cuoi-{year}"),
            PeriodKind::NineMonths => format!("9-thang-{year}"),
            PeriodKind::Quarter => format!("quy-{}-{year}", self.end_month() / 3),
            PeriodKind::Month => format!("thang-{}-{year}", self.end_month()),
        }
    }

    /// The first and last month, counted from year 0: periods compare
    /// across years and kinds.
    fn span(&self) -> (i32, i32) {
        let month = |m: u8| self.nam.value * 12 + i32::from(m) - 1;
        (month(self.start_month()), month(self.end_month()))
    }

    /// Whether a report on this period can follow one on `earlier`: it ends
    /// later, or in the same month but is longer (the year's report after
    /// the fourth quarter's).
    pub fn follows(&self, earlier: &Period) -> bool {
        let ((s0, e0), (s1, e1)) = (earlier.span(), self.span());
        e1 > e0 || (e1 == e0 && s1 < s0)
    }

    /// How a report on this period names `earlier`'s figures: the same
    /// period a year before ("cùng kỳ năm 2025"), or the one just before of
    /// the same length ("kỳ trước (quý IV năm 2025)"). Any other period's
    /// figures do not compare: the error says why.
    pub fn comparison(&self, earlier: &Period) -> Result<String, String> {
        let ((s0, e0), (s1, e1)) = (earlier.span(), self.span());
        if (s1, e1) == (s0 + 12, e0 + 12) {
            Ok(format!("cùng kỳ năm {}", earlier.nam.value))
        } else if e1 - s1 != e0 - s0 {
            Err(format!(
                "{} và {} dài khác nhau, số liệu không so sánh được",
                earlier.label(),
                self.label()
            ))
        } else if s1 == e0 + 1 {
            Ok(format!("kỳ trước ({})", earlier.label()))
        } else {
            Err(format!(
                "{} không phải kỳ liền trước, cũng không phải cùng kỳ năm trước của {}",
                earlier.label(),
                self.label()
            ))
        }
    }

    /// Why this period's figures cover less than the period, when its data
    /// window (`tu_ngay`–`den_ngay`) is shorter than nine tenths of it: a
    /// "năm 2025" report on figures from July to September compares with
    /// no full year. A window shifted a little ("15/12 to 14/12") is whole.
    pub fn partial_window(&self) -> Option<String> {
        let year = self.nam.value;
        let first = Date::new(year, self.start_month(), 1).ok()?;
        let last = Date::clamped(year, self.end_month(), 31).ok()?;
        let from = self.tu_ngay.as_ref().map_or(first, |d| d.value);
        let to = self.den_ngay.as_ref().map_or(last, |d| d.value);
        let days = |a: Date, b: Date| (b.0 - a.0).whole_days() + 1;
        (days(from, to) * 10 < days(first, last) * 9).then(|| {
            format!(
                "số liệu {} chỉ lấy từ {from} đến {to}, không trọn kỳ",
                self.label()
            )
        })
    }

    /// The dates a report on this period may carry: from its first day to
    /// about three months after its last month. `None` for an impossible year.
    pub fn report_dates(&self) -> Option<(Date, Date)> {
        let year = self.nam.value;
        let first = Date::new(year, self.start_month(), 1).ok()?;
        let last_month = Date::new(year, self.end_month(), 1).ok()?;
        let latest = last_month.0.checked_add(time::Duration::days(31 + 92))?;
        Some((first, Date(latest)))
    }

    /// The date of a new report on this period: today if a report on it
    /// can be dated today, else the last day of the period.
    pub fn new_report_date(&self, today: Date) -> Date {
        match self.report_dates() {
            Some((first, latest)) if (first..=latest).contains(&today) => today,
            _ => Date::clamped(self.nam.value, self.end_month(), 31).unwrap_or(today),
        }
    }

    /// The last month of the period.
    pub fn end_month(&self) -> u8 {
        match self.loai.value {
            PeriodKind::Year | PeriodKind::SecondHalf => 12,
            PeriodKind::FirstHalf => 6,
            PeriodKind::NineMonths => 9,
            PeriodKind::Quarter => self.quy.as_ref().map_or(3, |q| q.value.clamp(1, 4) * 3),
            PeriodKind::Month => self.thang.as_ref().map_or(1, |m| m.value.clamp(1, 12)),
        }
    }

    /// The first month of the period.
    pub fn start_month(&self) -> u8 {
        match self.loai.value {
            PeriodKind::SecondHalf => 7,
            PeriodKind::Quarter => self.quy.as_ref().map_or(1, |q| q.value.clamp(1, 4) * 3 - 2),
            PeriodKind::Month => self.end_month(),
            PeriodKind::Year | PeriodKind::FirstHalf | PeriodKind::NineMonths => 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_report_is_dated_today_or_at_the_end_of_a_period_today_cannot_be_in() {
        let today = Date::new(2026, 11, 23).unwrap();
        // (period, date of the new report)
        let cases = [
            ("nam-2026", "2026-11-23"),
            ("quy-4-2026", "2026-11-23"),
            ("quy-3-2026", "2026-11-23"),
            ("6-thang-dau-2026", "2026-06-30"),
            ("quy-1-2025", "2025-03-31"),
            ("thang-2-2028", "2028-02-29"),
            ("nam-2027", "2027-12-31"),
        ];
        for (spec, expected) in cases {
            let period = Period::parse_spec(spec).unwrap();
            assert_eq!(
                period.new_report_date(today).to_string(),
                expected,
                "{spec}"
            );
        }
    }

    #[test]
    fn periods_follow_and_compare_only_with_the_same_period_a_year_before_or_just_before() {
        // (last period, new period, comparison or None)
        let cases = [
            (
                "quy-4-2026",
                "quy-1-2027",
                Some("kỳ trước (quý IV năm 2026)"),
            ),
            ("quy-4-2026", "quy-4-2027", Some("cùng kỳ năm 2026")),
            (
                "thang-12-2026",
                "thang-1-2027",
                Some("kỳ trước (tháng 12 năm 2026)"),
            ),
            ("nam-2026", "nam-2027", Some("cùng kỳ năm 2026")),
            ("9-thang-2026", "9-thang-2027", Some("cùng kỳ năm 2026")),
            (
                "6-thang-dau-2026",
                "6-thang-cuoi-2026",
                Some("kỳ trước (6 tháng đầu năm 2026)"),
            ),
            (
                "6-thang-cuoi-2026",
                "6-thang-dau-2027",
                Some("kỳ trước (6 tháng cuối năm 2026)"),
            ),
            ("quy-4-2026", "nam-2026", None),
            ("quy-1-2026", "6-thang-dau-2026", None),
            ("quy-1-2026", "quy-3-2026", None),
            ("nam-2026", "nam-2028", None),
            ("9-thang-2026", "nam-2026", None),
        ];
        for (old, new, expected) in cases {
            let (old, new) = (
                Period::parse_spec(old).unwrap(),
                Period::parse_spec(new).unwrap(),
            );
            assert!(new.follows(&old), "{new:?}");
            assert!(!old.follows(&new), "{new:?}");
            assert_eq!(new.comparison(&old).ok().as_deref(), expected, "{new:?}");
        }
        let q = Period::parse_spec("quy-2-2026").unwrap();
        assert!(!q.follows(&q));
    }

    #[test]
    fn the_report_after_six_months_is_nine_months_then_the_year() {
        for (spec, following) in [
            ("thang-12-2026", "thang-1-2027"),
            ("quy-4-2026", "quy-1-2027"),
            ("6-thang-dau-2026", "9-thang-2026"),
            ("9-thang-2026", "nam-2026"),
            ("6-thang-cuoi-2026", "6-thang-dau-2027"),
            ("nam-2026", "nam-2027"),
        ] {
            let period = Period::parse_spec(spec).unwrap();
            assert_eq!(period.spec(), spec);
            assert_eq!(period.following().spec(), following, "{spec}");
        }
    }
}
