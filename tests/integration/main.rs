//! The integration tests, as one test binary: each binary links all of
//! typst, so one binary instead of ten saves most of the link time and disk.

mod common;
mod signed_pdf;

mod archive;
mod archive_faults;
mod batch;
mod check_rules;
mod cli;
mod escaping;
mod new_and_layouts;
mod pdf_format;
mod pdf_output;
mod watch;
