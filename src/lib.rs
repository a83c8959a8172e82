//! cchc-gen: Vietnamese administrative-reform (CCHC) reports from YAML data
//! to PDF in the format of Nghị định 30/2020/NĐ-CP.
//!
//! The data flows one way: [`load`] the YAML → [`check`] it and derive the
//! [`figures`] → [`render`] a layout to typst markup → [`typeset`] it in
//! process → [`output`] the PDF atomically.

pub mod archive;
pub mod date;
pub mod figures;
pub mod model;
