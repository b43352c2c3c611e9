//! The `manifest` example (a CI check for connector authors).
//!
//! Its behaviour lives in the library (`Manifest::check_json_str`, `ManifestError::problems`),
//! tested here directly and quickly; one smoke test then builds the example once (through the
//! `cargo` running this test, with this test's features, so nothing is rebuilt) and runs the
//! binary to check its wiring: stdout, stderr and the exit codes 0 / 1 / 2.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use app_connect_sdk::manifest::{Manifest, ManifestError, ManifestParseError, TextPosition};
use serde_json::Value;

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/manifest")
        .join(name)
}

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(fixture_path(name)).expect("fixture readable")
}

#[test]
fn valid_manifest_is_accepted_and_normalised() {
    let text = fixture_text("valid.json");
    let manifest = Manifest::check_json_str(&text).expect("valid fixture");
    let printed: Value = serde_json::from_str(&manifest.to_json_pretty()).expect("JSON");
    let original: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(printed, original);
}

#[test]
fn rule_problems_are_all_listed_with_paths() {
    let err = Manifest::check_json_str(&fixture_text("invalid_rules.json")).expect_err("invalid");
    assert!(matches!(err, ManifestError::Invalid(_)));
    let problems = err.problems();
    let expected_prefixes = [
        "serverUrl: ",
        "platforms.acme.contactPageUrl: uses `{contactID}`",
        "platforms.acme.page.callLog.additionalFields[1].const: ",
        "platforms.acme.page.callLog.additionalFields[2].defaultSettingId: ",
    ];
    assert_eq!(problems.len(), expected_prefixes.len(), "{problems:#?}");
    for (problem, prefix) in problems.iter().zip(expected_prefixes) {
        assert!(
            problem.starts_with(prefix),
            "{problem:?} should start with {prefix:?}"
        );
    }
}

#[test]
fn wrong_type_names_the_path_and_position() {
    let err = Manifest::check_json_str(&fixture_text("bad_type.json")).expect_err("bad type");
    let ManifestError::Parse(ManifestParseError::InvalidValue {
        path,
        message,
        position,
    }) = &err
    else {
        panic!("unexpected {err:?}");
    };
    assert_eq!(
        path,
        "platforms.acme.page.callLog.additionalFields[0].contactDependent"
    );
    assert!(message.contains("expected a boolean"), "{message}");
    assert_eq!(position.map(|p| p.line), Some(10));
}

#[test]
fn syntax_error_gives_line_and_column() {
    let err = Manifest::check_json_str(&fixture_text("bad_syntax.json")).expect_err("bad JSON");
    let ManifestError::Parse(ManifestParseError::Syntax { position, .. }) = &err else {
        panic!("unexpected {err:?}");
    };
    assert_eq!(
        *position,
        TextPosition {
            line: 4,
            column: 31
        }
    );
    assert!(
        err.problems()[0].contains("line 4, column 31"),
        "{:?}",
        err.problems()
    );
}

#[test]
fn missing_required_key_names_its_parent() {
    let err = Manifest::check_json_str(r#"{ "platforms": { "acme": { "name": "acme" } } }"#)
        .expect_err("no auth");
    assert_eq!(
        err.problems(),
        ["platforms.acme: missing field `auth` (at line 1, column 43)"]
    );
}

#[test]
fn duplicate_platform_key_is_an_error() {
    let text = r#"{ "platforms": {
        "acme": { "name": "acme", "auth": { "type": "apiKey", "apiKey": { "page": { "content": [] } } } },
        "acme": { "name": "acme", "auth": { "type": "apiKey", "apiKey": { "page": { "content": [] } } } } } }"#;
    let err = Manifest::check_json_str(text).expect_err("duplicate key");
    assert!(
        err.problems()[0].contains("platform `acme` is declared twice"),
        "{:?}",
        err.problems()
    );
}

/// Builds the example with this test's features and returns the binary's path.
fn example_binary() -> PathBuf {
    let mut features = Vec::new();
    if cfg!(feature = "schema") {
        features.push("schema");
    }
    if cfg!(feature = "tower") {
        features.push("tower");
    }
    let output = Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "build",
            "--quiet",
            "--example",
            "manifest",
            "--message-format=json",
        ])
        .args(["--no-default-features", "--features", &features.join(",")])
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|msg| msg["target"]["name"] == "manifest")
        .find_map(|msg| msg["executable"].as_str().map(PathBuf::from))
        .expect("cargo reports the example's executable")
}

fn run(binary: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(binary)
        .args(args)
        .output()
        .expect("run example");
    (
        status.code(),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

#[test]
fn example_binary_smoke() {
    let binary = example_binary();
    let path = |name: &str| fixture_path(name).to_string_lossy().into_owned();

    let (code, stdout, _) = run(&binary, &["check", &path("valid.json")]);
    assert_eq!(code, Some(0));
    let printed: Value = serde_json::from_str(&stdout).expect("stdout is the manifest as JSON");
    assert_eq!(
        printed,
        serde_json::from_str::<Value>(&fixture_text("valid.json")).expect("JSON")
    );

    if let Some(reference) = common::reference_file("reference/app-connect-manifest.json") {
        let (code, stdout, stderr) = run(&binary, &["check", &reference.to_string_lossy()]);
        assert_eq!(code, Some(0), "{stderr}");
        let reference_json: Value =
            serde_json::from_str(&std::fs::read_to_string(&reference).expect("read"))
                .expect("JSON");
        assert_eq!(
            serde_json::from_str::<Value>(&stdout).expect("JSON"),
            reference_json
        );
    }

    let (code, stdout, stderr) = run(&binary, &["check", &path("invalid_rules.json")]);
    assert_eq!(code, Some(1));
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("platforms.acme.page.callLog.additionalFields[1].const"),
        "{stderr}"
    );
    assert!(stderr.contains("4 problems"), "{stderr}");

    let (code, _, stderr) = run(&binary, &["check", &path("bad_type.json")]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("additionalFields[0].contactDependent"),
        "{stderr}"
    );

    let (code, _, stderr) = run(&binary, &["check", &path("no-such-file.json")]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("cannot read"), "{stderr}");

    let (code, _, stderr) = run(&binary, &["frobnicate"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("usage"), "{stderr}");

    let (code, stdout, _) = run(&binary, &["schema"]);
    if cfg!(feature = "schema") {
        assert_eq!(code, Some(0));
        let schema: Value = serde_json::from_str(&stdout).expect("schema is JSON");
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
    } else {
        assert_eq!(code, Some(2));
    }
}
