//! cchc-gen: Vietnamese administrative-reform (CCHC) reports from YAML data
//! to PDF in the format of Nghị định 30/2020/NĐ-CP.
//!
//! The data flows one way: [`load`] the YAML → [`check`] it and derive the
//! [`figures`] → build the [`view`] and [`render`] a layout to typst markup
//! → [`typeset`] it in process → [`output`] the PDF atomically. [`build`]
//! runs the whole pipeline for one file; [`batch`] runs it on many files in
//! parallel and [`watch`] again on every change; [`cli`] only parses
//! arguments.

pub mod archive;
pub mod batch;
pub mod build;
pub mod check;
pub mod cli;
pub mod date;
pub mod diagnostic;
pub mod figures;
pub mod images;
pub mod layouts;
pub mod load;
pub mod model;
pub mod new_report;
pub mod output;
pub mod render;
pub mod schema;
pub mod typeset;
pub mod vietnamese;
pub mod view;
pub mod watch;
pub mod yaml_out;
