//! The JSON Schema of a data file, for editors (draft-07, which the VS Code
//! YAML extension understands).

use schemars::generate::SchemaSettings;

use crate::model::Report;

/// The schema as pretty JSON.
pub fn json() -> String {
    let schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<Report>();
    serde_json::to_string_pretty(&schema).expect("a schema serializes")
}
