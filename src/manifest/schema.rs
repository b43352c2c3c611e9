//! The manifest's JSON Schema (feature `schema`).

use schemars::Schema;
use schemars::generate::SchemaSettings;
use schemars::transform::transform_subschemas;
use serde_json::Value;

use super::top::Manifest;

/// The URI of the JSON Schema dialect the manifest schema is written in (draft 2020-12).
pub const SCHEMA_DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The JSON Schema of an App Connect manifest, in draft 2020-12 (pinned here, whatever
/// schemars' default becomes).
///
/// The schema is as strict as the model about types (`"contactDependent": "yes"` is rejected)
/// and as open as App Connect about keys (unknown keys are allowed everywhere). An absent key
/// is written by leaving it out: the schema does not accept `null` for optional keys, as
/// App Connect's own manifests never use it. Rules that look across the manifest (a
/// `defaultSettingId` naming a section, URL placeholders, …) are checked by
/// [`Manifest::validate`], not by the schema.
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
    let mut schema = settings.into_generator().into_root_schema_for::<Manifest>();
    tidy(&mut schema);
    schema
}

/// Applies [`drop_null`] and [`plain_description`] to every subschema.
pub(crate) fn tidy(schema: &mut Schema) {
    drop_null(schema);
    if let Some(Value::String(text)) = schema
        .as_object_mut()
        .and_then(|o| o.get_mut("description"))
    {
        *text = plain_description(text);
    }
    transform_subschemas(&mut tidy, schema);
}

/// A doc comment as a schema description: without its code examples and rustdoc link syntax.
fn plain_description(doc: &str) -> String {
    let prose = doc.split("```").next().unwrap_or_default().trim_end();
    let mut out = String::with_capacity(prose.len());
    let mut rest = prose;
    while let Some(start) = rest.find("[`") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find("`]") else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        out.push_str(&after[..end + 1]);
        rest = &after[end + 2..];
        if rest.starts_with('(') {
            rest = rest.find(')').map_or("", |close| &rest[close + 1..]);
        }
    }
    out.push_str(rest);
    out
}

/// Turns schemars' `Option<T>` schemas (`T` or `null`) into plain `T` (this node only), so that a wrong value
/// deep inside an optional node is reported where it is, not as "matches no `anyOf`" on the node.
fn drop_null(schema: &mut Schema) {
    if let Some(object) = schema.as_object_mut() {
        if let Some(Value::Array(types)) = object.get_mut("type") {
            types.retain(|t| t != "null");
            if types.len() == 1 {
                let only = types.remove(0);
                object.insert("type".into(), only);
            }
        }
        let null = serde_json::json!({ "type": "null" });
        let nullable_other = match object.get("anyOf") {
            Some(Value::Array(any)) if any.len() == 2 && any.contains(&null) => {
                any.iter().find(|s| **s != null).cloned()
            }
            _ => None,
        };
        if let Some(Value::Object(other)) = nullable_other {
            object.remove("anyOf");
            for (key, value) in other {
                object.entry(key).or_insert(value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::plain_description;

    #[test]
    fn descriptions_lose_examples_and_link_syntax() {
        let doc = "Reads [`Manifest`] via [`FieldKey`](super::FieldKey), see [docs].\n\n```\nlet x = 1;\n```";
        assert_eq!(
            plain_description(doc),
            "Reads `Manifest` via `FieldKey`, see [docs]."
        );
    }
}
