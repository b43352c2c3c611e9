//! `GET /releaseNotes` (issue 12): the notes given to `ServerBuilder::release_notes`, `{}`
//! without any (core's answer), each answer checked against the contract.

mod common;
mod support;

use app_connect_sdk::http::{Method, StatusCode};
use app_connect_sdk::models::{ReleaseNotes, from_json_str};
use serde_json::json;
use support::{Harness, Options, assert_contract};

async fn harness(notes: Option<ReleaseNotes>) -> Harness {
    Harness::with(Options::default(), |builder| match notes {
        Some(notes) => builder.release_notes(notes),
        None => builder,
    })
    .await
}

#[tokio::test]
async fn release_notes_without_any_are_an_empty_object() {
    let h = harness(None).await;
    let a = h.raw(Method::GET, "/releaseNotes", None, Vec::new()).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("GET", "/releaseNotes", &a);
    assert_eq!(a.text, "{}");
}

#[tokio::test]
async fn release_notes_are_served_in_order_with_a_global_section() {
    let notes = ReleaseNotes::new()
        .note("1.10.0", "testCRM", "New", "Appointments")
        .and_then(|n| n.note("1.10.0", "testCRM", "Fix", "Deal order"))
        .and_then(|n| n.note("1.9.2", "global", "Better", "Faster lookups"))
        .and_then(|n| n.note("1.9.2", "testCRM", "Fix", "Phone formats"))
        .expect("valid notes");
    let h = harness(Some(notes)).await;
    // No session needed, as in core.
    let a = h.raw(Method::GET, "/releaseNotes", None, Vec::new()).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("GET", "/releaseNotes", &a);
    assert_eq!(
        a.json(),
        json!({
            "1.10.0": {
                "global": [],
                "testCRM": [
                    { "type": "New", "description": "Appointments" },
                    { "type": "Fix", "description": "Deal order" }
                ]
            },
            "1.9.2": {
                "global": [{ "type": "Better", "description": "Faster lookups" }],
                "testCRM": [{ "type": "Fix", "description": "Phone formats" }]
            }
        })
    );
    // Versions keep the order given (1.10.0 before 1.9.2), and `global` comes first.
    let first = a.text.find("1.10.0").expect("1.10.0");
    let second = a.text.find("1.9.2").expect("1.9.2");
    assert!(first < second, "{}", a.text);
    assert!(
        a.text.starts_with(r#"{"1.10.0":{"global":[]"#),
        "{}",
        a.text
    );
    // With a session too.
    let a = h.call(Method::GET, "/releaseNotes", None).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
}

#[tokio::test]
async fn release_notes_from_json_round_trip_and_name_the_bad_path() {
    let text = r#"{"1.7.14":{"global":[],"exampleCRM":[{"type":"New","description":"Added SMS time tracking."}]}}"#;
    let notes: ReleaseNotes = from_json_str(text).expect("the contract's example parses");
    assert_eq!(serde_json::to_string(&notes).expect("serialises"), text);
    let h = harness(Some(notes)).await;
    let a = h.raw(Method::GET, "/releaseNotes", None, Vec::new()).await;
    assert_contract("GET", "/releaseNotes", &a);
    assert_eq!(a.text, text);

    for (bad, path) in [
        (r#"{"1.0.0":{"crm":[{"type":"New"}]}}"#, "1.0.0.crm[0]"),
        (
            r#"{"1.0.0":{"crm":[{"type":"","description":"x"}]}}"#,
            "1.0.0.crm[0]",
        ),
        (
            r#"{"1.0.0":{"crm":[{"type":"New","description":"x","link":"y"}]}}"#,
            "1.0.0.crm[0].link",
        ),
        (r#"{"1.0.0":{"crm":{"type":"New"}}}"#, "1.0.0.crm"),
        (r#"{"1.0.0":[]}"#, "1.0.0"),
    ] {
        let error = from_json_str::<ReleaseNotes>(bad).expect_err(bad);
        assert_eq!(error.path, path, "{bad}: {error}");
    }
    let error = ReleaseNotes::new()
        .note("1.0.0", "crm", "New", " ")
        .expect_err("an empty description");
    assert_eq!(error.path, "1.0.0.crm[0].description");
}

#[tokio::test]
async fn release_notes_answer_405_to_another_method() {
    let h = harness(None).await;
    let a = h.call(Method::POST, "/releaseNotes", None).await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED, "{}", a.text);
    assert_eq!(
        a.headers
            .get(app_connect_sdk::http::header::ALLOW)
            .and_then(|v| v.to_str().ok()),
        Some("GET")
    );
}
