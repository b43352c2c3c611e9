//! Tracing (issue 13): the request span's fields, the source chain of a connector error that
//! became a reply, panics, rejections, and no secret in any captured line.
#![cfg(feature = "tracing")]

mod common;
mod support;

use app_connect_sdk::http::{Method, StatusCode};
use support::{
    Capture, Failure, Harness, KNOWN_PHONE, Options, PLATFORM, USER_ID, create_call_body,
};

/// The first captured line that contains `needle`, without the quotes around string fields.
fn line_with(text: &str, needle: &str) -> String {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line contains {needle:?} in:\n{text}"))
        .replace('"', "")
}

#[tokio::test]
async fn a_failing_crm_call_is_logged_with_its_span_fields_and_source_chain() {
    let h = Harness::new(Options::default()).await;
    h.crm.fail(
        "findContact",
        Failure::CrmSource(500, "GET /contacts failed", "connection reset by peer"),
    );
    let capture = Capture::default();
    let _guard = capture.install();

    let a = h
        .call(
            Method::GET,
            &format!("/contact?phoneNumber={}", KNOWN_PHONE.replace('+', "%2B")),
            None,
        )
        .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.message(), "Error finding contact");

    let text = capture.text();
    let event = line_with(&text, "connector call failed");
    assert!(event.contains("WARN"), "{event}");
    // The whole source chain, outermost first.
    assert!(
        event.contains(
            "error=CRM request failed with HTTP 500: GET /contacts failed: connection reset by peer"
        ),
        "{event}"
    );
    assert!(event.contains("crm_status=500"), "{event}");
    // The request span's fields, on the event's line (fmt prints the span context).
    assert!(event.contains("app_connect.request{"), "{event}");
    assert!(event.contains("method=GET"), "{event}");
    assert!(event.contains("route=/contact"), "{event}");
    assert!(event.contains(&format!("platform={PLATFORM}")), "{event}");
    assert!(event.contains("interface=findContact"), "{event}");
    // The user is a 16-hex-digit pseudonym, never the id.
    let user = event
        .split("user=")
        .nth(1)
        .and_then(|rest| rest.split([' ', '}', ':']).next())
        .unwrap_or_default();
    assert_eq!(user.len(), 16, "{event}");
    assert!(user.chars().all(|c| c.is_ascii_hexdigit()), "{event}");
    assert!(!text.contains(USER_ID), "{text}");
    // The span's close is logged too.
    assert!(line_with(&text, "close").contains("route=/contact"));
    assert!(support::log_capture::leaks_in(&text).is_empty(), "{text}");
}

#[tokio::test]
async fn call_log_requests_carry_the_call_session_id() {
    let h = Harness::new(Options::default()).await;
    let capture = Capture::default();
    let _guard = capture.install();
    h.crm.fail("createCallLog", Failure::Crm(503, "CRM down"));
    let a = h
        .call(Method::POST, "/callLog", Some(create_call_body("sess-77")))
        .await;
    assert_eq!(a.status, StatusCode::OK);
    let text = capture.text();
    let event = line_with(&text, "connector call failed");
    assert!(event.contains("session_id=sess-77"), "{event}");
    assert!(event.contains("interface=createCallLog"), "{event}");
    assert!(event.contains("route=/callLog"), "{event}");

    let a = h
        .call(Method::GET, "/callLog?sessionIds=sess-78", None)
        .await;
    assert_eq!(a.status, StatusCode::OK);
    let text = capture.text().replace('"', "");
    assert!(
        text.lines()
            .any(|l| l.contains("close") && l.contains("session_id=sess-78")),
        "{text}"
    );
}

#[tokio::test]
async fn panics_and_rejections_are_logged() {
    let h = Harness::new(Options::default()).await;
    let capture = Capture::default();
    let _guard = capture.install();
    h.crm.fail("findContact", Failure::Panic);
    let a = h.call(Method::GET, "/contact?phoneNumber=%2B1", None).await;
    assert_eq!(a.status, StatusCode::OK);
    let text = capture.text();
    let event = line_with(&text, "panic caught");
    assert!(event.contains("ERROR"), "{event}");
    assert!(
        event.contains("panic=test connector panics in findContact"),
        "{event}"
    );

    let a = h
        .raw(
            Method::GET,
            "/contact?phoneNumber=%2B1",
            Some("not-a-jwt"),
            Vec::new(),
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    let text = capture.text();
    let event = line_with(&text, "request rejected");
    assert!(event.contains("status=400"), "{event}");
    assert!(
        event.contains("invalid JWT token: the session token is malformed"),
        "{event}"
    );
    assert!(support::log_capture::leaks_in(&text).is_empty(), "{text}");
}

#[tokio::test]
async fn a_request_sweep_over_every_route_logs_no_secret() {
    let h = Harness::new(Options::default()).await;
    let capture = Capture::default();
    let _guard = capture.install();
    let login = serde_json::json!({ "platform": PLATFORM, "apiKey": support::GOOD_KEY });
    let requests: Vec<(Method, String, Option<serde_json::Value>)> = vec![
        (Method::GET, "/isAlive".into(), None),
        (Method::GET, "/implementedInterfaces".into(), None),
        (Method::POST, "/apiKeyLogin".into(), Some(login)),
        (
            Method::GET,
            "/contact?phoneNumber=%2B14155550100&rcAccessToken=rc-secret".into(),
            None,
        ),
        (Method::GET, "/custom/contact/search?name=Ada".into(), None),
        (
            Method::POST,
            "/callLog".into(),
            Some(create_call_body("s-1")),
        ),
        (Method::GET, "/callLog?sessionIds=s-1".into(), None),
        (
            Method::PATCH,
            "/callLog".into(),
            Some(serde_json::json!({ "sessionId": "s-1", "note": "n" })),
        ),
        (
            Method::POST,
            "/messageLog".into(),
            Some(support::message_body("c-1", &["m1"], 1)),
        ),
        (Method::GET, "/authValidation".into(), None),
        (Method::GET, "/hostname".into(), None),
        (Method::GET, "/userInfoHash".into(), None),
        (
            Method::PUT,
            "/callDisposition".into(),
            Some(serde_json::json!({ "sessionId": "s-1" })),
        ),
        (Method::POST, "/user/refreshInfo".into(), None),
        (Method::POST, "/unAuthorize".into(), None),
        (Method::GET, "/nowhere".into(), None),
    ];
    for (method, uri, body) in requests {
        h.call(method, &uri, body).await;
    }
    let text = capture.text();
    assert!(text.lines().count() >= 16, "{text}");
    assert!(support::log_capture::leaks_in(&text).is_empty(), "{text}");
}
