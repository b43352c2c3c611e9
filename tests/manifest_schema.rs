//! The committed JSON Schema (docs/manifest.schema.json) is current, accepts App Connect's
//! manifest and our fixture, and rejects wrongly typed values.
//! `UPDATE_SCHEMA=1 cargo test --test manifest_schema` rewrites the committed file.
#![cfg(feature = "schema")]

mod common;

use std::path::PathBuf;

use app_connect_sdk::manifest::manifest_schema;
use serde_json::{Value, json};

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/manifest.schema.json")
}

fn generated_text() -> String {
    let mut text = serde_json::to_string_pretty(&manifest_schema()).expect("schema serialises");
    text.push('\n');
    text
}

fn validator() -> jsonschema::Validator {
    let schema = serde_json::to_value(manifest_schema()).expect("schema to value");
    jsonschema::draft202012::new(&schema).expect("the schema is a valid draft 2020-12 schema")
}

fn fixture() -> Value {
    serde_json::from_str(include_str!("fixtures/manifest/valid.json")).expect("fixture is JSON")
}

fn errors(instance: &Value) -> Vec<String> {
    validator()
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn committed_schema_is_current() {
    let generated = generated_text();
    let path = committed_path();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).expect("write docs/manifest.schema.json");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/manifest.schema.json is stale; run `UPDATE_SCHEMA=1 cargo test --test manifest_schema` and commit it"
    );
}

#[test]
fn schema_pins_draft_2020_12() {
    let schema = serde_json::to_value(manifest_schema()).expect("to value");
    assert_eq!(
        schema["$schema"],
        json!("https://json-schema.org/draft/2020-12/schema")
    );
    assert!(jsonschema::meta::is_valid(&schema));
}

#[test]
fn accepts_the_reference_manifest() {
    let Some(reference) = common::reference_json("reference/app-connect-manifest.json") else {
        return;
    };
    assert_eq!(errors(&reference), Vec::<String>::new());
}

#[test]
fn accepts_our_fixture_and_unknown_keys() {
    let mut value = fixture();
    assert_eq!(errors(&value), Vec::<String>::new());
    value["x-top"] = json!(1);
    value["platforms"]["acme"]["x-platform"] = json!({ "any": ["thing"] });
    value["platforms"]["acme"]["page"]["callLog"]["additionalFields"][0]["x-field"] = json!(true);
    assert_eq!(errors(&value), Vec::<String>::new());
}

#[test]
fn rejects_wrongly_typed_values() {
    let cases = [
        (
            "/platforms/acme/page/callLog/additionalFields/0/contactDependent",
            json!("yes"),
        ),
        ("/platforms/acme/canOpenLogPage", json!("true")),
        ("/platforms/acme/requestConfig/timeout", json!("30")),
        ("/platforms/acme/contactTypes", json!({ "value": "person" })),
        (
            "/platforms/acme/page/callLog/additionalFields/1/options/0/const",
            json!(1),
        ),
        ("/platforms/acme/settings/0/items/0/id", json!(null)),
    ];
    for (pointer, bad) in cases {
        let mut value = fixture();
        *value
            .pointer_mut(pointer)
            .unwrap_or_else(|| panic!("no {pointer}")) = bad.clone();
        let found = errors(&value);
        assert!(!found.is_empty(), "{pointer} = {bad} was accepted");
        assert!(
            found.iter().any(|e| e.starts_with(pointer)),
            "{pointer}: errors point elsewhere: {found:?}"
        );
    }
}

#[test]
fn rejects_missing_required_keys() {
    let mut value = fixture();
    value["platforms"]["acme"]
        .as_object_mut()
        .expect("platform")
        .remove("auth");
    assert!(!errors(&value).is_empty());
    let mut value = fixture();
    value.as_object_mut().expect("root").remove("platforms");
    assert!(!errors(&value).is_empty());
}
