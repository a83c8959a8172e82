//! The archive of signed reports (`cchc-gen archive …`).
//!
//! After the chairman signs, the office keeps the signed PDF for years,
//! finds it again, proves it was not altered and hands it over to the
//! archive (Luật Lưu trữ 2024; metadata after Thông tư 02/2019/TT-BNV).
//!
//! - `store.rs`: the archive folder, files stored under their SHA-256;
//! - `index.rs`: the records, in one SQLite file;
//! - `record.rs`: the Thông tư 02/2019 description and where it is read from;
//! - `pdf_meta.rs`: page count, attached YAML and document information of a PDF;
//! - `signature.rs`: checking digital signatures;
//! - `revocation.rs`: whether a certificate was revoked (CRL, OCSP);
//! - `search_fold.rs`: "dien bien" finds "Điện Biên";
//! - `vn_time.rs`: times shown in Vietnam's time;
//! - `add.rs`, `view.rs`, `verify.rs`, `reindex.rs`, `bagit.rs`: the commands.

/// `writeln!` to the command's output, with a failure to write (closed pipe,
/// full disk) reported like any other.
macro_rules! say {
    ($out:expr, $($arg:tt)*) => {
        writeln!($out, $($arg)*).map_err($crate::archive::error::io_error(
            "ghi được kết quả ra",
            std::path::Path::new("<stdout>"),
        ))
    };
}

mod add;
mod bagit;
mod error;
mod index;
mod pdf_meta;
mod record;
mod reindex;
mod revocation;
mod search_fold;
mod signature;
mod store;
mod verify;
mod view;
mod vn_time;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

pub use error::ArchiveError;

use crate::date::Date;
use record::Metadata;

/// Options of every archive command.
#[derive(Debug, clap::Args)]
pub struct ArchiveOptions {
    /// Thư mục kho lưu trữ (mặc định `luu-tru`, hoặc biến môi trường CCHC_ARCHIVE).
    #[arg(
        long,
        value_name = "THƯ_MỤC",
        env = "CCHC_ARCHIVE",
        default_value = "luu-tru",
        global = true
    )]
    pub archive: PathBuf,
    /// Thư mục chứng thư số của các CA tin cậy (Ban Cơ yếu Chính phủ,
    /// VNPT-CA, Viettel-CA …), dạng PEM hoặc DER (hoặc biến môi trường CCHC_TRUST).
    #[arg(long, value_name = "THƯ_MỤC", env = "CCHC_TRUST", global = true)]
    pub trust: Option<PathBuf>,
}

// Parsed once per run: the size of the `Add` variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, clap::Subcommand)]
pub enum ArchiveCommand {
    /// Lưu một văn bản PDF đã ký vào kho (thêm lại cùng tệp không sao).
    Add {
        /// Tệp PDF đã ký (ký số, hoặc bản quét của văn bản ký tay).
        #[arg(value_name = "TỆP_PDF")]
        file: PathBuf,
        /// Tệp YAML dữ liệu của báo cáo, khi PDF không đính kèm dữ liệu.
        #[arg(long, value_name = "TỆP")]
        source: Option<PathBuf>,
        #[command(flatten)]
        fields: MetadataFlags,
    },
    /// Liệt kê các văn bản trong kho.
    List,
    /// Xem đầy đủ thông tin một văn bản.
    Show {
        /// Số hồ sơ (cột ID của `archive list`).
        #[arg(value_name = "SỐ", value_parser = record_number)]
        id: i64,
    },
    /// Tìm văn bản theo trích yếu, cơ quan, số ký hiệu và nội dung (không
    /// cần gõ dấu).
    Search {
        /// Các từ cần tìm, ví dụ: dien bien.
        #[arg(required = true, num_args = 1.., value_name = "TỪ")]
        text: Vec<String>,
    },
    /// Kiểm tra lại toàn bộ kho: tệp mất, tệp bị sửa, chữ ký, tệp ngoài chỉ mục.
    Verify,
    /// Dựng lại chỉ mục tìm kiếm từ thông tin đã lưu: sau khi nâng cấp
    /// cchc-gen, hoặc khi `search` không thấy văn bản có trong `list`.
    Reindex,
    /// Xuất kho thành gói BagIt (RFC 8493) để nộp lưu trữ.
    Export {
        /// Thư mục gói BagIt sẽ tạo (chưa có, hoặc trống).
        #[arg(long, value_name = "THƯ_MỤC")]
        bagit: PathBuf,
    },
}

/// Thông tư 02/2019 fields given on the command line; they win over what
/// is read from the YAML data or the PDF's document information.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct MetadataFlags {
    /// Số của văn bản, ví dụ 12.
    #[arg(long, value_name = "GIÁ_TRỊ")]
    pub so: Option<String>,
    /// Ký hiệu của văn bản, ví dụ BC-UBND.
    #[arg(long, value_name = "GIÁ_TRỊ")]
    pub ky_hieu: Option<String>,
    /// Ngày ban hành: 2025-11-19 hoặc 19/11/2025.
    #[arg(long, value_name = "NGÀY", value_parser = Date::parse)]
    pub ngay: Option<Date>,
    /// Tên cơ quan, tổ chức ban hành.
    #[arg(long, value_name = "GIÁ_TRỊ")]
    pub co_quan: Option<String>,
    /// Trích yếu nội dung.
    #[arg(long, value_name = "GIÁ_TRỊ")]
    pub trich_yeu: Option<String>,
    /// Tên loại văn bản (mặc định theo dữ liệu, thường là BÁO CÁO).
    #[arg(long, value_name = "GIÁ_TRỊ")]
    pub ten_loai: Option<String>,
    /// Họ tên người ký.
    #[arg(long, value_name = "GIÁ_TRỊ")]
    pub nguoi_ky: Option<String>,
    /// Mã hồ sơ chứa văn bản.
    #[arg(long, value_name = "GIÁ_TRỊ")]
    pub ma_ho_so: Option<String>,
    /// Mã định danh văn bản.
    #[arg(long, value_name = "GIÁ_TRỊ")]
    pub ma_van_ban: Option<String>,
    /// Chế độ sử dụng: Công khai, Sử dụng có điều kiện, Mật.
    #[arg(long, value_name = "GIÁ_TRỊ")]
    pub che_do_su_dung: Option<String>,
    /// Ngôn ngữ (mặc định Tiếng Việt).
    #[arg(long, value_name = "GIÁ_TRỊ")]
    pub ngon_ngu: Option<String>,
}

impl MetadataFlags {
    fn to_metadata(&self) -> Metadata {
        Metadata {
            document_code: self.ma_van_ban.clone(),
            dossier_code: self.ma_ho_so.clone(),
            doc_type: self.ten_loai.clone(),
            number: self.so.clone(),
            symbol: self.ky_hieu.clone(),
            date: self.ngay,
            agency: self.co_quan.clone(),
            summary: self.trich_yeu.clone(),
            language: self.ngon_ngu.clone(),
            signer: self.nguoi_ky.clone(),
            usage_mode: self.che_do_su_dung.clone(),
        }
    }
}

/// Runs one archive command, writing what it has to say to `out`.
pub fn run(
    opts: &ArchiveOptions,
    cmd: &ArchiveCommand,
    out: &mut dyn Write,
) -> Result<ExitCode, ArchiveError> {
    match cmd {
        ArchiveCommand::Add {
            file,
            source,
            fields,
        } => add::add(opts, file, source.as_deref(), &fields.to_metadata(), out),
        ArchiveCommand::List => view::list(opts, out),
        ArchiveCommand::Show { id } => view::show(opts, *id, out),
        ArchiveCommand::Search { text } => view::search(opts, &text.join(" "), out),
        ArchiveCommand::Verify => verify::verify(opts, out),
        ArchiveCommand::Reindex => reindex::reindex(opts, out),
        ArchiveCommand::Export { bagit } => bagit::export(opts, bagit, out),
    }
}

/// A record number: clap's own message for one too large is English.
fn record_number(text: &str) -> Result<i64, String> {
    text.parse().ok().filter(|id| *id > 0).ok_or_else(|| {
        "cần một số hồ sơ, như `archive add` in ra (“hồ sơ số 3”) hay cột ID của `cchc-gen archive list`; không phải số của văn bản".to_owned()
    })
}

/// The trusted certificates, when a folder was given.
fn trust_store(opts: &ArchiveOptions) -> Result<Option<signature::TrustStore>, ArchiveError> {
    opts.trust
        .as_deref()
        .map(signature::TrustStore::load)
        .transpose()
}

/// Text from a file or the command line, made safe to keep and print on one
/// line: a line break in a name must not start a line that looks like a
/// verdict, or a tag of a BagIt bag.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The current time, UTC, as kept in the index.
fn now() -> String {
    vn_time::stamp(&time::OffsetDateTime::now_utc(), "T", "Z")
}

#[cfg(test)]
mod tests {
    use clap::{Args, FromArgMatches};

    use super::*;

    /// `Metadata::fields` names each field by the flag that sets it.
    #[test]
    fn every_flag_is_named_by_the_field_it_sets() {
        let cmd = MetadataFlags::augment_args(clap::Command::new("add"));
        let longs: Vec<String> = cmd
            .get_arguments()
            .filter_map(|a| a.get_long())
            .map(|l| format!("--{l}"))
            .collect();
        assert_eq!(longs.len(), Metadata::default().fields().len());
        for long in longs {
            let matches = cmd
                .clone()
                .try_get_matches_from(["add", &long, "2025-11-19"])
                .unwrap();
            let flags = MetadataFlags::from_arg_matches(&matches).unwrap();
            assert_eq!(flags.to_metadata().flag_names(), [long]);
        }
    }
}
