//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// Where App Connect's reference data lives: `$APP_CONNECT_REFERENCE`, else `../shared`.
///
/// Returns `None` (after printing one line) when the data is absent and the variable is unset,
/// so a test can skip on a developer machine. When the variable *is* set (as `.ci/run` does),
/// missing data is a hard failure.
pub fn reference_file(relative: &str) -> Option<PathBuf> {
    match std::env::var_os("APP_CONNECT_REFERENCE") {
        Some(root) => {
            let path = PathBuf::from(root).join(relative);
            assert!(
                path.is_file(),
                "APP_CONNECT_REFERENCE is set but {} is missing",
                path.display()
            );
            Some(path)
        }
        None => {
            let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../shared")
                .join(relative);
            if path.is_file() {
                Some(path)
            } else {
                println!(
                    "skipped: App Connect reference data {relative} not found (set APP_CONNECT_REFERENCE)"
                );
                None
            }
        }
    }
}

/// Reads and parses a JSON reference file, or `None` when it is absent (see [`reference_file`]).
pub fn reference_json(relative: &str) -> Option<serde_json::Value> {
    let path = reference_file(relative)?;
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    Some(
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display())),
    )
}

/// Reads a reference text file, or `None` when it is absent (see [`reference_file`]).
pub fn reference_text(relative: &str) -> Option<String> {
    let path = reference_file(relative)?;
    Some(
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display())),
    )
}

/// OpenAPI 3.0 `nullable: true` is not JSON Schema; turn it into a `"null"` type.
pub fn nullable_to_json_schema(node: &mut serde_json::Value) {
    match node {
        serde_json::Value::Object(map) => {
            if map.get("nullable") == Some(&serde_json::Value::Bool(true))
                && let Some(serde_json::Value::String(t)) = map.get("type").cloned()
            {
                map.insert("type".into(), serde_json::json!([t, "null"]));
            }
            for child in map.values_mut() {
                nullable_to_json_schema(child);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(nullable_to_json_schema),
        _ => {}
    }
}
