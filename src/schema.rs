//! The JSON Schema of a data file, for editors (draft-07, which the VS Code
//! YAML extension understands).

use schemars::generate::SchemaSettings;

use crate::model::Report;

/// The schema as pretty JSON.
pub fn json() -> String {
    let mut schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<Report>();
    // Every key has its Vietnamese description; the types' own doc comments
    // are English notes for developers and are not shown to officials.
    if let Some(defs) = schema
        .get_mut("definitions")
        .and_then(|d| d.as_object_mut())
    {
        for def in defs.values_mut() {
            if let Some(def) = def.as_object_mut() {
                def.remove("description");
            }
        }
    }
    schema.insert(
        "description".into(),
        "Dữ liệu của một báo cáo cải cách hành chính, để cchc-gen dựng thành PDF đúng thể thức Nghị định 30/2020/NĐ-CP.".into(),
    );
    serde_json::to_string_pretty(&schema).expect("a schema serializes")
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    #[test]
    fn every_key_has_a_vietnamese_description() {
        let schema: Value = serde_json::from_str(&super::json()).unwrap();
        let mut missing = Vec::new();
        fn walk(v: &Value, missing: &mut Vec<String>) {
            match v {
                Value::Object(m) => {
                    if let Some(Value::Object(props)) = m.get("properties") {
                        for (k, p) in props {
                            let d = p.get("description").and_then(Value::as_str).unwrap_or("");
                            // Vietnamese text has letters outside ASCII.
                            if d.is_ascii() {
                                missing.push(k.clone());
                            }
                        }
                    }
                    m.values().for_each(|x| walk(x, missing));
                }
                Value::Array(a) => a.iter().for_each(|x| walk(x, missing)),
                _ => {}
            }
        }
        walk(&schema, &mut missing);
        assert!(
            missing.is_empty(),
            "keys without a Vietnamese description: {missing:?}"
        );
    }
}
