//! Minimal CLI wiring for the archive commands (merged by hand with the
//! real CLI in src/cli.rs).

use std::process::ExitCode;

use cchc_gen::archive::{ArchiveCommand, ArchiveOptions};
use clap::Parser;

#[derive(Parser)]
#[command(name = "cchc-gen", version)]
enum Cli {
    /// Kho lưu trữ văn bản đã ký.
    Archive {
        #[command(flatten)]
        opts: ArchiveOptions,
        #[command(subcommand)]
        cmd: ArchiveCommand,
    },
}

fn main() -> ExitCode {
    let Cli::Archive { opts, cmd } = Cli::parse();
    match cchc_gen::archive::run(&opts, &cmd, &mut std::io::stdout().lock()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("Lỗi: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
