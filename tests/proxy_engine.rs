//! The behaviours App Connect core's proxy engine tests check (`engine.test.ts`), reproduced
//! against a fake CRM on loopback: template rendering, paths, URL joining, request
//! composition, each auth scheme, request defaults, failures and response mapping.
#![cfg(feature = "proxy")]

mod common;
mod proxy_support;

use std::time::Duration;

use app_connect_sdk::connector::proxy::{get_by_path, join_url, render_deep, render_str};
use app_connect_sdk::connector::{Connector, ConnectorError, ContactCreation, Context};
use app_connect_sdk::http::{Method, StatusCode};
use app_connect_sdk::models::{
    CallLog, ContactInfo, CreateCallLogParams, CreateContactParams, FindContactParams,
    FindContactWithNameParams, GetCallLogParams, GetUserInfoParams, Secret, StartTime,
};
use base64::Engine as _;
use proxy_support::{FakeCrm, Reply, connector, cx, user};
use serde_json::{Value, json};

fn b64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

#[test]
fn proxy_render_str_handles_full_and_partial_templates() {
    let context = json!({ "a": { "b": 123 }, "name": "Alice" });
    assert_eq!(render_str("{{a.b}}", &context), Some(json!(123)));
    assert_eq!(
        render_str("Hello {{name}}", &context),
        Some(json!("Hello Alice"))
    );
    assert_eq!(
        render_str("Missing {{x.y}} here", &context),
        Some(json!("Missing  here"))
    );
    assert_eq!(render_str("{{x.y}}", &context), None);
    // A non-string input is kept as it is.
    assert_eq!(render_deep(&json!(123), &context), Some(json!(123)));
}

#[test]
fn proxy_get_by_path_handles_root_empty_missing_and_nested_paths() {
    let object = json!({ "a": { "b": 123 } });
    assert_eq!(get_by_path(&object, None), Some(&object));
    assert_eq!(get_by_path(&object, Some("$")), Some(&object));
    assert_eq!(get_by_path(&object, Some("a.b")), Some(&json!(123)));
    assert_eq!(get_by_path(&object, Some("a.missing.value")), None);
}

#[test]
fn proxy_render_deep_renders_nested_objects_and_arrays() {
    let context = json!({ "id": 42, "name": "Alice", "items": ["x", "y"] });
    let input = json!({
        "url": "/users/{{id}}",
        "body": { "name": "{{name}}", "tags": ["a", "{{items.1}}"] }
    });
    let out = render_deep(&input, &context).expect("rendered");
    assert_eq!(out["url"], "/users/42");
    assert_eq!(out["body"]["name"], "Alice");
    assert_eq!(out["body"]["tags"], json!(["a", "y"]));
    assert_eq!(render_deep(&Value::Null, &context), Some(Value::Null));
}

#[test]
fn proxy_join_url_joins_base_and_path_and_preserves_absolute_urls() {
    assert_eq!(
        join_url("https://api.example.com", "/v1/items"),
        "https://api.example.com/v1/items"
    );
    assert_eq!(
        join_url("https://api.example.com/", "v1/items"),
        "https://api.example.com/v1/items"
    );
    assert_eq!(
        join_url("", "https://full.example.com/x"),
        "https://full.example.com/x"
    );
    assert_eq!(
        join_url("https://api.example.com", ""),
        "https://api.example.com"
    );
    assert_eq!(
        join_url("https://api.example.com", "https://full.example.com/x"),
        "https://full.example.com/x"
    );
}

#[tokio::test]
async fn proxy_request_composes_url_headers_query_body_and_auth() {
    let crm = FakeCrm::always(json!({ "ok": true })).await;
    let connector = connector(
        json!({
            "secretKey": "shh-key",
            "auth": { "type": "apiKey", "scheme": "Basic", "credentialTemplate": "{{apiKey}}",
                      "encode": "base64", "headerName": "Authorization" },
            "requestDefaults": {
                "timeoutSeconds": 10,
                "defaultHeaders": { "Accept": "application/json", "X-Secret-Key": "{{secretKey}}" }
            },
            "operations": { "createContact": {
                "method": "post",
                "url": "/things/{{additionalSubmission.thingId}}",
                "headers": { "Content-Type": "application/json" },
                "query": { "search": "{{additionalSubmission.q}}", "gone": "{{nothing}}" },
                "body": { "id": "{{additionalSubmission.thingId}}", "name": "{{newContactName}}",
                          "missing": "{{nothing}}" }
            } }
        }),
        &crm,
    );
    let mut params = CreateContactParams::default();
    params.new_contact_name = "Widget".into();
    params.additional_submission.insert("thingId", 7);
    params.additional_submission.insert("q", "alpha");
    connector
        .create_contact(&cx(user("token-123"), None), params)
        .await
        .expect("request succeeds");

    assert_eq!(crm.count(), 1);
    let request = crm.last();
    assert_eq!(request.method, Method::POST);
    assert_eq!(request.path, "/things/7");
    assert_eq!(
        request.query,
        vec![("search".to_owned(), "alpha".to_owned())]
    );
    // Whole-value templates keep their JSON type; undefined members are left out.
    assert_eq!(request.body, json!({ "id": 7, "name": "Widget" }));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("x-secret-key"), Some("shh-key"));
    assert_eq!(
        request.header("authorization"),
        Some(format!("Basic {}", b64("token-123")).as_str())
    );
}

#[tokio::test]
async fn proxy_missing_operations_send_nothing() {
    let crm = FakeCrm::always(json!({})).await;
    let connector = connector(json!({ "operations": {} }), &crm);
    let found = connector
        .find_contact(&cx(user("t"), Some("x")), FindContactParams::new("+1"))
        .await
        .expect("no operation is not an error");
    assert!(found.successful && found.matched_contact_info.is_empty());
    assert_eq!(crm.count(), 0);
}

#[tokio::test]
async fn proxy_http_failures_keep_the_status_and_log_no_request_data() {
    let crm = FakeCrm::start(|_| {
        Reply::status(
            502,
            json!({ "sensitive": "response body must not be logged here" }),
        )
        .with_header("x-request-id", "upstream-request-123")
    })
    .await;
    let connector = connector(
        json!({
            "meta": { "name": "exampleProxy" },
            "requestDefaults": { "timeoutSeconds": 10,
                                 "defaultHeaders": { "Authorization": "Bearer secret-token" } },
            "operations": { "findContact": {
                "url": "/contacts/{{phoneNumber}}", "query": { "phone": "{{phoneNumber}}" }
            } }
        }),
        &crm,
    );
    let err = connector
        .find_contact(
            &cx(user("secret-token"), None),
            FindContactParams::new("+15551234567"),
        )
        .await
        .expect_err("a 502 fails");
    assert_eq!(err.crm_status(), Some(StatusCode::BAD_GATEWAY));
    let text = err.to_string();
    let host = crm.url.trim_start_matches("http://");
    for expected in [
        "PROXY_CONNECTOR_REQUEST_FAILED",
        "proxyOperation=findContact",
        "proxyId=p1",
        "connectorName=exampleProxy",
        "method=GET",
        &format!("targetHost={host}"),
        "statusCode=502",
        "errorCode=ERR_BAD_RESPONSE",
        "durationMs=",
        "timeoutMs=10000",
        "upstreamRequestId=upstream-request-123",
    ] {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }
    for secret in [
        "+15551234567",
        "secret-token",
        "response body must not be logged here",
    ] {
        assert!(!text.contains(secret), "{secret} leaked into {text}");
        assert!(
            !format!("{err:?}").contains(secret),
            "{secret} leaked into Debug"
        );
    }
    // The user sees App Connect's message for a failed contact lookup.
    let reply = err.reply(
        app_connect_sdk::connector::Interface::FindContact,
        "exampleProxy",
    );
    assert_eq!(
        reply.return_message.message.as_deref(),
        Some("Error finding contact")
    );
}

#[tokio::test]
async fn proxy_timeouts_fail_without_a_status_and_name_the_timeout() {
    let crm = FakeCrm::start(|_| Reply::json(json!({})).after(Duration::from_millis(1500))).await;
    let connector = connector(
        json!({
            "requestDefaults": { "timeoutSeconds": 0.3 },
            "operations": { "findContact": { "url": "/find?phone={{phoneNumber}}" } }
        }),
        &crm,
    );
    let started = std::time::Instant::now();
    let err = connector
        .find_contact(&cx(user("t"), None), FindContactParams::new("+15557654321"))
        .await
        .expect_err("the CRM is too slow");
    assert!(
        started.elapsed() < Duration::from_millis(1400),
        "the timeout was not applied"
    );
    assert!(
        matches!(err, ConnectorError::Crm { status: None, .. }),
        "{err:?}"
    );
    let text = err.to_string();
    for expected in [
        "proxyOperation=findContact",
        "statusCode=unknown",
        "errorCode=ECONNABORTED",
        "timeoutMs=300",
    ] {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }
    assert!(!text.contains("+15557654321"));
    // The chained source error carries no URL either.
    let source = std::error::Error::source(&err)
        .map(ToString::to_string)
        .unwrap_or_default();
    assert!(!source.contains("15557654321"), "{source}");
}

#[tokio::test]
async fn proxy_default_timeout_is_thirty_seconds() {
    let crm = FakeCrm::start(|_| Reply::status(500, json!({}))).await;
    let connector = connector(
        json!({ "operations": { "findContact": { "url": "/x" } } }),
        &crm,
    );
    let err = connector
        .find_contact(&cx(user("t"), None), FindContactParams::new("+1"))
        .await
        .expect_err("500");
    assert!(err.to_string().contains("timeoutMs=30000"), "{err}");
}

#[tokio::test]
async fn proxy_request_applies_the_prepared_auth_header_and_oauth_defaults() {
    let crm = FakeCrm::always(json!({ "ok": true })).await;
    let plain = connector(
        json!({ "operations": { "findContact": { "url": "/ping" } } }),
        &crm,
    );
    plain
        .find_contact(
            &cx(user("token-123"), Some("Bearer provided")),
            FindContactParams::new("+1"),
        )
        .await
        .expect("ok");
    let first = crm.last();
    assert_eq!(
        (first.method.clone(), first.path.as_str()),
        (Method::GET, "/ping")
    );
    assert_eq!(first.header("authorization"), Some("Bearer provided"));
    assert_eq!(
        first.body,
        Value::Null,
        "a GET without a body template sends none"
    );

    let oauth = connector(
        json!({ "auth": { "type": "oauth" },
                "operations": { "findContact": { "url": format!("{}/ping", crm.url) } } }),
        &crm,
    );
    oauth
        .find_contact(&cx(user("oauth-token"), None), FindContactParams::new("+1"))
        .await
        .expect("ok");
    assert_eq!(
        crm.last().header("authorization"),
        Some("Bearer oauth-token")
    );
}

#[tokio::test]
async fn proxy_operation_auth_overrides_connector_auth() {
    let crm = FakeCrm::always(json!({ "ok": true })).await;
    let connector = connector(
        json!({
            "auth": { "type": "oauth" },
            "secretKey": "secret-1",
            "operations": { "createContact": {
                "method": "POST", "url": "/things",
                "auth": { "headerName": "X-Api-Key", "credentialTemplate": "{{apiKey}}:{{secretKey}}",
                          "encode": "none" },
                "body": { "userId": "{{user.id}}", "hostname": "{{user.hostname}}",
                          "tokenExpiry": "{{user.tokenExpiry}}" }
            } }
        }),
        &crm,
    );
    let mut signed_in = user("token-123");
    signed_in.hostname = Some("host.example.com".into());
    signed_in.token_expiry = "2030-01-01T00:00:00Z".parse().ok();
    connector
        .create_contact(&cx(signed_in, None), CreateContactParams::default())
        .await
        .expect("ok");
    let request = crm.last();
    assert_eq!(request.header("x-api-key"), Some("token-123:secret-1"));
    assert_eq!(request.header("authorization"), None);
    assert_eq!(
        request.body,
        json!({ "userId": "u1", "hostname": "host.example.com", "tokenExpiry": "2030-01-01T00:00:00Z" })
    );
}

#[tokio::test]
async fn proxy_first_login_uses_the_submitted_api_key() {
    let crm = FakeCrm::always(json!({ "user": { "id": "u1" } })).await;
    let connector = connector(
        json!({
            "auth": { "type": "apiKey", "scheme": "Basic", "credentialTemplate": "{{apiKey}}",
                      "encode": "base64", "headerName": "Authorization" },
            "operations": { "getUserInfo": { "method": "GET", "url": "/authentication",
                                             "responseMapping": { "idPath": "body.user.id" } } }
        }),
        &crm,
    );
    let mut params = GetUserInfoParams::default();
    params.api_key = Some(Secret::new("login-key"));
    params.platform = Some("test".into());
    let cx = Context::builder().platform("test").build(); // no user yet
    let result = connector.get_user_info(&cx, params).await.expect("ok");
    assert!(result.successful);
    assert_eq!(
        crm.last().header("authorization"),
        Some(format!("Basic {}", b64("login-key")).as_str())
    );
}

#[tokio::test]
async fn proxy_find_contact_maps_the_contact_created_date() {
    let crm = FakeCrm::always(json!({ "contacts": [{
        "id": "c1", "name": "Alice", "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-02-01T00:00:00Z"
    }] }))
    .await;
    let connector = connector(
        json!({ "operations": { "findContact": { "url": "/contacts", "responseMapping": {
            "listPath": "body.contacts",
            "item": { "idPath": "id", "namePath": "name", "createdDatePath": "created_at",
                      "mostRecentActivityDatePath": "updated_at" }
        } } } }),
        &crm,
    );
    let found = connector
        .find_contact(&cx(user("t"), None), FindContactParams::new("+1"))
        .await
        .expect("ok");
    let json = serde_json::to_value(&found.matched_contact_info).expect("json");
    assert_eq!(json[0]["id"], "c1");
    assert_eq!(json[0]["name"], "Alice");
    assert_eq!(json[0]["createdDate"], "2024-01-01T00:00:00Z");
    assert_eq!(json[0]["mostRecentActivityDate"], "2024-02-01T00:00:00Z");
}

#[tokio::test]
async fn proxy_find_contact_defaults_when_mappings_or_fields_are_absent() {
    let crm = FakeCrm::always(json!([{ "id": "c1" }])).await;
    // No responseMapping: nothing is read.
    let unmapped = connector(
        json!({ "operations": { "findContact": { "url": "/c" } } }),
        &crm,
    );
    let found = unmapped
        .find_contact(&cx(user("t"), None), FindContactParams::new("+1"))
        .await
        .expect("ok");
    assert!(found.matched_contact_info.is_empty());

    // An empty mapping reads the whole answer as the list, with App Connect's defaults.
    let mapped = connector(
        json!({ "operations": { "findContact": { "url": "/c", "responseMapping": {} } } }),
        &crm,
    );
    let found = mapped
        .find_contact(&cx(user("t"), None), FindContactParams::new("+1"))
        .await
        .expect("ok");
    assert_eq!(
        serde_json::to_value(&found.matched_contact_info).expect("json"),
        json!([{ "id": "c1", "name": "", "type": "Contact", "title": "", "company": "" }])
    );
}

#[tokio::test]
async fn proxy_call_log_mappings_use_defaults_and_configured_paths() {
    let crm = FakeCrm::start(|r| {
        if r.method == Method::GET {
            Reply::json(json!({ "activity": { "subject": "Subject", "note": "Note", "description": "Body" } }))
        } else {
            Reply::json(json!({ "id": "ignored", "activity": { "id": 123 } }))
        }
    })
    .await;
    let mut params = CreateCallLogParams::default();
    params.contact_info = ContactInfo::new("c1", "+1");
    params.call_log = CallLog::new("s1");

    let unmapped = connector(
        json!({ "operations": { "createCallLog": { "method": "POST", "url": "/a" } } }),
        &crm,
    );
    let result = unmapped
        .create_call_log(&cx(user("t"), None), params.clone())
        .await
        .expect("ok");
    assert_eq!(result.log_id, None);

    let mapped = connector(
        json!({ "operations": {
            "createCallLog": { "method": "POST", "url": "/a",
                               "responseMapping": { "idPath": "body.activity.id" } },
            "getCallLog": { "url": "/a/{{thirdPartyLogId}}", "responseMapping": {
                "subjectPath": "body.activity.subject", "notePath": "body.activity.note",
                "fullBodyPath": "body.activity.description" } }
        } }),
        &crm,
    );
    let result = mapped
        .create_call_log(&cx(user("t"), None), params)
        .await
        .expect("ok");
    assert_eq!(
        result.log_id.map(|id| id.to_string()).as_deref(),
        Some("123")
    );

    let mut get = GetCallLogParams::default();
    get.call_log_id = "123".into();
    let info = mapped
        .get_call_log(&cx(user("t"), None), get)
        .await
        .expect("ok")
        .call_log_info
        .expect("info");
    assert_eq!(crm.last().path, "/a/123");
    assert_eq!(info.subject.as_deref(), Some("Subject"));
    assert_eq!(info.note.as_deref(), Some("Note"));
    assert_eq!(info.full_body.as_deref(), Some("Body"));
    assert_eq!(
        info.full_log_response,
        Some(
            json!({ "activity": { "subject": "Subject", "note": "Note", "description": "Body" } })
        )
    );
}

#[tokio::test]
async fn proxy_find_contact_with_name_uses_its_own_mapping() {
    let crm = FakeCrm::always(json!({
        "phoneMatches": [{ "id": "wrong", "name": "Wrong" }],
        "nameMatches": [{ "personId": "p1", "displayName": "Jane Smith", "created": "2023-05-01T00:00:00Z" }]
    }))
    .await;
    let connector = connector(
        json!({ "operations": {
            "findContact": { "url": "/p", "responseMapping": { "listPath": "body.phoneMatches",
                             "item": { "idPath": "id", "namePath": "name" } } },
            "findContactWithName": { "url": "/n", "query": { "q": "{{name}}" }, "responseMapping": {
                "listPath": "body.nameMatches",
                "item": { "idPath": "personId", "namePath": "displayName", "createdDatePath": "created" } } }
        } }),
        &crm,
    );
    let search = connector
        .contact_search()
        .expect("declared by its operation");
    let found = search
        .find_contact_with_name(&cx(user("t"), None), FindContactWithNameParams::new("Jane"))
        .await
        .expect("ok");
    assert_eq!(crm.last().query("q"), Some("Jane"));
    let json = serde_json::to_value(&found.matched_contact_info).expect("json");
    assert_eq!(json[0]["id"], "p1");
    assert_eq!(json[0]["name"], "Jane Smith");
    assert_eq!(json[0]["createdDate"], "2023-05-01T00:00:00Z");
    assert_eq!(found.matched_contact_info.len(), 1);
}

#[tokio::test]
async fn proxy_call_times_are_iso_with_milliseconds() {
    let crm = FakeCrm::always(json!({ "id": 1 })).await;
    let connector = connector(
        json!({ "operations": { "createCallLog": { "method": "POST", "url": "/a",
            "body": { "start": "{{startTime}}", "end": "{{endTime}}", "subject": "{{subject}}" } } } }),
        &crm,
    );
    let mut params = CreateCallLogParams::default();
    params.contact_info = ContactInfo::new("c1", "+1").with_name("Ada");
    params.call_log = serde_json::from_value(json!({
        "sessionId": "s1", "direction": "Outbound", "duration": 90
    }))
    .expect("call log");
    params.call_log.start_time = Some(StartTime::EpochMillis(1_577_836_800_000));
    connector
        .create_call_log(&cx(user("t"), None), params)
        .await
        .expect("ok");
    assert_eq!(
        crm.last().body,
        json!({ "start": "2020-01-01T00:00:00.000Z", "end": "2020-01-01T00:01:30.000Z",
                "subject": "Outbound Call to Ada" })
    );
}

#[tokio::test]
async fn proxy_query_lists_objects_and_text_bodies_follow_the_documented_forms() {
    let crm = FakeCrm::always(json!({ "ok": true })).await;
    let texts = connector(
        json!({ "operations": {
            "createContact": { "method": "POST", "url": "/t",
                "query": { "tags": "{{additionalSubmission.tags}}", "filter": "{{additionalSubmission.filter}}",
                           "flag": "{{additionalSubmission.flag}}", "none": "{{additionalSubmission.none}}" },
                "body": "name={{newContactName}}" },
            "unAuthorize": { "method": "DELETE", "url": "/session" }
        } }),
        &crm,
    );
    let mut params = CreateContactParams::default();
    params.new_contact_name = "Ada".into();
    params
        .additional_submission
        .insert("tags", json!(["a", "b"]));
    params
        .additional_submission
        .insert("filter", json!({ "open": true }));
    params.additional_submission.insert("flag", true);
    params.additional_submission.insert("none", Value::Null);
    texts
        .create_contact(&cx(user("t"), None), params)
        .await
        .expect("ok");
    let request = crm.last();
    assert_eq!(
        request.query,
        [
            ("tags[]", "a"),
            ("tags[]", "b"),
            ("filter", r#"{"open":true}"#),
            ("flag", "true")
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
    );
    assert_eq!(request.body, json!("name=Ada"));

    texts
        .un_authorize()
        .expect("declared")
        .un_authorize(&cx(user("t"), None))
        .await
        .expect("ok");
    let request = crm.last();
    assert_eq!(
        (request.method, request.body),
        (Method::DELETE, Value::Null)
    );
}
