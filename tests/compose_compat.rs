//! Every public compatibility vector of App Connect core's composer must be reproduced exactly.

mod common;

use app_connect_sdk::compose::jsonl::compose_value;
use serde_json::Value;

#[test]
fn public_compat_vectors_are_byte_identical() {
    let Some(text) = common::reference_text("vectors/composer-compat-public.jsonl") else {
        return;
    };
    let mut failures = Vec::new();
    let mut count = 0;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let case: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("vector line {} is not JSON: {e}", n + 1));
        let name = case["name"].as_str().unwrap_or("?").to_owned();
        let expected = case["expected"].as_str().map(str::to_owned);
        count += 1;
        match (compose_value(&case["params"]), expected) {
            (Ok(got), Some(want)) if got == want => {}
            (got, want) => failures.push(format!(
                "{name} (line {}):\n  want {want:?}\n  got  {got:?}",
                n + 1
            )),
        }
    }
    assert!(count >= 400, "only {count} vectors read");
    assert!(
        failures.is_empty(),
        "{} of {count} vectors differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Composing a vector's input again over its expected output changes nothing (idempotence on
/// real App Connect data), in every format.
#[test]
fn composing_again_over_the_expected_output_is_a_no_op() {
    let Some(text) = common::reference_text("vectors/composer-compat-public.jsonl") else {
        return;
    };
    let mut failures = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let Ok(mut case) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let Some(expected) = case["expected"].as_str().map(str::to_owned) else {
            continue;
        };
        case["params"]["existingBody"] = Value::String(expected.clone());
        let again = compose_value(&case["params"]);
        if again.as_deref() != Ok(expected.as_str()) {
            failures.push(format!(
                "{}:\n  first  {expected:?}\n  again  {again:?}",
                case["name"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
