//! The layouts: built-in ones embedded in the binary, and a user's folder of
//! layouts that overrides or adds to them.
//!
//! A layout is a minijinja template `NAME.typ.j2` that produces typst markup.
//! It opens with a comment holding its description and the headings of the
//! sections it knows (front matter, YAML):
//!
//! ```text
//! {#
//! mo_ta: Báo cáo công tác tuyên truyền cải cách hành chính
//! loai: bao-cao
//! muc:
//!   chi_dao: Công tác chỉ đạo, điều hành
//! #}
//! {% extends "base.typ.j2" %}
//! ```

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, io_advice};

/// Built-in files, by file name.
static BUILT_IN: &[(&str, &str)] = &[
    ("nd30.typ", include_str!("../layouts/nd30.typ")),
    ("base.typ.j2", include_str!("../layouts/base.typ.j2")),
    ("chi-so.typ.j2", include_str!("../layouts/chi-so.typ.j2")),
    ("bao-cao.typ.j2", include_str!("../layouts/bao-cao.typ.j2")),
    (
        "tuyen-truyen.typ.j2",
        include_str!("../layouts/tuyen-truyen.typ.j2"),
    ),
    (
        "ket-qua-cchc.typ.j2",
        include_str!("../layouts/ket-qua-cchc.typ.j2"),
    ),
    (
        "phu-luc-bang.typ.j2",
        include_str!("../layouts/phu-luc-bang.typ.j2"),
    ),
    (
        "phu-luc-bieu-tong-hop.typ.j2",
        include_str!("../layouts/phu-luc-bieu-tong-hop.typ.j2"),
    ),
];

pub const EXTENSION: &str = ".typ.j2";

/// The `loai` of a layout a report can name in `mau` (the others are
/// libraries and appendices).
pub const REPORT: &str = "bao-cao";

/// What a layout file says about itself.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayoutMeta {
    /// One-line description.
    #[serde(default)]
    pub mo_ta: String,
    /// `bao-cao` (a report), `phu-luc` (an appendix) or `thu-vien` (a part
    /// other layouts use).
    #[serde(default)]
    pub loai: String,
    /// Section keys and their headings, in order. `{ky}` and `{ky_sau}` stand
    /// for the period and the next period.
    #[serde(default, deserialize_with = "ordered_map")]
    pub muc: Vec<(String, String)>,
    /// For the figures library: the sentences of each group, which a data
    /// file may place one by one (`chi_so: ho_so.da_giai_quyet`).
    #[serde(default)]
    pub cau: std::collections::BTreeMap<String, Vec<String>>,
    /// The trích yếu of a new report; `{ky}` stands for the period.
    #[serde(default)]
    pub trich_yeu: Option<String>,
    /// The sections of a new report (`cchc-gen new`), as data blocks.
    #[serde(default)]
    pub khung: Vec<serde_json::Value>,
}

fn ordered_map<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<(String, String)>, D::Error> {
    struct V;
    impl<'de> serde::de::Visitor<'de> for V {
        type Value = Vec<(String, String)>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("các cặp khóa: tiêu đề")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(pair) = map.next_entry()? {
                out.push(pair);
            }
            Ok(out)
        }
    }
    d.deserialize_map(V)
}

/// The set of layouts one build can use.
#[derive(Debug, Clone, Default)]
pub struct Layouts {
    /// A user's folder; its files win over built-in ones of the same name.
    pub dir: Option<PathBuf>,
}

/// A layout file's text and where it came from.
#[derive(Debug, Clone)]
pub struct LayoutFile {
    pub name: String,
    pub text: Cow<'static, str>,
    /// The file on disk, or `None` for a built-in one.
    pub path: Option<PathBuf>,
}

impl LayoutFile {
    /// The path to show in messages.
    pub fn display_path(&self) -> PathBuf {
        self.path
            .clone()
            .unwrap_or_else(|| Path::new("layouts").join(&self.name))
    }
}

impl Layouts {
    /// The layouts for a data file: `--layouts DIR` if given, else a
    /// `layouts/` folder beside the data file, if there is one.
    pub fn for_data_file(explicit: Option<&Path>, data_file: &Path) -> Layouts {
        Layouts::for_folder(explicit, data_file.parent().unwrap_or(Path::new("")))
    }

    /// The layouts of data files in `folder`: `--layouts DIR` if given,
    /// else `folder/layouts/`, if there is one.
    pub fn for_folder(explicit: Option<&Path>, folder: &Path) -> Layouts {
        let dir = explicit.map(Path::to_path_buf).or_else(|| {
            let beside = folder.join("layouts");
            beside.is_dir().then_some(beside)
        });
        Layouts { dir }
    }

    /// A file by name (`tuyen-truyen.typ.j2`, `nd30.typ`): the user's, if
    /// their folder has it, else the built-in one. A user's file that is
    /// there but cannot be read is an error, not a silent fall-back.
    pub fn file(&self, name: &str) -> Result<Option<LayoutFile>, Diagnostic> {
        if name.contains(['/', '\\']) || name.starts_with('.') {
            return Ok(None);
        }
        if let Some(dir) = &self.dir {
            let path = dir.join(name);
            if std::fs::symlink_metadata(&path).is_ok() {
                return Ok(Some(LayoutFile {
                    name: name.to_owned(),
                    text: Cow::Owned(crate::load::read_text(&path)?),
                    path: Some(path),
                }));
            }
        }
        Ok(BUILT_IN
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(n, t)| LayoutFile {
                name: (*n).to_owned(),
                text: Cow::Borrowed(*t),
                path: None,
            }))
    }

    /// A layout by its name (without extension).
    pub fn layout(&self, name: &str) -> Result<Option<LayoutFile>, Diagnostic> {
        self.file(&format!("{name}{EXTENSION}"))
    }

    /// A layout and its front matter; `None` when there is no such layout.
    pub fn layout_meta(&self, name: &str) -> Result<Option<LayoutMeta>, Diagnostic> {
        self.layout(name)?.as_ref().map(meta).transpose()
    }

    /// Every layout name with its front matter (or why it cannot be read)
    /// and whether it is the user's, built-in ones and the user's.
    pub fn list(&self) -> Vec<(String, Result<LayoutMeta, Diagnostic>, bool)> {
        let mut names: Vec<String> = BUILT_IN
            .iter()
            .filter_map(|(n, _)| n.strip_suffix(EXTENSION).map(str::to_owned))
            .collect();
        if let Some(dir) = &self.dir
            && let Ok(entries) = std::fs::read_dir(dir)
        {
            for e in entries.flatten() {
                if let Some(n) = e
                    .file_name()
                    .to_str()
                    .and_then(|n| n.strip_suffix(EXTENSION))
                    && !names.iter().any(|x| x == n)
                {
                    names.push(n.to_owned());
                }
            }
        }
        names.sort();
        names
            .into_iter()
            .filter_map(|n| match self.layout(&n) {
                Ok(file) => {
                    let file = file?;
                    Some((n, meta(&file), file.path.is_some()))
                }
                Err(d) => Some((n, Err(d), true)),
            })
            .collect()
    }
}

/// Reads a layout's front matter.
pub fn meta(file: &LayoutFile) -> Result<LayoutMeta, Diagnostic> {
    let text = file.text.trim_start();
    let Some(rest) = text.strip_prefix("{#") else {
        return Ok(LayoutMeta::default());
    };
    let Some(end) = rest.find("#}") else {
        return Ok(LayoutMeta::default());
    };
    let yaml = rest[..end].trim_start_matches('-').trim_end_matches('-');
    serde_saphyr::from_str::<LayoutMeta>(yaml).map_err(|e| {
        let mut d = crate::load::yaml_error(&file.display_path(), &e);
        // The front matter starts on the line of "{#".
        let skipped = file.text.len() - text.len();
        d.line += file.text[..skipped].matches('\n').count() as u32;
        d.message = format!("phần mô tả đầu mẫu: {}", d.message);
        d
    })
}

/// Writes layout `name` (a report or appendix layout, `base`, `chi-so` or
/// `nd30`) into `dir` for the user to change.
pub fn export(
    layouts: &Layouts,
    name: &str,
    dir: &Path,
    force: bool,
) -> Result<Vec<PathBuf>, String> {
    let found = match layouts.layout(name) {
        Ok(None) => layouts.file(&format!("{name}.typ")),
        found => found,
    };
    let file = found
        .map_err(|d| d.headline())?
        .ok_or_else(|| format!("không có mẫu `{name}`; xem danh sách bằng `cchc-gen layouts`"))?;
    std::fs::create_dir_all(dir).map_err(|e| {
        format!(
            "không tạo được thư mục {}: {}",
            dir.display(),
            io_advice(&e)
        )
    })?;
    let target = dir.join(&file.name);
    if target.exists() && !force {
        return Err(format!(
            "{} đã có; thêm --force để ghi đè",
            target.display()
        ));
    }
    crate::output::write_atomic(&target, file.text.as_bytes())
        .map_err(|e| format!("không ghi được {}: {}", target.display(), io_advice(&e)))?;
    Ok(vec![target])
}
