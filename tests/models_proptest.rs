//! Property tests: arbitrary bytes / JSON never make the parsers panic; whatever parses
//! round-trips to the same JSON value; a wrongly typed value is reported at its own path.

use app_connect_sdk::models::*;
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

const KEYS: &[&str] = &[
    "logInfo",
    "sessionId",
    "contactId",
    "from",
    "to",
    "phoneNumber",
    "startTime",
    "duration",
    "direction",
    "result",
    "legs",
    "recording",
    "link",
    "additionalSubmission",
    "messages",
    "correspondents",
    "id",
    "type",
    "attachments",
    "returnMessage",
    "messageType",
    "details",
    "items",
    "userSettings",
    "value",
    "accessToken",
    "timezoneOffset",
    "isExtension",
    "overridingFormat",
    "conversationId",
    "platform",
    "apiKey",
    "note",
    "x",
];

const STRINGS: &[&str] = &[
    "",
    "pending",
    "true",
    "false",
    "Inbound",
    "Outbound",
    "SMS",
    "2026-06-24T02:30:00Z",
    "+05:30",
    "-300",
    "42",
    "brandNew",
    "\u{0}",
    "é🙂",
    "[redacted]",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        prop::sample::select(STRINGS).prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|kv| {
                Value::Object(
                    kv.into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

/// Parse; on success the value must serialise back to exactly the input.
fn parses_losslessly<T: Serialize + DeserializeOwned>(input: &Value) -> Result<(), TestCaseError> {
    let bytes = serde_json::to_vec(input).expect("serialisable");
    match from_json_slice::<T>(&bytes) {
        Ok(typed) => {
            let back = serde_json::to_value(&typed).expect("serialises");
            prop_assert_eq!(&back, input);
        }
        Err(e) => prop_assert!(!e.message.is_empty()),
    }
    Ok(())
}

/// Parse; on success, parsing our own output gives the same output again.
fn normalises_stably<T: Serialize + DeserializeOwned>(input: &Value) -> Result<(), TestCaseError> {
    let bytes = serde_json::to_vec(input).expect("serialisable");
    if let Ok(typed) = from_json_slice::<T>(&bytes) {
        let once = serde_json::to_value(&typed).expect("serialises");
        let again: T = from_json_value(once.clone()).expect("own output parses");
        prop_assert_eq!(
            serde_json::to_value(&again).expect("serialises"),
            once.clone()
        );
        // Nothing from the input is lost.
        if let (Value::Object(inp), Value::Object(out)) = (input, &once) {
            for (k, v) in inp {
                prop_assert_eq!(out.get(k), Some(v), "key {} lost or changed", k);
            }
        }
    }
    Ok(())
}

fn check_all(input: &Value) -> Result<(), TestCaseError> {
    parses_losslessly::<CreateCallLogRequest>(input)?;
    parses_losslessly::<UpdateCallLogRequest>(input)?;
    parses_losslessly::<MessageLogRequest>(input)?;
    parses_losslessly::<CallDispositionRequest>(input)?;
    parses_losslessly::<CreateContactRequest>(input)?;
    parses_losslessly::<ApiKeyLoginRequest>(input)?;
    parses_losslessly::<ContactSearchQuery>(input)?;
    // `User` is a stored record, not a pass-through payload: it always writes `accessToken`,
    // `platformAdditionalInfo` and `userSettings`. Its output must be stable instead.
    normalises_stably::<User>(input)?;
    parses_losslessly::<Contact>(input)?;
    parses_losslessly::<ReturnMessage>(input)?;
    parses_losslessly::<CallLog>(input)?;
    parses_losslessly::<RcMessage>(input)?;
    parses_losslessly::<BasicMutationResponse>(input)?;
    parses_losslessly::<MessageLogResponse>(input)?;
    Ok(())
}

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/models/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).expect("fixture is JSON")
}

/// Every JSON pointer in a document, with the path `ModelError` would print for it.
fn locations(value: &Value, pointer: String, path: String, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                let ptr = format!("{pointer}/{k}");
                out.push((ptr.clone(), p.clone()));
                locations(v, ptr, p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let p = format!("{path}[{i}]");
                let ptr = format!("{pointer}/{i}");
                out.push((ptr.clone(), p.clone()));
                locations(v, ptr, p, out);
            }
        }
        _ => {}
    }
}

fn mutation_check<T: Serialize + DeserializeOwned>(
    doc: &Value,
    index: prop::sample::Index,
    replacement: Value,
) -> Result<(), TestCaseError> {
    let mut spots = Vec::new();
    locations(doc, String::new(), String::new(), &mut spots);
    let (pointer, path) = index.get(&spots).clone();
    let mut mutated = doc.clone();
    *mutated.pointer_mut(&pointer).expect("pointer exists") = replacement;
    let bytes = serde_json::to_vec(&mutated).expect("ser");
    match from_json_slice::<T>(&bytes) {
        Ok(typed) => {
            prop_assert_eq!(serde_json::to_value(&typed).expect("ser"), mutated);
        }
        Err(e) => {
            // The error is reported exactly where the bad value was put.
            prop_assert_eq!(&e.path, &path, "{}", e);
            let prefix = format!("{path}: ");
            prop_assert!(e.to_string().starts_with(&prefix), "{}", e);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = from_json_slice::<CreateCallLogRequest>(&bytes);
        let _ = from_json_slice::<UpdateCallLogRequest>(&bytes);
        let _ = from_json_slice::<MessageLogRequest>(&bytes);
        let _ = from_json_slice::<User>(&bytes);
        let _ = from_json_slice::<ApiKeyLoginRequest>(&bytes);
    }

    #[test]
    fn arbitrary_json_parses_losslessly_or_errors(value in json()) {
        check_all(&value)?;
    }

    #[test]
    fn arbitrary_objects_under_log_info_parse_losslessly_or_errors(
        log_info in json(),
        extra in json(),
    ) {
        let body = serde_json::json!({ "contactId": "1", "logInfo": log_info, "somethingElse": extra });
        check_all(&body)?;
    }

    #[test]
    fn a_bad_value_in_a_call_log_is_reported_at_its_path(
        index in any::<prop::sample::Index>(),
        replacement in leaf(),
    ) {
        mutation_check::<CreateCallLogRequest>(&fixture("create_call_log.json"), index, replacement)?;
    }

    #[test]
    fn a_bad_value_in_a_message_log_is_reported_at_its_path(
        index in any::<prop::sample::Index>(),
        replacement in leaf(),
    ) {
        mutation_check::<MessageLogRequest>(&fixture("message_log.json"), index, replacement)?;
    }

    #[test]
    fn a_bad_value_in_an_update_is_reported_at_its_path(
        index in any::<prop::sample::Index>(),
        replacement in leaf(),
    ) {
        mutation_check::<UpdateCallLogRequest>(&fixture("update_call_log.json"), index, replacement)?;
    }
}
