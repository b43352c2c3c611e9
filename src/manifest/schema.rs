//! The manifest's JSON Schema (feature `schema`).

use schemars::Schema;
use schemars::generate::SchemaSettings;

use super::top::Manifest;

/// The URI of the JSON Schema dialect the manifest schema is written in (draft 2020-12).
pub const SCHEMA_DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The JSON Schema of an App Connect manifest, in draft 2020-12 (pinned here, whatever
/// schemars' default becomes).
///
/// The schema is as strict as the model about types (`"contactDependent": "yes"` is rejected)
/// and as open as App Connect about keys (unknown keys are allowed everywhere). Rules that
/// look across the manifest (a `defaultSettingId` naming a section, placeholders, …) are
/// checked by [`Manifest::validate`], not by the schema.
///
/// The committed copy is `docs/manifest.schema.json`; editors can use it to complete and
/// check a hand-written manifest.
///
/// ```
/// let schema = app_connect_sdk::manifest::manifest_schema();
/// assert_eq!(schema.get("$schema").and_then(|v| v.as_str()), Some("https://json-schema.org/draft/2020-12/schema"));
/// assert_eq!(schema.get("title").and_then(|v| v.as_str()), Some("Manifest"));
/// ```
#[must_use]
pub fn manifest_schema() -> Schema {
    let mut settings = SchemaSettings::draft2020_12();
    settings.meta_schema = Some(SCHEMA_DIALECT.into());
    settings.into_generator().into_root_schema_for::<Manifest>()
}
