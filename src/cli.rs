//! The command line: parses arguments and calls the library. Nothing else.

use std::collections::HashMap;
use std::fmt::Display;
use std::io::{self, IsTerminal, Read, Write};
use std::num::NonZeroUsize;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use crate::batch::Found;
use crate::build::{self, Options, Outcome};
use crate::diagnostic::{Diagnostic, io_advice};
use crate::layouts::Layouts;
use crate::typeset::PdfFlavour;

/// Exit codes: 0 success, 1 bad data, 2 bad usage.
pub const EXIT_DATA: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "cchc-gen",
    version,
    about = "Dựng báo cáo cải cách hành chính (CCHC) từ tệp dữ liệu YAML thành PDF đúng thể thức Nghị định 30/2020/NĐ-CP.",
    long_about = "Dựng báo cáo cải cách hành chính (CCHC) từ tệp dữ liệu YAML thành PDF đúng thể thức \
Nghị định 30/2020/NĐ-CP: tự tính tỷ lệ, tổng số, kiểm tra số liệu, dùng phông chữ có sẵn trong chương trình.\n\n\
Ví dụ:\n  cchc-gen build data/cam-thanh-2025.yaml\n  cchc-gen build bao-cao-quy-3/ --jobs 2\n  \
cchc-gen watch phuong-x-2026.yaml\n  cchc-gen check data/*.yaml\n  cchc-gen new tuyen-truyen -o phuong-x-2026.yaml\n\n\
Mã thoát: 0 thành công; 1 dữ liệu có lỗi; 2 gọi lệnh sai."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Dựng PDF từ một hay nhiều tệp dữ liệu (hoặc thư mục chứa các tệp *.yaml).
    Build {
        /// Tệp dữ liệu .yaml, hoặc thư mục.
        #[arg(required = true, value_name = "TỆP")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        parallel: Parallel,
        /// Ghi thêm mã typst sinh ra vào thư mục này (để so sánh với `typst compile`; chỉ khi dựng một tệp).
        #[arg(long, value_name = "THƯ_MỤC")]
        emit_typst: Option<PathBuf>,
        #[command(flatten)]
        reporting: Reporting,
    },
    /// Theo dõi một tệp dữ liệu: dựng lại PDF mỗi khi tệp hoặc mẫu trình bày thay đổi (Ctrl-C để dừng).
    Watch {
        /// Tệp dữ liệu .yaml.
        #[arg(value_name = "TỆP")]
        file: PathBuf,
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        common: Common,
    },
    /// Kiểm tra dữ liệu, báo mọi lỗi (dòng, cột, cách sửa) mà không dựng PDF.
    Check {
        /// Tệp dữ liệu .yaml, hoặc thư mục.
        #[arg(required = true, value_name = "TỆP")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        parallel: Parallel,
        #[command(flatten)]
        reporting: Reporting,
    },
    /// Tạo tệp dữ liệu mới: khung của một mẫu, hoặc kỳ mới từ tệp kỳ trước (--from).
    #[command(
        after_help = "Ví dụ:\n  cchc-gen new tuyen-truyen --co-quan \"phường Cam Thanh\" --ky nam-2026 -o cam-thanh-2026.yaml\n  cchc-gen new --from cam-thanh-2025.yaml -o cam-thanh-2026.yaml\n\nKỳ báo cáo: nam-2026, quy-3-2026, thang-10-2026, 6-thang-dau-2026, 6-thang-cuoi-2026, 9-thang-2026."
    )]
    New {
        /// Tên mẫu báo cáo (xem `cchc-gen layouts`). Không dùng cùng --from.
        #[arg(
            value_name = "MẪU",
            required_unless_present = "from",
            conflicts_with = "from"
        )]
        layout: Option<String>,
        /// Tệp dữ liệu kỳ trước: giữ cơ quan, nơi nhận, người ký, các mục; xóa số liệu và số văn bản.
        #[arg(long, value_name = "TỆP")]
        from: Option<PathBuf>,
        /// Tệp dữ liệu sẽ tạo.
        #[arg(short, long, value_name = "TỆP")]
        output: PathBuf,
        /// Tên xã, phường, ví dụ "phường Cam Thanh".
        #[arg(long, value_name = "TÊN", conflicts_with = "from", value_parser = crate::new_report::Commune::parse)]
        co_quan: Option<crate::new_report::Commune>,
        /// Địa danh ghi trước ngày tháng. Mặc định: lấy từ --co-quan.
        #[arg(long, value_name = "TÊN", conflicts_with = "from")]
        dia_danh: Option<String>,
        /// Kỳ báo cáo, ví dụ nam-2026, quy-3-2026 hoặc thang-10-2026. Mặc định: năm nay (hoặc kỳ sau kỳ của --from).
        #[arg(long, value_name = "KỲ", value_parser = crate::model::Period::parse_spec)]
        ky: Option<crate::model::Period>,
        /// Ngày báo cáo (2026-12-15). Mặc định: hôm nay, hoặc ngày cuối kỳ khi kỳ đã qua hay chưa tới (với --from: dời theo kỳ).
        #[arg(long, value_name = "NGÀY", value_parser = crate::date::Date::parse)]
        ngay: Option<crate::date::Date>,
        /// Ghi đè nếu tệp đã có.
        #[arg(long)]
        force: bool,
        /// Thư mục mẫu riêng.
        #[arg(long, value_name = "THƯ_MỤC")]
        layouts: Option<PathBuf>,
    },
    /// In JSON Schema (draft-07) của tệp dữ liệu, để trình soạn thảo gợi ý khóa.
    Schema,
    /// Kho lưu trữ văn bản đã ký: add, list, show, search, verify, reindex, export.
    Archive {
        #[command(flatten)]
        opts: crate::archive::ArchiveOptions,
        #[command(subcommand)]
        cmd: crate::archive::ArchiveCommand,
    },
    /// Liệt kê các mẫu trình bày; `layouts export TÊN THƯ_MỤC` chép một mẫu ra để sửa.
    Layouts {
        #[command(subcommand)]
        action: Option<LayoutsAction>,
        /// Thư mục mẫu riêng (ghi đè hoặc bổ sung mẫu có sẵn).
        #[arg(long, value_name = "THƯ_MỤC", global = true)]
        layouts: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum LayoutsAction {
    /// Liệt kê các mẫu (mặc định).
    List,
    /// Chép tệp mẫu TÊN (và các tệp nó dùng) ra THƯ_MỤC để sửa.
    Export {
        /// Tên mẫu, ví dụ tuyen-truyen.
        #[arg(value_name = "TÊN")]
        name: String,
        /// Thư mục sẽ chép mẫu ra.
        #[arg(value_name = "THƯ_MỤC")]
        dir: PathBuf,
        /// Ghi đè tệp đã có.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct Common {
    /// Thư mục mẫu riêng. Mặc định: thư mục `layouts/` cạnh tệp dữ liệu, nếu có.
    #[arg(long, value_name = "THƯ_MỤC")]
    pub layouts: Option<PathBuf>,
    /// Không in tiến độ và dòng tổng kết; chỉ in lỗi và cảnh báo.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Where and how the PDF is written.
#[derive(Debug, clap::Args)]
pub struct Target {
    /// Tệp PDF ra, hoặc thư mục chứa các PDF (có sẵn, hoặc ghi dấu / ở cuối).
    /// Mặc định: cạnh tệp dữ liệu, cùng tên, đuôi .pdf.
    #[arg(short, long, value_name = "ĐƯỜNG_DẪN")]
    pub output: Option<PathBuf>,
    /// Chuẩn PDF: a-3b (mặc định, đính kèm dữ liệu nguồn), a-2b (TCVN 14159-2), none.
    #[arg(long, value_name = "CHUẨN", value_enum, default_value = "a-3b")]
    pub pdf_standard: PdfFlavour,
}

#[derive(Debug, clap::Args)]
pub struct Parallel {
    /// Số tệp dựng cùng lúc. Mặc định và tối đa: bằng số nhân CPU (nhiều hơn không nhanh hơn, chỉ tốn thêm bộ nhớ).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<NonZeroUsize>,
}

/// How the results of `build` and `check` are printed.
#[derive(Debug, clap::Args)]
pub struct Reporting {
    /// Dạng kết quả: human (cho người đọc, mặc định) hoặc json (mảng JSON các lỗi và cảnh báo, cho công cụ khác).
    #[arg(long, value_name = "DẠNG", value_enum, default_value = "human")]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    let mut cmd = in_vietnamese(Cli::command())
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("In số phiên bản")
                .help_heading("Tùy chọn"),
        );
    // clap adds the `help` commands (`cchc-gen help build`) when it builds.
    cmd.build();
    let parsed = built_in_vietnamese(cmd)
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            let _ = io::stderr().write_all(usage_error(&e).as_bytes());
            return ExitCode::from(EXIT_USAGE);
        }
        Err(e) => {
            // --help, --version.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
    };
    if let Some(dir) = cli.command.layouts_flag().filter(|d| !d.is_dir()) {
        return refuse(format_args!(
            "--layouts {}: không có thư mục này — hãy kiểm tra lại đường dẫn",
            dir.display()
        ));
    }
    match cli.command {
        Command::Build {
            files,
            target,
            common,
            parallel,
            emit_typst,
            reporting,
        } => {
            let output = target.output.as_deref();
            if let Err(code) = not_the_screen(output, "PDF") {
                return code;
            }
            let (found, mut skipped) = match expand(&files) {
                Ok(i) => i,
                Err(code) => return code,
            };
            if found.len() != 1 {
                // Every document would write the same `du-lieu.yaml` there.
                if emit_typst.is_some() {
                    return refuse("--emit-typst chỉ dùng khi dựng đúng một tệp");
                }
                if let Some(o) = output.filter(|o| !build::is_folder(o)) {
                    let how = if o.exists() {
                        "chọn một thư mục".to_owned()
                    } else {
                        format!("ghi dấu / ở cuối để tạo thư mục mới: -o {}/", o.display())
                    };
                    return refuse(format_args!(
                        "khi dựng nhiều tệp, -o là thư mục chứa các PDF, nhưng {} không phải thư mục; {how}",
                        o.display()
                    ));
                }
            }
            let plans: Vec<Plan> = found
                .iter()
                .zip(crate::batch::pdf_paths(&found, output))
                .map(|(f, pdf)| Plan {
                    input: f.path.clone(),
                    pdf: pdf.and_then(|pdf| match pdf_problem(&f.path, &pdf) {
                        Some(why) => Err(why),
                        None => Ok(pdf),
                    }),
                })
                .collect();
            // One file named on its own: a PDF path it cannot have is a
            // wrong call; in a batch it fails that file only.
            if let [Plan { pdf: Err(why), .. }] = plans.as_slice() {
                return refuse(why);
            }
            // Before any folder is made, so that a stop removes it.
            clean_up_when_stopped();
            let prepared = prepare_output(output)
                .and_then(|()| emit_typst.as_deref().map_or(Ok(()), create_folder));
            let code = match prepared {
                Err(code) => code,
                Ok(()) => {
                    let plans = writable_folders(plans, &mut skipped);
                    let opts = Options {
                        layouts: common.layouts,
                        pdf: target.pdf_standard,
                        emit_typst,
                    };
                    run_all(
                        &plans,
                        skipped,
                        common.quiet,
                        parallel.jobs,
                        Doing::Build(reporting.format),
                        |plan| build_planned(plan, &opts),
                    )
                }
            };
            // Made for PDFs that all failed, or for `-o` when `--emit-typst`
            // could not be made.
            crate::output::remove_empty_folders();
            code
        }
        Command::Check {
            files,
            common,
            parallel,
            reporting,
        } => {
            let opts = Options {
                layouts: common.layouts,
                ..Options::default()
            };
            let (found, skipped) = match expand(&files) {
                Ok(i) => i,
                Err(code) => return code,
            };
            let inputs: Vec<PathBuf> = found.into_iter().map(|f| f.path).collect();
            run_all(
                &inputs,
                skipped,
                common.quiet,
                parallel.jobs,
                Doing::Check(reporting.format),
                |i| build::check_file(i, &opts),
            )
        }
        Command::Watch {
            file,
            target,
            common,
        } => {
            let output = target.output.as_deref();
            if let Err(code) = not_the_screen(output, "PDF")
                .and_then(|()| a_file(&file))
                .and_then(|()| pdf_path(&file, output))
            {
                return code;
            }
            // As for build: before the folder is made, and an `-o` folder
            // with no PDF in it is removed when watch ends.
            clean_up_when_stopped();
            let opts = Options {
                layouts: common.layouts,
                pdf: target.pdf_standard,
                emit_typst: None,
            };
            let code = match prepare_output(output) {
                Err(code) => code,
                Ok(()) => watch(&file, output, &opts, common.quiet),
            };
            crate::output::remove_empty_folders();
            code
        }
        Command::New {
            layout,
            from,
            output,
            co_quan,
            dia_danh,
            ky,
            ngay,
            force,
            layouts,
        } => {
            if let Err(code) = not_the_screen(Some(&output), "tệp dữ liệu") {
                return code;
            }
            // A data file named `….pdf` is one that `build` refuses.
            if same_file(&output, &build::default_output(&output)) {
                return refuse(format_args!(
                    "-o {}: tệp dữ liệu không được có đuôi .pdf (PDF dựng ra sẽ ghi đè lên nó); ghi tệp dữ liệu đuôi .yaml, ví dụ -o {}",
                    output.display(),
                    output.with_extension("yaml").display()
                ));
            }
            if let Some(from) = &from {
                if let Err(code) = a_file(from) {
                    return code;
                }
                // Even with --force: the last period's data would be lost.
                if same_file(from, &output) {
                    return refuse(format_args!(
                        "-o {} là chính tệp kỳ trước (--from); ghi tệp kỳ mới ra tệp khác",
                        output.display()
                    ));
                }
            }
            // Only a broken last-period file is bad data; a wrong layout name
            // or output path is a wrong call.
            let text = match (layout, from) {
                (_, Some(from)) => {
                    let opts = crate::new_report::FromLast {
                        from: from.clone(),
                        period: ky,
                        date: ngay,
                        check: Options {
                            layouts,
                            ..Options::default()
                        },
                    };
                    match crate::new_report::from_last(&opts) {
                        Ok(text) => Ok(text),
                        Err(crate::new_report::FromError::Usage(msg)) => Err((msg, EXIT_USAGE)),
                        Err(crate::new_report::FromError::Unready(outcome)) => {
                            fail(
                                EXIT_DATA,
                                format_args!(
                                    "tệp kỳ trước {} còn lỗi: tệp mà --from đọc phải qua `cchc-gen check {}` không lỗi; sửa các lỗi dưới đây rồi chạy lại lệnh",
                                    from.display(),
                                    from.display()
                                ),
                            );
                            // Then exactly what `check` prints, and its exit code.
                            return report(
                                std::slice::from_ref(&outcome),
                                false,
                                Doing::Check(Format::Human),
                            );
                        }
                    }
                }
                (Some(layout), None) => {
                    let today = crate::date::Date::today();
                    let period = ky.unwrap_or_else(|| {
                        crate::model::Period::parse_spec(&format!("nam-{}", today.year()))
                            .expect("a valid year")
                    });
                    let layouts = Layouts::for_data_file(layouts.as_deref(), &output);
                    crate::new_report::fresh(
                        &layouts,
                        &crate::new_report::Fresh {
                            layout,
                            agency: co_quan,
                            place: dia_danh,
                            date: ngay.unwrap_or_else(|| period.new_report_date(today)),
                            period,
                        },
                    )
                    .map_err(|msg| (msg, EXIT_USAGE))
                }
                (None, None) => unreachable!("clap requires a layout or --from"),
            };
            let written = text.and_then(|t| {
                crate::new_report::write_new(&output, &t, force).map_err(|msg| (msg, EXIT_USAGE))
            });
            match written {
                Ok(()) => printed(
                    writeln!(
                        io::stdout(),
                        "đã tạo {}; điền các chỗ «điền: ...» rồi chạy: cchc-gen check {}",
                        output.display(),
                        output.display()
                    ),
                    ExitCode::SUCCESS,
                ),
                Err((msg, code)) => fail(code, msg),
            }
        }
        Command::Archive { opts, cmd } => {
            match crate::archive::run(&opts, &cmd, &mut io::stdout().lock()) {
                Ok(code) => code,
                // The reader went while the command printed: how it would
                // have ended is not known, so 0, as ripgrep gives.
                Err(e)
                    if std::error::Error::source(&e)
                        .and_then(|s| s.downcast_ref::<io::Error>())
                        .is_some_and(reader_gone) =>
                {
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e.exit_code(), e),
            }
        }
        Command::Schema => printed(
            writeln!(io::stdout(), "{}", crate::schema::json()),
            ExitCode::SUCCESS,
        ),
        Command::Layouts { action, layouts } => {
            // Those a data file in this folder would use.
            let layouts = Layouts::for_folder(layouts.as_deref(), Path::new(""));
            match action.unwrap_or(LayoutsAction::List) {
                LayoutsAction::List => {
                    let mut out = io::stdout().lock();
                    let mut broken = false;
                    let listed = layouts
                        .list()
                        .into_iter()
                        .try_for_each(|(name, meta, custom)| {
                            let mark = if custom { " (mẫu riêng)" } else { "" };
                            match meta {
                                Ok(m) => writeln!(out, "{name:<24} [{}] {}{mark}", m.loai, m.mo_ta),
                                Err(d) => {
                                    broken = true;
                                    writeln!(out, "{name:<24} [lỗi] {}{mark}", d.headline())
                                }
                            }
                        });
                    let code = if broken {
                        ExitCode::from(EXIT_DATA)
                    } else {
                        ExitCode::SUCCESS
                    };
                    printed(listed, code)
                }
                LayoutsAction::Export { name, dir, force } => {
                    match crate::layouts::export(&layouts, &name, &dir, force) {
                        Ok(written) => {
                            let mut out = io::stdout().lock();
                            let said = written
                                .iter()
                                .try_for_each(|w| writeln!(out, "đã ghi {}", w.display()));
                            printed(said, ExitCode::SUCCESS)
                        }
                        Err(msg) => refuse(msg),
                    }
                }
            }
        }
    }
}

const HELP_TEMPLATE: &str =
    "{before-help}{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}";

/// The page layout and the headings clap writes, in Vietnamese.
fn headings_in_vietnamese(cmd: clap::Command) -> clap::Command {
    cmd.help_template(HELP_TEMPLATE)
        .subcommand_help_heading("Lệnh")
        .subcommand_value_name("LỆNH")
}

/// What clap adds when it builds, in Vietnamese too: the `help` commands
/// and the `[OPTIONS]` of usage lines.
fn built_in_vietnamese(mut cmd: clap::Command) -> clap::Command {
    let usage = cmd.render_usage().to_string();
    let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
    let cmd = cmd.override_usage(usage.replace("[OPTIONS]", "[TÙY_CHỌN]"));
    let cmd = if cmd.find_subcommand("help").is_some() {
        cmd.mut_subcommand("help", |help| {
            headings_in_vietnamese(help.about("In hướng dẫn của một lệnh"))
        })
    } else {
        cmd
    };
    cmd.mut_subcommands(built_in_vietnamese)
}

/// The help pages in Vietnamese: clap writes its headings, the help flag
/// and the lists of values in English (the version flag is added in `main`).
fn in_vietnamese(cmd: clap::Command) -> clap::Command {
    headings_in_vietnamese(cmd)
        .disable_help_flag(true)
        .mut_args({
            // Under a heading clap sorts by display order: keep positionals
            // in the order they are typed.
            let mut position = 0;
            move |a| {
                let a = if a.is_positional() {
                    position += 1;
                    a.help_heading("Tham số").display_order(position)
                } else {
                    a.help_heading("Tùy chọn")
                };
                let a = a.hide_env(true);
                // Each help text names its values and default itself.
                if a.get_action().takes_values() {
                    a.hide_possible_values(true).hide_default_value(true)
                } else {
                    a
                }
            }
        })
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("In hướng dẫn này")
                .help_heading("Tùy chọn"),
        )
        .mut_subcommands(in_vietnamese)
}

/// Files given, with folders replaced by the `*.yaml` files under them;
/// and each folder that could not be read.
fn expand(files: &[PathBuf]) -> Result<(Vec<Found>, Vec<Skipped>), ExitCode> {
    let mut out = Vec::new();
    let mut unreadable = Vec::new();
    for f in files {
        if f.is_dir() {
            let mut found = Vec::new();
            let before = unreadable.len();
            collect_yaml(f, &mut found, &mut unreadable);
            if found.is_empty() && unreadable.len() == before {
                return Err(refuse(format_args!(
                    "thư mục {} không có tệp .yaml nào",
                    f.display()
                )));
            }
            found.sort();
            out.extend(found.into_iter().map(|path| Found {
                within: path.strip_prefix(f).unwrap_or(&path).to_path_buf(),
                path,
            }));
        } else {
            a_file(f)?;
            out.push(Found::named(f));
        }
    }
    // A file named twice (`data data/a.yaml`, `./a.yaml a.yaml`) is built once.
    let mut seen = std::collections::HashSet::new();
    out.retain(|f| seen.insert(f.path.canonicalize().unwrap_or_else(|_| f.path.clone())));
    Ok((out, unreadable))
}

impl Command {
    /// The folder given with `--layouts`, whichever command took it.
    fn layouts_flag(&self) -> Option<&Path> {
        match self {
            Command::Build { common, .. }
            | Command::Check { common, .. }
            | Command::Watch { common, .. } => common.layouts.as_deref(),
            Command::New { layouts, .. } | Command::Layouts { layouts, .. } => layouts.as_deref(),
            Command::Schema | Command::Archive { .. } => None,
        }
    }
}

/// A command-line mistake in Vietnamese, with the usage line and clap's
/// suggestion ("có phải là `build`?"). Other kinds keep clap's own text:
/// with no command at all, that is the help.
fn usage_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let invalid = text(ContextKind::InvalidArg);
    let value = text(ContextKind::InvalidValue);
    let usage = text(ContextKind::Usage);
    let usage = usage.strip_prefix("Usage: ").unwrap_or_default();
    let message = match e.kind() {
        ErrorKind::InvalidSubcommand => {
            format!("không có lệnh `{}`", text(ContextKind::InvalidSubcommand))
        }
        // clap says the same of a word too many (`watch a.yaml b.yaml`).
        ErrorKind::UnknownArgument if invalid.len() > 1 && invalid.starts_with('-') => {
            format!("không có tùy chọn `{invalid}`")
        }
        ErrorKind::UnknownArgument => format!(
            "thừa tham số `{invalid}`: lệnh `{}` không nhận thêm tham số này (xem dòng Cách dùng)",
            command(usage)
        ),
        ErrorKind::MissingRequiredArgument => format!("thiếu tham số bắt buộc: {invalid}"),
        ErrorKind::InvalidValue => {
            let valid = text(ContextKind::ValidValue);
            let choices = if valid.is_empty() {
                String::new()
            } else {
                format!("; chọn một trong: {valid}")
            };
            format!("giá trị `{value}` không hợp lệ cho {invalid}{choices}")
        }
        ErrorKind::ValueValidation => {
            // Our own parsers (dates, periods) already say why in Vietnamese;
            // a number's (`--jobs`) is told by its kind.
            let source = std::error::Error::source(e);
            let why = match source.and_then(|s| s.downcast_ref::<std::num::ParseIntError>()) {
                Some(n) => match n.kind() {
                    std::num::IntErrorKind::Zero => "cần một số lớn hơn 0",
                    std::num::IntErrorKind::PosOverflow => "số quá lớn",
                    _ => "cần một số nguyên dương, ví dụ 2",
                }
                .to_owned(),
                None => source.map(ToString::to_string).unwrap_or_default(),
            };
            format!("giá trị `{value}` không hợp lệ cho {invalid}: {why}")
        }
        // `-q … --quiet`.
        ErrorKind::ArgumentConflict if text(ContextKind::PriorArg) == invalid => {
            format!("tùy chọn {invalid} được ghi hai lần; chỉ ghi một lần")
        }
        ErrorKind::ArgumentConflict => format!(
            "không dùng {invalid} cùng với {}",
            text(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::NoEquals => {
            format!("thừa tham số `{value}`")
        }
        _ => return e.render().to_string(),
    };
    let mut out = format!("lỗi: {message}\n");
    let suggested = [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .map(text)
    .find(|s| !s.is_empty());
    if let Some(s) = suggested {
        out.push_str(&format!("  có phải là `{s}`?\n"));
    }
    if !usage.is_empty() {
        out.push_str(&format!("Cách dùng: {usage}\n"));
    }
    out.push_str("Xem thêm: cchc-gen --help, hoặc cchc-gen LỆNH --help\n");
    out
}

/// The command of a usage line: `cchc-gen watch` of
/// `cchc-gen watch [TÙY_CHỌN] <TỆP>`.
fn command(usage: &str) -> String {
    usage
        .split(' ')
        .take_while(|w| !w.starts_with(['[', '<', '-']))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Refuses `-o -`, which names the screen in many programs: a file named
/// `-` is not what was meant.
fn not_the_screen(output: Option<&Path>, what: &str) -> Result<(), ExitCode> {
    match output {
        Some(o) if o == Path::new("-") => Err(refuse(format_args!(
            "cchc-gen không ghi {what} ra màn hình; cho -o một tên tệp"
        ))),
        _ => Ok(()),
    }
}

/// Refuses, before building, the PDF path of `input` (see [`pdf_problem`]).
fn pdf_path(input: &Path, output: Option<&Path>) -> Result<(), ExitCode> {
    match pdf_problem(input, &build::output_path(input, output)) {
        Some(why) => Err(refuse(why)),
        None => Ok(()),
    }
}

/// Why `pdf` cannot be the PDF of `input`: it would replace the data file
/// itself (`-o` naming it, or a data file named `….pdf`), or it is
/// something other than a file (a folder, a device).
fn pdf_problem(input: &Path, pdf: &Path) -> Option<String> {
    if same_file(input, pdf) {
        let default = build::default_output(input);
        return Some(if same_file(input, &default) {
            format!(
                "{}: tệp dữ liệu có đuôi .pdf nên PDF dựng ra sẽ ghi đè lên nó; đổi tên tệp dữ liệu thành {}, hoặc cho -o một tệp PDF khác",
                input.display(),
                input.with_extension("yaml").display()
            )
        } else {
            format!(
                "-o {} là chính tệp dữ liệu; ghi PDF ra tệp khác, ví dụ -o {}",
                pdf.display(),
                default.display()
            )
        });
    }
    crate::output::target(pdf)
        .err()
        .map(|e| format!("không ghi được {}: {}", pdf.display(), io_advice(&e)))
}

/// A data file to build and where its PDF goes, or why it cannot.
struct Plan {
    input: PathBuf,
    pdf: Result<PathBuf, String>,
}

/// Builds as planned: into the PDF's folder, made if need be (`-o pdf/`
/// keeps the subfolders of the inputs; one left empty goes when the batch
/// ends), or fails with the plan's reason.
fn build_planned(plan: &Plan, opts: &Options) -> Outcome {
    let made = plan.pdf.as_ref().map_err(Clone::clone).and_then(|pdf| {
        let folder = crate::output::folder_of(pdf);
        crate::output::make_folder(folder).map_err(|e| {
            format!(
                "không tạo được thư mục {} cho PDF: {}",
                folder.display(),
                io_advice(&e)
            )
        })?;
        Ok(pdf)
    });
    match made {
        Ok(pdf) => build::build_file(&plan.input, Some(pdf), opts),
        Err(why) => {
            let mut outcome = Outcome::new(&plan.input);
            outcome
                .diagnostics
                .push(Diagnostic::error(&plan.input, 0, 0, why));
            outcome
        }
    }
}

/// The plans whose PDF folder can be written. The others are left out and
/// told once for each folder, before any is built: a folder that cannot be
/// written was found only when each of its files, built, failed to write.
fn writable_folders(plans: Vec<Plan>, skipped: &mut Vec<Skipped>) -> Vec<Plan> {
    let mut tried: HashMap<PathBuf, Option<io::Error>> = HashMap::new();
    let mut denied: Vec<(PathBuf, usize)> = Vec::new();
    let plans = plans
        .into_iter()
        .filter(|plan| {
            let Ok(pdf) = &plan.pdf else {
                return true;
            };
            // `-o pdf/` makes the subfolders: the nearest that exists.
            let mut folder = crate::output::folder_of(pdf);
            while !folder.exists() {
                match folder.parent() {
                    Some(p) if !p.as_os_str().is_empty() => folder = p,
                    _ => {
                        folder = Path::new(".");
                        break;
                    }
                }
            }
            let tried = tried
                .entry(folder.to_path_buf())
                .or_insert_with(|| crate::output::writable(folder).err());
            if tried.is_none() {
                return true;
            }
            match denied.iter_mut().find(|(f, _)| f == folder) {
                Some((_, n)) => *n += 1,
                None => denied.push((folder.to_path_buf(), 1)),
            }
            false
        })
        .collect();
    for (folder, files) in denied {
        let Some(Some(e)) = tried.get(&folder) else {
            continue;
        };
        let why = match e.kind() {
            io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
                crate::diagnostic::READ_ONLY.to_owned()
            }
            _ => io_advice(e),
        };
        skipped.push(Skipped {
            diagnostic: Diagnostic::error(
                &folder,
                0,
                0,
                format!(
                    "không ghi được PDF vào thư mục này, {files} tệp dữ liệu chưa được dựng: {why}"
                ),
            )
            .with_help("hoặc dùng -o THƯ_MỤC/ để ghi các PDF vào một thư mục ghi được"),
            files,
        });
    }
    plans
}

/// Whether two paths are one file: the same file on disk, or names that
/// differ only in case in one folder (`BC.PDF` and `BC.pdf`), which are one
/// file on Windows and macOS.
fn same_file(a: &Path, b: &Path) -> bool {
    let canonical = |p: &Path| p.canonicalize().ok();
    let folder = |p: &Path| canonical(crate::output::folder_of(p));
    let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().to_lowercase());
    canonical(a).is_some_and(|c| canonical(b) == Some(c))
        || (folder(a).is_some_and(|f| folder(b) == Some(f)) && name(a) == name(b))
}

/// Creates the folder `-o` names (e.g. `-o pdf/`), if it does not exist;
/// refuses a PDF file in a folder that does not exist (a mistyped path).
fn prepare_output(output: Option<&Path>) -> Result<(), ExitCode> {
    let Some(output) = output else {
        return Ok(());
    };
    if !build::is_folder(output) {
        return match output
            .parent()
            .filter(|p| !p.as_os_str().is_empty() && !p.is_dir())
        {
            Some(parent) => Err(refuse(format_args!(
                "-o {}: chưa có thư mục {} — kiểm tra lại đường dẫn, hoặc tạo thư mục đó trước",
                output.display(),
                parent.display()
            ))),
            None => Ok(()),
        };
    }
    create_folder(output)
}

/// Creates a folder named on the command line (`-o pdf/`, `--emit-typst`).
fn create_folder(dir: &Path) -> Result<(), ExitCode> {
    crate::output::make_folder(dir).map_err(|e| {
        refuse(format_args!(
            "không tạo được thư mục {}: {}",
            dir.display(),
            io_advice(&e)
        ))
    })
}

/// A folder whose data files were not built or checked, said once: it
/// could not be read, or no PDF can be written in it.
struct Skipped {
    diagnostic: Diagnostic,
    /// The data files in it that were found, and so not built.
    files: usize,
}

/// Whether a walk through a folder passes this entry by: hidden ones
/// (`.git`, `.github`, the `._x.yaml` macOS leaves on a USB stick) and the
/// `__MACOSX` folder of a zip made on a Mac are not reports.
fn passed_by(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b".") || name == "__MACOSX"
}

/// The data files under `dir` (`.yaml`, `.yml`, in any case), with a
/// [`Skipped`] for each folder that could not be read, not to pass its
/// files by unsaid.
fn collect_yaml(dir: &Path, out: &mut Vec<PathBuf>, unreadable: &mut Vec<Skipped>) {
    let entries = match std::fs::read_dir(dir).and_then(|e| e.collect::<io::Result<Vec<_>>>()) {
        Ok(entries) => entries,
        Err(e) => {
            unreadable.push(Skipped {
                diagnostic: Diagnostic::error(
                    dir,
                    0,
                    0,
                    format!(
                        "không đọc được thư mục, các tệp dữ liệu trong đó bị bỏ qua: {}",
                        io_advice(&e)
                    ),
                ),
                files: 0,
            });
            return;
        }
    };
    for e in entries {
        if passed_by(&e.file_name()) {
            continue;
        }
        let p = e.path();
        // Linked folders are not followed: a link back up would never end.
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            // A layouts folder holds templates, not reports.
            if p.file_name().is_some_and(|n| n != "layouts") {
                collect_yaml(&p, out, unreadable);
            }
        } else if p
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("yaml") || x.eq_ignore_ascii_case("yml"))
        {
            out.push(p);
        }
    }
}

/// Builds or checks every input in parallel, with a progress bar on a
/// terminal, then reports them and the folders passed by.
fn run_all<T: Sync>(
    inputs: &[T],
    skipped: Vec<Skipped>,
    quiet: bool,
    jobs: Option<NonZeroUsize>,
    doing: Doing,
    step: impl Fn(&T) -> Outcome + Sync,
) -> ExitCode {
    let bar = if quiet || inputs.len() < 2 || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(inputs.len() as u64).with_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} tệp, còn {eta} {wide_msg}")
                .expect("a valid template"),
        )
    };
    let outcomes = crate::batch::run(inputs, jobs, step, |o| {
        bar.set_message(o.input.display().to_string());
        bar.inc(1);
    });
    bar.finish_and_clear();
    match outcomes {
        Ok(outcomes) => report_all(&outcomes, &skipped, quiet, doing),
        Err(e) => refuse(format_args!(
            "không tạo được luồng xử lý: {}",
            io_advice(&e)
        )),
    }
}

/// Refuses a path that is not a data file, saying what it is.
fn a_file(path: &Path) -> Result<(), ExitCode> {
    let why = match std::fs::metadata(path) {
        Err(_) => format!("không có tệp {}", path.display()),
        Ok(m) if m.is_dir() => format!(
            "{} là thư mục; lệnh này nhận một tệp dữ liệu .yaml",
            path.display()
        ),
        // Only a regular file is read ahead: a pipe (`<(…)`) is read once.
        Ok(m) if m.is_file() && is_pdf(path) => format!(
            "{} là tệp PDF, không phải tệp dữ liệu; hãy đưa tệp dữ liệu .yaml của báo cáo",
            path.display()
        ),
        Ok(_) => return Ok(()),
    };
    Err(refuse(why))
}

/// Whether a file begins as a PDF does.
fn is_pdf(path: &Path) -> bool {
    let mut head = [0; 5];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == b"%PDF-")
}

/// A run stopped by Ctrl-C or `kill` removes the temporary files it was
/// writing, so no half-made file is left beside the PDFs.
fn clean_up_when_stopped() {
    if let Err(e) = crate::output::remove_unfinished_on_signals() {
        // Building still works; only a stopped run may leave a temporary
        // file behind.
        let _ = writeln!(
            io::stderr(),
            "cảnh báo: không cài được xử lý tín hiệu dừng: {}",
            io_advice(&e)
        );
    }
}

/// Rebuilds `file` on every change until Ctrl-C.
fn watch(file: &Path, output: Option<&Path>, opts: &Options, quiet: bool) -> ExitCode {
    let w = match crate::watch::Watch::new(file, output, opts) {
        Ok(w) => w,
        Err(e) => {
            return refuse(format_args!("không theo dõi được {}: {e}", file.display()));
        }
    };
    let mut said = if quiet {
        Ok(())
    } else {
        match w.layouts_dir() {
            Some(dir) => writeln!(
                io::stderr(),
                "đang theo dõi {} và mẫu trong {} (Ctrl-C để dừng)",
                file.display(),
                dir.display()
            ),
            None => writeln!(
                io::stderr(),
                "đang theo dõi {} (Ctrl-C để dừng)",
                file.display()
            ),
        }
    };
    if said.is_err() {
        return printed(said, ExitCode::SUCCESS);
    }
    let watched = w.run(|o, took| {
        said = print_diagnostics(o).and_then(|()| match &o.pdf {
            Some(pdf) if !quiet => writeln!(
                io::stdout(),
                "đã cập nhật {} ({} ms)",
                pdf.display(),
                took.as_millis()
            ),
            Some(_) => Ok(()),
            None => writeln!(
                io::stderr(),
                "chưa cập nhật: sửa các lỗi trên rồi lưu lại; tệp PDF cũ được giữ nguyên"
            ),
        });
        if said.is_ok() {
            ControlFlow::Continue(())
        } else {
            ControlFlow::Break(())
        }
    });
    match watched {
        Ok(()) => printed(said, ExitCode::SUCCESS),
        Err(e) => refuse(format_args!(
            "không theo dõi được thay đổi: {}",
            crate::watch::advice(&e)
        )),
    }
}

/// Prints an outcome's errors and warnings to stderr.
fn print_diagnostics(o: &Outcome) -> io::Result<()> {
    let mut err = io::stderr().lock();
    for d in &o.diagnostics {
        // A problem in a layout file shows that file's lines.
        let other = (d.file != o.input)
            .then(|| std::fs::read_to_string(&d.file).ok())
            .flatten();
        let source = if d.file == o.input {
            o.source.as_deref()
        } else {
            other.as_deref()
        };
        write!(err, "{}", d.render(source))?;
    }
    Ok(())
}

/// What a run does to each file, for its report.
#[derive(Debug, Clone, Copy)]
enum Doing {
    Build(Format),
    Check(Format),
}

/// Prints diagnostics and results; returns 1 if any file has an error.
fn report(outcomes: &[Outcome], quiet: bool, doing: Doing) -> ExitCode {
    report_all(outcomes, &[], quiet, doing)
}

/// [`report`], and the folders passed by: 1 if there is one.
fn report_all(outcomes: &[Outcome], skipped: &[Skipped], quiet: bool, doing: Doing) -> ExitCode {
    let failed = outcomes.iter().filter(|o| o.failed()).count();
    let code = if failed > 0 || !skipped.is_empty() {
        ExitCode::from(EXIT_DATA)
    } else {
        ExitCode::SUCCESS
    };
    printed(print_report(outcomes, skipped, failed, quiet, doing), code)
}

fn print_report(
    outcomes: &[Outcome],
    skipped: &[Skipped],
    failed: usize,
    quiet: bool,
    doing: Doing,
) -> io::Result<()> {
    if let Doing::Build(Format::Json) | Doing::Check(Format::Json) = doing {
        let all: Vec<_> = outcomes
            .iter()
            .flat_map(|o| &o.diagnostics)
            .chain(skipped.iter().map(|s| &s.diagnostic))
            .collect();
        let json = serde_json::to_string_pretty(&all).unwrap_or_default();
        return writeln!(io::stdout(), "{json}");
    }
    for o in outcomes {
        print_diagnostics(o)?;
        if quiet {
            continue;
        }
        let input = o.input.display();
        if o.failed() {
            // Told after a long list of problems, where the eye ends.
            let errors = o.diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = o.diagnostics.len() - errors;
            let not_built = match doing {
                Doing::Build(_) => " — chưa dựng PDF; tệp PDF cũ (nếu có) được giữ nguyên",
                Doing::Check(_) => "",
            };
            writeln!(
                io::stderr(),
                "{input}: {errors} lỗi, {warnings} cảnh báo{not_built}"
            )?;
            continue;
        }
        match (&o.pdf, o.diagnostics.len()) {
            (Some(pdf), _) => writeln!(io::stdout(), "đã dựng {input} → {}", pdf.display())?,
            // Checked only: say so, a silent success reads as nothing done.
            (None, 0) => writeln!(io::stdout(), "{input}: không có lỗi")?,
            (None, warnings) => {
                writeln!(io::stdout(), "{input}: không có lỗi, {warnings} cảnh báo")?
            }
        }
    }
    for s in skipped {
        write!(io::stderr(), "{}", s.diagnostic.render(None))?;
    }
    // Files in a folder that cannot be written count as not built.
    let not_built: usize = skipped.iter().map(|s| s.files).sum();
    let files = outcomes.len() + not_built;
    if (files > 1 || !skipped.is_empty()) && !quiet {
        let warnings: usize = outcomes
            .iter()
            .flat_map(|o| &o.diagnostics)
            .filter(|d| !d.is_error())
            .count();
        let mut total = format!(
            "tổng cộng: {files} tệp, {} thành công, {} lỗi, {warnings} cảnh báo",
            files - failed - not_built,
            failed + not_built,
        );
        if !skipped.is_empty() {
            total.push_str(&format!("; {} thư mục bị bỏ qua (xem trên)", skipped.len()));
        }
        writeln!(io::stderr(), "{total}")?;
    }
    Ok(())
}

/// Says on stderr why the command stops; returns its exit code. Nothing
/// more can be done when stderr is closed too: the code still tells.
fn fail(code: u8, message: impl Display) -> ExitCode {
    let message = message.to_string();
    let mut err = io::stderr().lock();
    let _ = write!(err, "lỗi: {message}");
    if !message.ends_with('\n') {
        let _ = writeln!(err);
    }
    ExitCode::from(code)
}

/// [`fail`] for a wrong call.
fn refuse(message: impl Display) -> ExitCode {
    fail(EXIT_USAGE, message)
}

/// The exit code of a command that has printed its results: `code`, the
/// one it earned. A reader that has gone (`cchc-gen schema | head -1`) is
/// no error: printing stops there, quietly, as ripgrep does, and the PDFs
/// are written all the same. Any other failure to print (a full disk under
/// `> tệp`) is said.
fn printed(result: io::Result<()>, code: ExitCode) -> ExitCode {
    match result {
        Err(e) if !reader_gone(&e) => fail(
            EXIT_DATA,
            format_args!("không in được kết quả: {}", io_advice(&e)),
        ),
        _ => code,
    }
}

/// Whether a write failed because its reader has closed the pipe.
fn reader_gone(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
}
