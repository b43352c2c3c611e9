//! A replay of the failure paths where the runtime once answered differently from App Connect
//! core 1.7.41 (issue 12, item 3): each request is sent as the App Connect client sends it and
//! the answer is compared with core's (status, `successful`, the message the user sees), and
//! checked against the OpenAPI contract.

mod common;
mod support;

use app_connect_sdk::http::{Method, Request, StatusCode, header};
use app_connect_sdk::server::AUTHORIZE_CRM;
use app_connect_sdk::server::session::SessionKeys;
use serde_json::{Value, json};
use support::{
    GOOD_KEY, Harness, KNOWN_PHONE, Options, PLATFORM, USER_ID, answer, assert_contract,
    create_call_body, message_body,
};

const GET: Method = Method::GET;
const POST: Method = Method::POST;

async fn harness() -> Harness {
    Harness::new(Options::default()).await
}

/// A request with a session token (or none), a body and an explicit `Content-Type` (or none).
async fn send(
    h: &Harness,
    method: Method,
    uri: &str,
    token: Option<&str>,
    content_type: Option<&str>,
    body: &Value,
) -> support::Answer {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    if let Some(content_type) = content_type {
        request = request.header(header::CONTENT_TYPE, content_type);
    }
    let request = request
        .body(body.to_string().into_bytes())
        .expect("request builds");
    answer(h.server.handle(request).await)
}

#[tokio::test]
async fn routes_null_or_absent_contact_id_is_contact_not_found() {
    let h = harness().await;
    for (label, edit) in [("null", Some(Value::Null)), ("absent", None::<Value>)] {
        let mut body = create_call_body(&format!("s-contact-{label}"));
        match &edit {
            Some(value) => body["contactId"] = value.clone(),
            None => {
                body.as_object_mut().map(|m| m.remove("contactId"));
            }
        }
        let a = h.call(POST, "/callLog", Some(body)).await;
        assert_eq!(a.status, StatusCode::OK, "{label}: {}", a.text);
        assert_contract("POST", "/callLog", &a);
        assert_eq!(a.json()["successful"], false, "{label}");
        assert_eq!(
            a.message(),
            format!("Contact not found for number {KNOWN_PHONE}"),
            "{label}"
        );

        let mut body = message_body(&format!("conv-{label}-2026-11-21"), &["m-1"], 1);
        match &edit {
            Some(value) => body["contactId"] = value.clone(),
            None => {
                body.as_object_mut().map(|m| m.remove("contactId"));
            }
        }
        let a = h.call(POST, "/messageLog", Some(body)).await;
        assert_eq!(a.status, StatusCode::OK, "{label}: {}", a.text);
        assert_contract("POST", "/messageLog", &a);
        assert_eq!(a.json()["successful"], false, "{label}");
        // The first correspondent's number, as core words it.
        assert_eq!(
            a.message(),
            "Contact not found for number +14155550100",
            "{label}"
        );
    }
    assert!(h.crm.calls().is_empty(), "{:?}", h.crm.calls());

    // A wrongly typed contactId is still refused, naming the field.
    let mut body = create_call_body("s-contact-typed");
    body["contactId"] = json!({ "id": 1 });
    let a = h.call(POST, "/callLog", Some(body)).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.text.contains("contactId"), "{}", a.text);
}

fn signed(claims: &Value) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        claims,
        &jsonwebtoken::EncodingKey::from_secret(support::SECRET.as_bytes()),
    )
    .expect("test token signs")
}

#[tokio::test]
async fn routes_refused_sessions_tell_the_user_to_authorize() {
    let h = harness().await;
    let now = chrono::Utc::now().timestamp();
    let other = SessionKeys::new("another-secret-that-is-long-enough")
        .expect("keys")
        .issue(USER_ID, PLATFORM)
        .expect("token");
    let cases: Vec<(&str, Option<String>, &str)> = vec![
        ("missing", None, AUTHORIZE_CRM),
        (
            "expired",
            Some(signed(
                &json!({ "id": USER_ID, "platform": PLATFORM, "iat": now - 100, "exp": now - 10 }),
            )),
            "expired",
        ),
        (
            "forged",
            Some(other.expose().to_owned()),
            "signature is invalid",
        ),
        (
            "no id",
            Some(signed(&json!({ "platform": PLATFORM, "exp": now + 1000 }))),
            "`id`",
        ),
        (
            "unserved platform",
            Some(signed(
                &json!({ "id": USER_ID, "platform": "elsewhereCRM", "exp": now + 1000 }),
            )),
            "elsewhereCRM",
        ),
    ];
    for (label, token, reason) in cases {
        for (method, uri, body, contract_path) in [
            (
                GET,
                "/contact?phoneNumber=%2B14155550100",
                Value::Null,
                "/contact",
            ),
            (GET, "/callLog?sessionIds=s-1", Value::Null, "/callLog"),
            (POST, "/callLog", create_call_body("s-auth"), "/callLog"),
            (
                POST,
                "/messageLog",
                message_body("conv-auth", &["m-1"], 1),
                "/messageLog",
            ),
            (
                GET,
                "/accountData?keys=activityTypes",
                Value::Null,
                "/accountData",
            ),
            // Core never answers this one without a session (the client waits forever).
            (
                POST,
                "/callLog/cacheNote",
                json!({ "sessionId": "s-auth", "note": "n" }),
                "/callLog/cacheNote",
            ),
        ] {
            let raw_body = if body.is_null() {
                Vec::new()
            } else {
                body.to_string().into_bytes()
            };
            let a = h.raw(method.clone(), uri, token.as_deref(), raw_body).await;
            assert_eq!(
                a.status,
                StatusCode::BAD_REQUEST,
                "{label} {uri}: {}",
                a.text
            );
            assert_contract(method.as_str(), contract_path, &a);
            // What core says, and what the client shows.
            assert_eq!(a.message(), AUTHORIZE_CRM, "{label} {uri}");
            assert_eq!(a.json()["successful"], false, "{label} {uri}");
            let error = a.json()["error"].as_str().unwrap_or_default().to_owned();
            assert!(error.starts_with(AUTHORIZE_CRM), "{label}: {error}");
            assert!(error.contains(reason), "{label}: {error}");
            if let Some(token) = &token {
                assert!(!a.text.contains(token.as_str()), "{label}: token echoed");
            }
        }
    }
    assert!(h.crm.calls().is_empty(), "{:?}", h.crm.calls());
}

#[tokio::test]
async fn routes_missing_new_contact_name_and_api_key_reach_the_connector() {
    let h = harness().await;
    let a = h
        .call(
            POST,
            "/contact",
            Some(json!({ "phoneNumber": "+14155550111", "newContactType": "Contact" })),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/contact", &a);
    assert_eq!(a.json()["successful"], false);
    assert_eq!(a.message(), "A new contact needs a name");
    let calls = h.crm.calls_to("createContact");
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0]["newContactName"], "");

    let a = h
        .raw(
            POST,
            "/apiKeyLogin",
            None,
            json!({ "platform": PLATFORM }).to_string().into_bytes(),
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
    assert_contract("POST", "/apiKeyLogin", &a);
    assert_eq!(a.message(), "Invalid API key");
    assert!(a.json().get("jwtToken").is_none());
    assert_eq!(h.crm.calls_to("getUserInfo")[0]["apiKeyGood"], false);
}

#[tokio::test]
async fn routes_message_log_return_message_is_null_only_when_nothing_was_sent() {
    let h = harness().await;
    let body = message_body("conv-rm-2026-11-21", &["m-rm-1"], 1);
    // The connector logs it and says nothing: no `returnMessage` key, as core's
    // `returnMessage = result?.returnMessage` leaves it undefined.
    let a = h.call(POST, "/messageLog", Some(body.clone())).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/messageLog", &a);
    assert_eq!(a.json()["logIds"], json!(["m-rm-1"]));
    assert!(a.json().get("returnMessage").is_none(), "{}", a.text);

    // Everything already logged: core's initial `null`.
    let a = h.call(POST, "/messageLog", Some(body)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/messageLog", &a);
    assert_eq!(a.json()["logIds"], json!([]));
    assert_eq!(
        a.json().get("returnMessage"),
        Some(&Value::Null),
        "{}",
        a.text
    );
    assert_eq!(h.crm.count("createMessageLog"), 1);
}

#[tokio::test]
async fn routes_call_log_lookup_omits_a_missing_return_message() {
    // Core writes `returnMessage: null` here; the contract's CallLogLookupResponse does not
    // allow null, so the runtime leaves the key out (docs/server.md, deliberate differences).
    let h = harness().await;
    let a = h.call(GET, "/callLog?sessionIds=s-none", None).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("GET", "/callLog", &a);
    assert!(a.json().get("returnMessage").is_none(), "{}", a.text);
    assert_eq!(a.json()["logs"][0]["matched"], false);
}

#[tokio::test]
async fn routes_json_bodies_of_another_content_type_get_415() {
    let h = harness().await;
    let login = json!({ "platform": PLATFORM, "apiKey": GOOD_KEY });
    // A cross-site form or fetch without a preflight: never signs in.
    for content_type in [
        Some("text/plain"),
        Some("text/plain;charset=UTF-8"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        None,
    ] {
        let a = send(&h, POST, "/apiKeyLogin", None, content_type, &login).await;
        assert_eq!(
            a.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type:?}: {}",
            a.text
        );
        assert!(a.json().get("jwtToken").is_none());
        assert_eq!(a.json()["successful"], false);
        assert!(
            a.json()["error"]
                .as_str()
                .is_some_and(|e| e.contains("application/json")),
            "{}",
            a.text
        );
    }
    assert_eq!(h.crm.count("getUserInfo"), 0);

    let token = h.token.clone();
    for (method, uri, body) in [
        (POST, "/callLog", create_call_body("s-415")),
        (
            Method::PATCH,
            "/callLog",
            json!({ "sessionId": "s-415", "note": "n" }),
        ),
        (
            POST,
            "/contact",
            json!({ "phoneNumber": "+1", "newContactName": "A" }),
        ),
        (POST, "/messageLog", message_body("conv-415", &["m-415"], 1)),
        (
            Method::PUT,
            "/callDisposition",
            json!({ "sessionId": "s-415", "dispositions": {} }),
        ),
    ] {
        let a = send(
            &h,
            method.clone(),
            uri,
            Some(&token),
            Some("text/plain"),
            &body,
        )
        .await;
        assert_eq!(
            a.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{method} {uri}: {}",
            a.text
        );
        assert!(a.text.contains("text/plain"), "{}", a.text);
    }
    assert!(h.crm.calls().is_empty(), "{:?}", h.crm.calls());

    // JSON with parameters, and a `+json` type, are JSON.
    for content_type in [
        "application/json; charset=utf-8",
        "application/vnd.api+json",
    ] {
        let a = send(&h, POST, "/apiKeyLogin", None, Some(content_type), &login).await;
        assert_eq!(a.status, StatusCode::OK, "{content_type}: {}", a.text);
        assert_contract("POST", "/apiKeyLogin", &a);
        assert!(a.json()["jwtToken"].is_string());
    }
    // A route without a body is unaffected by a stray Content-Type.
    let a = send(
        &h,
        GET,
        "/contact?phoneNumber=%2B14155550100",
        Some(&token),
        Some("text/plain"),
        &Value::Null,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
}
