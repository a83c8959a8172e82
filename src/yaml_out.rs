//! Writes a data file: YAML with a Vietnamese comment above each key. The
//! comments are the descriptions of the JSON Schema, i.e. the doc comments
//! of [`crate::model`], so the file and the schema never disagree.

use serde_json::{Map, Value};

/// A schema and its definitions, to look up descriptions.
pub struct Annotator {
    root: Value,
}

impl Annotator {
    pub fn new() -> Annotator {
        let root = serde_json::from_str(&crate::schema::json()).expect("our schema is JSON");
        Annotator { root }
    }

    /// Follows `$ref` (and a single-branch `allOf` wrapper) to the schema
    /// that describes the value.
    fn resolve<'a>(&'a self, mut s: &'a Value) -> &'a Value {
        for _ in 0..8 {
            if let Some(r) = s.get("$ref").and_then(Value::as_str) {
                let name = r.rsplit('/').next().unwrap_or_default();
                match self.root.get("definitions").and_then(|d| d.get(name)) {
                    Some(def) => s = def,
                    None => return s,
                }
            } else if let Some([one]) = s.get("allOf").and_then(Value::as_array).map(Vec::as_slice)
            {
                s = one;
            } else {
                return s;
            }
        }
        s
    }

    /// The branch of a schema that fits a value (through nested
    /// `anyOf`/`oneOf`, as for `Option<StrOr<T>>`).
    fn branch<'a>(&'a self, s: &'a Value, value: &Value) -> &'a Value {
        let s = self.resolve(s);
        let Some(options) = s
            .get("anyOf")
            .or_else(|| s.get("oneOf"))
            .and_then(Value::as_array)
        else {
            return s;
        };
        let wanted = match value {
            Value::Object(_) => "object",
            Value::Array(_) => "array",
            Value::String(_) => "string",
            _ => "",
        };
        let fits = |o: &Value| {
            let t = o.get("type");
            t.and_then(Value::as_str) == Some(wanted)
                || t.and_then(Value::as_array)
                    .is_some_and(|a| a.iter().any(|x| x == wanted))
                || (wanted == "object" && o.get("properties").is_some())
        };
        for o in options {
            let o = self.resolve(o);
            if o.get("anyOf").is_some() || o.get("oneOf").is_some() {
                let inner = self.branch(o, value);
                if fits(inner) {
                    return inner;
                }
            } else if fits(o) {
                return o;
            }
        }
        s
    }

    fn property<'a>(
        &'a self,
        object_schema: &'a Value,
        key: &str,
        value: &Value,
    ) -> Option<(&'a Value, Option<String>)> {
        let s = self.resolve(object_schema);
        let p = s.get("properties")?.get(key)?;
        let description = p
            .get("description")
            .or_else(|| self.resolve(p).get("description"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        Some((self.branch(p, value), description))
    }

    /// YAML text of `value` (a whole report), with `header` comment lines
    /// first; `notes` are comment lines about this file's value of a
    /// top-level key (or its absence), written after the key's description.
    pub fn write(&self, value: &Value, header: &[String], notes: &[(&str, String)]) -> String {
        let mut w = Writer {
            annotator: self,
            out: String::new(),
            seen: Vec::new(),
            notes,
        };
        for h in header {
            w.out.push_str("# ");
            w.out.push_str(h);
            w.out.push('\n');
        }
        if let Value::Object(map) = value {
            w.map(map, &self.root, 0, "");
        }
        w.out
    }
}

impl Default for Annotator {
    fn default() -> Self {
        Annotator::new()
    }
}

struct Writer<'a> {
    annotator: &'a Annotator,
    out: String,
    /// Key paths already explained: a comment is written the first time only.
    seen: Vec<String>,
    notes: &'a [(&'a str, String)],
}

impl<'a> Writer<'a> {
    fn indent(&mut self, n: usize) {
        for _ in 0..n {
            self.out.push_str("  ");
        }
    }

    fn comment(&mut self, text: &str, indent: usize) {
        for line in text.lines() {
            self.indent(indent);
            self.out.push_str("# ");
            self.out.push_str(line.trim());
            self.out.push('\n');
        }
    }

    /// The note on a top-level key, if any.
    fn note(&self, path: &str, key: &str) -> Option<&'a str> {
        let top = path.is_empty();
        self.notes
            .iter()
            .find(|(k, _)| top && *k == key)
            .map(|(_, n)| n.as_str())
    }

    fn map(&mut self, map: &Map<String, Value>, schema: &Value, indent: usize, path: &str) {
        for (key, value) in map {
            let (child, description) = self
                .annotator
                .property(schema, key, value)
                .unwrap_or((&Value::Null, None));
            let key_path = format!("{path}.{key}");
            if let Some(d) = description
                && !self.seen.contains(&key_path)
            {
                self.seen.push(key_path.clone());
                self.comment(&d, indent);
            }
            if let Some(note) = self.note(path, key) {
                self.comment(note, indent);
            }
            self.indent(indent);
            self.out.push_str(key);
            self.out.push(':');
            self.value_after_key(value, child, indent, &key_path);
        }
        self.absent(map, schema, indent, path);
    }

    /// The keys the schema allows here but the data does not use, as
    /// comments: the official sees every key and can uncomment one.
    fn absent(&mut self, map: &Map<String, Value>, schema: &Value, indent: usize, path: &str) {
        let Some(props) = self
            .annotator
            .resolve(schema)
            .get("properties")
            .and_then(Value::as_object)
        else {
            return;
        };
        let missing: Vec<(&String, &Value)> = props
            .iter()
            .filter(|(k, _)| !map.contains_key(*k))
            .collect();
        if missing.is_empty() {
            return;
        }
        self.comment("Khóa tùy chọn (bỏ dấu # ở đầu dòng khóa để dùng):", indent);
        for (key, p) in missing {
            let description = p
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            self.comment(&format!("  {description}"), indent);
            if let Some(note) = self.note(path, key) {
                self.comment(&format!("  {note}"), indent);
            }
            self.comment(&format!("{key}:"), indent);
        }
    }

    fn value_after_key(&mut self, value: &Value, schema: &Value, indent: usize, path: &str) {
        match value {
            Value::Object(m) if !m.is_empty() => {
                self.out.push('\n');
                self.map(m, schema, indent + 1, path);
            }
            Value::Array(a) if !a.is_empty() => {
                self.out.push('\n');
                self.seq(a, schema, indent + 1, path);
            }
            Value::Null => self.out.push('\n'),
            other => {
                self.out.push(' ');
                self.scalar(other);
                self.out.push('\n');
            }
        }
    }

    fn seq(&mut self, items: &[Value], schema: &Value, indent: usize, path: &str) {
        let item_schema = self
            .annotator
            .resolve(schema)
            .get("items")
            .unwrap_or(&Value::Null);
        for item in items {
            let s = self.annotator.branch(item_schema, item);
            self.indent(indent);
            self.out.push_str("- ");
            match item {
                Value::Object(m) if !m.is_empty() => {
                    // The first key goes on the dash line, the rest under it.
                    let mut first = true;
                    for (key, value) in m {
                        let (child, _) = self
                            .annotator
                            .property(s, key, value)
                            .unwrap_or((&Value::Null, None));
                        if !first {
                            self.indent(indent + 1);
                        }
                        first = false;
                        self.out.push_str(key);
                        self.out.push(':');
                        self.value_after_key(value, child, indent + 1, &format!("{path}[].{key}"));
                    }
                }
                Value::Array(a) if !a.is_empty() => {
                    let inline: Vec<String> = a.iter().map(quoted).collect();
                    self.out.push('[');
                    self.out.push_str(&inline.join(", "));
                    self.out.push_str("]\n");
                }
                other => {
                    self.scalar(other);
                    self.out.push('\n');
                }
            }
        }
    }

    fn scalar(&mut self, v: &Value) {
        let s = quoted(v);
        self.out.push_str(&s);
    }
}

/// A scalar as YAML: plain where that is unambiguous, else double-quoted.
fn quoted(v: &Value) -> String {
    match v {
        Value::String(s) => {
            let plain = !s.is_empty()
                && !s.starts_with(|c: char| {
                    "-?:,[]{}#&*!|>'\"%@`«.".contains(c) || c.is_whitespace()
                })
                && !s.starts_with("0x")
                && !s.starts_with("0o")
                && !s.ends_with(|c: char| c == ':' || c.is_whitespace())
                && !s.contains(": ")
                && !s.contains(" #")
                && !s.contains(['\n', '\t'])
                && s.parse::<f64>().is_err()
                && !["true", "false", "yes", "no", "null", "~", "on", "off"]
                    .contains(&s.to_lowercase().as_str());
            if plain {
                s.clone()
            } else {
                serde_json::to_string(s).unwrap_or_default()
            }
        }
        Value::Null => String::new(),
        Value::Array(_) | Value::Object(_) => serde_json::to_string(v).unwrap_or_default(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_quote_only_when_yaml_would_misread_them() {
        for (text, expected) in [
            ("ỦY BAN NHÂN DÂN", "ỦY BAN NHÂN DÂN"),
            ("Sở VH,TT&DL", "Sở VH,TT&DL"),
            ("- dấu gạch", "\"- dấu gạch\""),
            ("a: b", "\"a: b\""),
            ("2025", "\"2025\""),
            ("yes", "\"yes\""),
            ("«điền: tên»", "\"«điền: tên»\""),
            ("x # y", "\"x # y\""),
            ("x\t# y", "\"x\\t# y\""),
            (".inf", "\".inf\""),
            ("0x1F", "\"0x1F\""),
        ] {
            assert_eq!(quoted(&Value::String(text.into())), expected, "{text}");
        }
    }
}
