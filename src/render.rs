//! Step 3: render a layout (minijinja) into typst markup.
//!
//! Every value from the data reaches typst as a string literal, never as
//! markup: `{{ x }}` writes `#"...";` (text in markup), and `{{ x | typst }}`
//! writes a typst value literal (for function arguments). A `#`, `*`, `$`,
//! `@`, `<`, `\` or `]` in a ward's data therefore prints as itself and
//! cannot run typst code or read a file.

use std::fmt::Write as _;

use minijinja::value::{Value, ValueKind};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior};

use crate::diagnostic::Diagnostic;
use crate::layouts::{EXTENSION, Layouts};
use crate::view::View;

/// Renders the report's layout to typst markup.
pub fn render(layouts: &Layouts, view: &View) -> Result<String, Diagnostic> {
    let env = environment(layouts);
    let name = format!("{}{EXTENSION}", view.mau);
    let template = env
        .get_template(&name)
        .map_err(|e| template_error(layouts, &e))?;
    template
        .render(Value::from_serialize(view))
        .map_err(|e| template_error(layouts, &e))
}

fn environment(layouts: &Layouts) -> Environment<'static> {
    let mut env = Environment::new();
    let source = layouts.clone();
    env.set_loader(move |name| match source.file(name) {
        Ok(file) => Ok(file.map(|f| f.text.into_owned())),
        Err(d) => Err(Error::new(ErrorKind::InvalidOperation, d.message.clone()).with_source(d)),
    });
    env.set_auto_escape_callback(|_| AutoEscape::Custom("typst"));
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_formatter(|out, _state, value| {
        if value.is_safe() {
            return out.write_str(value.as_str().unwrap_or_default()).map_err(Error::from);
        }
        match value.kind() {
            ValueKind::Undefined | ValueKind::None => Ok(()),
            ValueKind::Seq | ValueKind::Map => Err(Error::new(
                ErrorKind::InvalidOperation,
                "một danh sách hay khối không in được thành chữ; dùng `| typst` để truyền nó vào hàm typst",
            )),
            _ => {
                // An embedded string literal; `;` ends the expression so that
                // following text such as "(" or "." stays text.
                let text = value.to_string();
                out.write_str("#").map_err(Error::from)?;
                out.write_str(&typst_string(&text)).map_err(Error::from)?;
                out.write_str(";").map_err(Error::from)
            }
        }
    });
    // A figure that exists and is not 0: a count "0" or money "0 đồng".
    env.add_test("nonzero", |value: Value| {
        !value.is_undefined()
            && !value.is_none()
            && value.as_str().and_then(|s| s.split(' ').next()) != Some("0")
    });
    env.add_filter("typst", |value: Value| -> Result<Value, Error> {
        Ok(Value::from_safe_string(typst_literal(&value)?))
    });
    env
}

/// A typst string literal of `s`.
pub fn typst_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            // typst prints a tab as nothing, joining the words around it;
            // in a report it stands for the space it looks like.
            '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A typst literal of any template value: strings, numbers, booleans,
/// `none`, arrays and dictionaries.
fn typst_literal(value: &Value) -> Result<String, Error> {
    Ok(match value.kind() {
        ValueKind::Undefined | ValueKind::None => "none".to_owned(),
        ValueKind::Bool => value.is_true().to_string(),
        ValueKind::Number => {
            let s = value.to_string();
            if s.parse::<f64>().is_ok_and(f64::is_finite) {
                s
            } else {
                typst_string(&s)
            }
        }
        ValueKind::Seq | ValueKind::Iterable => {
            let mut out = String::from("(");
            for item in value.try_iter()? {
                out.push_str(&typst_literal(&item)?);
                out.push_str(", ");
            }
            out.push(')');
            out
        }
        ValueKind::Map => {
            let mut out = String::from("(");
            for key in value.try_iter()? {
                let item = value.get_item(&key)?;
                let _ = write!(
                    out,
                    "{}: {}, ",
                    typst_string(&key.to_string()),
                    typst_literal(&item)?
                );
            }
            if out.len() == 1 {
                out.push(':');
            }
            out.push(')');
            out
        }
        _ => typst_string(&value.to_string()),
    })
}

/// A template error, placed in the layout file.
fn template_error(layouts: &Layouts, e: &Error) -> Diagnostic {
    // A layout file that could not be read says so itself.
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        if let Some(d) = c.downcast_ref::<Diagnostic>() {
            return d.clone();
        }
        cause = c.source();
    }
    let name = e.name().unwrap_or("?");
    let file = layouts.file(name).ok().flatten();
    let path = file
        .as_ref()
        .map_or_else(|| name.into(), |f| f.display_path());
    let line = e.line().unwrap_or(0) as u32;
    let column = e
        .range()
        .and_then(|r| {
            let text = &file.as_ref()?.text;
            Some(crate::diagnostic::line_column(text, r.start).1)
        })
        .unwrap_or(if line > 0 { 1 } else { 0 });
    let mut message = match e.kind() {
        ErrorKind::TemplateNotFound => format!("không có mẫu `{name}`"),
        ErrorKind::SyntaxError => "mẫu viết sai cú pháp".to_owned(),
        ErrorKind::UndefinedError => "mẫu dùng một giá trị không có trong dữ liệu".to_owned(),
        _ => "mẫu không dựng được".to_owned(),
    };
    if let Some(detail) = e.detail() {
        let _ = write!(message, ": {detail}");
    }
    Diagnostic::error(&path, line, column, message).with_help(
        "sửa tệp mẫu ở dòng này (xem README, mục Viết mẫu riêng); `cchc-gen layouts` liệt kê các mẫu có sẵn",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_become_inert_typst_literals() {
        assert_eq!(typst_string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(typst_string("x\ny"), r#""x\ny""#);
        assert_eq!(typst_string("Tổng số:\t120"), r#""Tổng số: 120""#);
        let v = Value::from_serialize(serde_json::json!({"a": ["x", 1, true, null]}));
        assert_eq!(
            typst_literal(&v).unwrap(),
            r#"("a": ("x", 1, true, none, ), )"#
        );
    }
}
