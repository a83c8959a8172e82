//! `archive reindex`: the search table made again from the records, so that
//! what an older cchc-gen indexed is found with this version's matching.

use std::io::Write;
use std::process::ExitCode;

use super::ArchiveOptions;
use super::error::ArchiveError;
use super::index::Index;
use super::store::Store;

pub fn reindex(opts: &ArchiveOptions, out: &mut dyn Write) -> Result<ExitCode, ArchiveError> {
    let store = Store::open(&opts.archive);
    let mut index = Index::open_existing(&store.index_path())?;
    let n = index.rebuild_search()?;
    say!(out, "Đã dựng lại chỉ mục tìm kiếm: {n} văn bản.")?;
    Ok(ExitCode::SUCCESS)
}
