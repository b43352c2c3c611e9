//! The Lambda host of `examples/lambda.rs`: synthetic API Gateway events (REST API v1 and
//! HTTP API v2, written here) go through the example's `server` exactly as `lambda_http::run`
//! hands them over — deserialised as lambda_http's `LambdaRequest`, through its `Adapter`
//! (the service `run` wraps the handler in), the answer serialised as the event's response
//! JSON. No AWS account is involved; the last test runs the example binary itself against a
//! fake Lambda Runtime API on loopback. Every JSON answer is checked against App Connect's
//! OpenAPI contract.

mod common;
mod support;

#[allow(dead_code)]
#[path = "../examples/lambda.rs"]
mod lambda;

use std::sync::Arc;
use std::time::Duration;

use app_connect_sdk::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use app_connect_sdk::server::session::SessionKeys;
use app_connect_sdk::server::{ConnectorServer, REFRESHED_TOKEN_HEADER};
use lambda_http::request::LambdaRequest;
use lambda_http::{Adapter, Context, LambdaEvent, Service};
use serde_json::{Value, json};

use support::{Answer, assert_contract};

const SECRET: &str = "a-lambda-host-test-secret-long-enough";
const SESSION_ID: &str = "884215553008";

fn keys() -> SessionKeys {
    SessionKeys::new(SECRET).expect("secret is long enough")
}

/// One invocation: the event JSON in, the response JSON API Gateway would get out.
async fn invoke(server: &ConnectorServer, event: Value) -> Value {
    let request: LambdaRequest = serde_json::from_value(event).expect("a valid API Gateway event");
    let mut adapter = Adapter::from(lambda::handler(server.clone()));
    let response = adapter
        .call(LambdaEvent::new(request, Context::default()))
        .await
        .unwrap_or_else(|never| match never {});
    serde_json::to_value(response).expect("the response serialises")
}

/// A REST API (v1) proxy event for stage `prod`.
fn rest_event(
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    token: Option<&str>,
    body: Option<&Value>,
) -> Value {
    let mut headers = json!({ "Host": "abc123.execute-api.us-east-1.amazonaws.com" });
    let mut multi_headers = json!({ "Host": ["abc123.execute-api.us-east-1.amazonaws.com"] });
    if let Some(token) = token {
        headers["Authorization"] = json!(format!("Bearer {token}"));
        multi_headers["Authorization"] = json!([format!("Bearer {token}")]);
    }
    if body.is_some() {
        headers["Content-Type"] = json!("application/json");
        multi_headers["Content-Type"] = json!(["application/json"]);
    }
    let single: serde_json::Map<String, Value> = query
        .iter()
        .map(|(k, v)| ((*k).to_owned(), json!(v)))
        .collect();
    let multi: serde_json::Map<String, Value> = query
        .iter()
        .map(|(k, v)| ((*k).to_owned(), json!([v])))
        .collect();
    json!({
        "resource": "/{proxy+}",
        "path": path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": multi_headers,
        "queryStringParameters": if query.is_empty() { Value::Null } else { Value::Object(single) },
        "multiValueQueryStringParameters": if query.is_empty() { Value::Null } else { Value::Object(multi) },
        "pathParameters": { "proxy": path.trim_start_matches('/') },
        "stageVariables": null,
        "requestContext": {
            "accountId": "123456789012",
            "resourceId": "us4z18",
            "stage": "prod",
            "requestId": "41b45ea3-70b5-11e6-b7bd-69b5aaebc7d9",
            "requestTimeEpoch": 1_583_798_639_428_i64,
            "identity": { "sourceIp": "192.0.2.1", "userAgent": "App Connect" },
            "resourcePath": "/{proxy+}",
            "httpMethod": method,
            "apiId": "abc123",
            "path": format!("/prod{path}"),
            "protocol": "HTTP/1.1"
        },
        "body": body.map(Value::to_string),
        "isBase64Encoded": false
    })
}

/// An HTTP API (v2) event on the `$default` stage; the body is sent base64-encoded, as API
/// Gateway does for a binary media type.
fn http_api_event(
    method: &str,
    path: &str,
    query: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> Value {
    use base64::Engine as _;
    let mut headers = json!({
        "host": "abc123.execute-api.us-east-1.amazonaws.com",
    });
    if let Some(token) = token {
        headers["authorization"] = json!(format!("Bearer {token}"));
    }
    if body.is_some() {
        headers["content-type"] = json!("application/json");
    }
    let body = body.map(|b| base64::engine::general_purpose::STANDARD.encode(b.to_string()));
    json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query,
        "headers": headers,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "abc123",
            "domainName": "abc123.execute-api.us-east-1.amazonaws.com",
            "domainPrefix": "abc123",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "192.0.2.1",
                "userAgent": "App Connect"
            },
            "requestId": "MIZRNhJtIAMEMDw=",
            "routeKey": "$default",
            "stage": "$default",
            "time": "06/May/2026:22:36:55 +0000",
            "timeEpoch": 1_588_804_615_616_i64
        },
        "body": body,
        "isBase64Encoded": body.is_some()
    })
}

/// The response JSON as the support harness's [`Answer`]: v1 answers carry their headers in
/// `multiValueHeaders`, v2 answers in `headers`.
fn answer(response: &Value) -> Answer {
    let status = response["statusCode"]
        .as_u64()
        .and_then(|s| u16::try_from(s).ok())
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or_else(|| panic!("no statusCode in {response}"));
    assert_eq!(
        response["isBase64Encoded"], false,
        "a text answer: {response}"
    );
    let mut headers = HeaderMap::new();
    let mut add = |name: &str, value: &Value| {
        let value = value
            .as_str()
            .unwrap_or_else(|| panic!("header {name}: {value}"));
        headers.append(
            HeaderName::from_bytes(name.as_bytes()).expect("header name"),
            HeaderValue::from_str(value).expect("header value"),
        );
    };
    for (name, values) in response["multiValueHeaders"]
        .as_object()
        .into_iter()
        .flatten()
    {
        for value in values.as_array().into_iter().flatten() {
            add(name, value);
        }
    }
    for (name, value) in response["headers"].as_object().into_iter().flatten() {
        add(name, value);
    }
    Answer {
        status,
        headers,
        text: response["body"].as_str().unwrap_or_default().to_owned(),
    }
}

fn call_log_request() -> Value {
    json!({
        "logInfo": {
            "id": "Y3s2nWvbZpq4zUA",
            "sessionId": SESSION_ID,
            "telephonySessionId": "s-a7c5e1f2b3d4e5f6a7b8c9d0e1f2a3b4",
            "startTime": "2026-06-24T15:04:05.123Z",
            "duration": 317,
            "direction": "Inbound",
            "result": "Call connected",
            "from": { "phoneNumber": "+14155550100", "name": "Ada Lovelace" },
            "to": { "phoneNumber": "+16505550199", "extensionNumber": "101" }
        },
        "contactId": 1,
        "contactType": "Contact",
        "contactName": "Ada Lovelace",
        "note": "Ada wants the Bernoulli program reviewed before Friday.",
        "extensionNumber": "101"
    })
}

fn login_body() -> Value {
    json!({ "platform": "mockcrm", "apiKey": "demo-api-key" })
}

#[tokio::test]
async fn a_rest_api_stage_signs_in_finds_the_contact_and_logs_a_call() {
    // REST APIs keep the stage in the path lambda_http builds: the server's base path.
    let server = lambda::server(keys(), Some("/prod")).expect("server builds");

    let alive = answer(&invoke(&server, rest_event("GET", "/isAlive", &[], None, None)).await);
    assert_eq!((alive.status, alive.text.as_str()), (StatusCode::OK, "OK"));

    let login = invoke(
        &server,
        rest_event("POST", "/apiKeyLogin", &[], None, Some(&login_body())),
    )
    .await;
    assert_eq!(
        login["multiValueHeaders"]["content-type"],
        json!(["application/json"]),
        "{login}"
    );
    let login = answer(&login);
    assert_eq!(login.status, StatusCode::OK, "{}", login.text);
    assert_contract("POST", "/apiKeyLogin", &login);
    let token = login.json()["jwtToken"]
        .as_str()
        .expect("a jwtToken")
        .to_owned();

    let query = [("phoneNumber", "+14155550100")];
    let contact = answer(
        &invoke(
            &server,
            rest_event("GET", "/contact", &query, Some(&token), None),
        )
        .await,
    );
    assert_eq!(contact.status, StatusCode::OK, "{}", contact.text);
    assert_contract("GET", "/contact", &contact);
    assert_eq!(
        contact.json()["contact"][0]["name"],
        "Ada Lovelace",
        "{}",
        contact.text
    );

    let event = rest_event(
        "POST",
        "/callLog",
        &[],
        Some(&token),
        Some(&call_log_request()),
    );
    let logged = answer(&invoke(&server, event).await);
    assert_eq!(logged.status, StatusCode::OK, "{}", logged.text);
    assert_contract("POST", "/callLog", &logged);
    assert_eq!(logged.json()["successful"], true, "{}", logged.text);

    let query = [("sessionIds", SESSION_ID), ("extensionNumber", "101")];
    let lookup = answer(
        &invoke(
            &server,
            rest_event("GET", "/callLog", &query, Some(&token), None),
        )
        .await,
    );
    assert_contract("GET", "/callLog", &lookup);
    assert_eq!(lookup.json()["logs"][0]["matched"], true, "{}", lookup.text);
    // The lookup answers the id as text, the create as the connector returned it.
    let text = |id: &Value| id.to_string().trim_matches('"').to_owned();
    assert_eq!(
        text(&lookup.json()["logs"][0]["logId"]),
        text(&logged.json()["logId"])
    );

    // Without the base path the stage's paths are not the server's.
    let outside = lambda::server(keys(), None).expect("server builds");
    let missed = answer(&invoke(&outside, rest_event("GET", "/isAlive", &[], None, None)).await);
    assert_eq!(missed.status, StatusCode::NOT_FOUND, "{}", missed.text);
}

#[tokio::test]
async fn an_http_api_signs_in_logs_a_call_and_gets_the_rotated_token_in_its_headers() {
    let keys = keys().with_refresh_window(Duration::from_secs(30 * 86_400)); // always due
    let server = lambda::server(keys.clone(), None).expect("server builds");

    let login = invoke(
        &server,
        http_api_event("POST", "/apiKeyLogin", "", None, Some(&login_body())),
    )
    .await;
    assert_eq!(
        login["headers"]["content-type"], "application/json",
        "{login}"
    );
    assert!(
        login
            .get("multiValueHeaders")
            .is_none_or(|m| m.as_object().is_some_and(|m| m.is_empty())),
        "{login}"
    );
    let login = answer(&login);
    assert_eq!(login.status, StatusCode::OK, "{}", login.text);
    assert_contract("POST", "/apiKeyLogin", &login);
    let token = login.json()["jwtToken"]
        .as_str()
        .expect("a jwtToken")
        .to_owned();

    let event = http_api_event(
        "POST",
        "/callLog",
        "",
        Some(&token),
        Some(&call_log_request()),
    );
    let logged = answer(&invoke(&server, event).await);
    assert_eq!(logged.status, StatusCode::OK, "{}", logged.text);
    assert_contract("POST", "/callLog", &logged);
    assert_eq!(logged.json()["successful"], true, "{}", logged.text);

    let query = format!("sessionIds={SESSION_ID}&extensionNumber=101");
    let lookup = answer(
        &invoke(
            &server,
            http_api_event("GET", "/callLog", &query, Some(&token), None),
        )
        .await,
    );
    assert_contract("GET", "/callLog", &lookup);
    assert_eq!(lookup.json()["logs"][0]["matched"], true, "{}", lookup.text);
    let rotated = lookup.headers[REFRESHED_TOKEN_HEADER]
        .to_str()
        .expect("text");
    assert_eq!(
        keys.verify(rotated)
            .expect("the rotated token verifies")
            .platform,
        "mockcrm"
    );

    // A second POST of the same call is App Connect's "Existing log" warning.
    let event = http_api_event(
        "POST",
        "/callLog",
        "",
        Some(&token),
        Some(&call_log_request()),
    );
    let again = answer(&invoke(&server, event).await);
    assert_eq!(again.json()["successful"], false, "{}", again.text);
}

#[tokio::test]
async fn refusals_keep_their_status_and_json_through_the_gateway() {
    let server = lambda::server(keys(), None).expect("server builds");

    // No session: 400 with App Connect's text, as JSON.
    let refused = answer(
        &invoke(
            &server,
            http_api_event("GET", "/contact", "phoneNumber=%2B14155550100", None, None),
        )
        .await,
    );
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.text);
    assert_eq!(refused.json()["successful"], false, "{}", refused.text);
    assert_eq!(
        refused.json()["returnMessage"]["message"],
        app_connect_sdk::server::AUTHORIZE_CRM
    );

    // Over the body limit (4 MiB; API Gateway's own is 10 MB): 413 before any parsing.
    let mut big = call_log_request();
    big["note"] = Value::String("x".repeat(5 * 1024 * 1024));
    let token = keys().issue("anyone", "mockcrm").expect("token");
    let event = http_api_event("POST", "/callLog", "", Some(token.expose()), Some(&big));
    let too_large = answer(&invoke(&server, event).await);
    assert_eq!(
        too_large.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        too_large.text
    );
    assert!(too_large.json()["error"].is_string(), "{}", too_large.text);
}

/// `event` (REST v1) with one more request header.
fn with_header(mut event: Value, name: &str, value: &str) -> Value {
    event["headers"][name] = json!(value);
    event["multiValueHeaders"][name] = json!([value]);
    event
}

#[tokio::test]
async fn the_function_answers_cors_preflights_and_exposes_the_rotated_token() {
    let server = lambda::server(keys(), Some("/prod")).expect("server builds");
    let origin = "https://app.ringcentral.com";

    let preflight = rest_event("OPTIONS", "/callLog", &[], None, None);
    let preflight = with_header(preflight, "Origin", origin);
    let preflight = with_header(preflight, "Access-Control-Request-Method", "POST");
    let preflight = answer(&invoke(&server, preflight).await);
    assert_eq!(preflight.status, StatusCode::OK, "{}", preflight.text);
    assert_eq!(preflight.headers["access-control-allow-origin"], "*");
    assert_eq!(preflight.headers["access-control-allow-methods"], "*");

    let alive = with_header(
        rest_event("GET", "/isAlive", &[], None, None),
        "Origin",
        origin,
    );
    let alive = answer(&invoke(&server, alive).await);
    assert_eq!(alive.status, StatusCode::OK, "{}", alive.text);
    assert_eq!(
        alive.headers["access-control-expose-headers"],
        REFRESHED_TOKEN_HEADER
    );
}

// ------------------------------------- the example binary against a fake Lambda Runtime API

/// The `lambda` example's executable, built with the features `tests/mock_crm_server.rs`
/// builds its examples with (so the library build is shared).
fn lambda_binary() -> std::path::PathBuf {
    let mut features = Vec::new();
    if cfg!(feature = "schema") {
        features.push("schema");
    }
    features.extend(["tower", "sqlite"]);
    if cfg!(feature = "postgres") {
        features.push("postgres");
    }
    let output = std::process::Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "build",
            "--quiet",
            "--message-format=json",
            "--example",
            "lambda",
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
        .find(|msg| msg["target"]["name"] == "lambda" && msg["executable"].is_string())
        .and_then(|msg| msg["executable"].as_str().map(std::path::PathBuf::from))
        .expect("cargo names the example's executable")
}

/// A fake Lambda Runtime API on loopback: `/next` hands out the events pushed into `events`,
/// `/response` and `/error` report what the function answered.
struct RuntimeApi {
    addr: std::net::SocketAddr,
    events: tokio::sync::mpsc::UnboundedSender<(String, Value)>,
    answers: tokio::sync::mpsc::UnboundedReceiver<(String, String, Value)>,
    serving: tokio::task::JoinHandle<()>,
}

impl RuntimeApi {
    async fn start() -> RuntimeApi {
        use axum::extract::{Path, State};
        use axum::routing::{get, post};
        type Queue = Arc<tokio::sync::Mutex<tokio::sync::mpsc::UnboundedReceiver<(String, Value)>>>;
        type Report = tokio::sync::mpsc::UnboundedSender<(String, String, Value)>;

        async fn next(State((queue, _)): State<(Queue, Report)>) -> axum::response::Response {
            use axum::response::IntoResponse;
            let Some((id, event)) = queue.lock().await.recv().await else {
                return axum::http::StatusCode::GONE.into_response();
            };
            let deadline = chrono::Utc::now().timestamp_millis() + 60_000;
            (
                [
                    ("lambda-runtime-aws-request-id", id),
                    ("lambda-runtime-deadline-ms", deadline.to_string()),
                    (
                        "lambda-runtime-invoked-function-arn",
                        "arn:aws:lambda:us-east-1:123456789012:function:app-connect".to_owned(),
                    ),
                    ("content-type", "application/json".to_owned()),
                ],
                event.to_string(),
            )
                .into_response()
        }
        async fn report(
            State((_, report)): State<(Queue, Report)>,
            Path((id, kind)): Path<(String, String)>,
            body: String,
        ) -> axum::http::StatusCode {
            let value = serde_json::from_str(&body).unwrap_or(Value::String(body));
            let _ = report.send((id, kind, value));
            axum::http::StatusCode::ACCEPTED
        }

        let (events, queue) = tokio::sync::mpsc::unbounded_channel();
        let (report_tx, answers) = tokio::sync::mpsc::unbounded_channel();
        let state: (Queue, Report) = (Arc::new(tokio::sync::Mutex::new(queue)), report_tx);
        let app = axum::Router::new()
            .route("/2018-06-01/runtime/invocation/next", get(next))
            .route("/2018-06-01/runtime/invocation/{id}/{kind}", post(report))
            .with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("address");
        let serving = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        RuntimeApi {
            addr,
            events,
            answers,
            serving,
        }
    }

    /// Invokes the function with `event`; what it posted back to `/response`.
    async fn invoke(&mut self, id: &str, event: Value) -> Value {
        self.events.send((id.to_owned(), event)).expect("queue");
        let (answered, kind, value) =
            tokio::time::timeout(Duration::from_secs(30), self.answers.recv())
                .await
                .expect("the function answered within 30 s")
                .expect("an answer");
        assert_eq!(
            (answered.as_str(), kind.as_str()),
            (id, "response"),
            "{value}"
        );
        value
    }
}

/// The example's `main` (`lambda_http::run(handler(server))`) polls the fake Runtime API as
/// it would AWS's, and answers two HTTP API events.
#[tokio::test]
async fn the_example_binary_serves_invocations_from_the_runtime_api() {
    let binary = lambda_binary();
    let mut api = RuntimeApi::start().await;
    let mut child = std::process::Command::new(binary)
        .env("AWS_LAMBDA_RUNTIME_API", api.addr.to_string())
        .env("AWS_LAMBDA_FUNCTION_NAME", "app-connect")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("APP_SERVER_SECRET_KEY", SECRET)
        .env_remove("APP_BASE_PATH")
        .stdin(std::process::Stdio::null())
        .env("RUST_LOG", "warn") // a failure's events reach the test's output
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("start the example");

    let login = http_api_event("POST", "/apiKeyLogin", "", None, Some(&login_body()));
    let login = answer(&api.invoke("req-1", login).await);
    assert_eq!(login.status, StatusCode::OK, "{}", login.text);
    assert_contract("POST", "/apiKeyLogin", &login);
    let token = login.json()["jwtToken"]
        .as_str()
        .expect("a jwtToken")
        .to_owned();
    // Signed with APP_SERVER_SECRET_KEY, as the test's keys verify.
    assert_eq!(keys().verify(&token).expect("verifies").platform, "mockcrm");

    let event = http_api_event(
        "POST",
        "/callLog",
        "",
        Some(&token),
        Some(&call_log_request()),
    );
    let logged = answer(&api.invoke("req-2", event).await);
    assert_eq!(logged.status, StatusCode::OK, "{}", logged.text);
    assert_contract("POST", "/callLog", &logged);
    assert_eq!(logged.json()["successful"], true, "{}", logged.text);

    let _ = child.kill();
    let _ = child.wait();
    api.serving.abort();
}
