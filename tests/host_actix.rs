//! The actix-web host of `examples/actix_server.rs`, driven through actix-web's own test
//! utilities (`actix_web::test`): the example's `configure` and `cors`, the mock CRM behind
//! them. Every JSON answer is checked against App Connect's OpenAPI contract.

mod common;
mod host_support;
mod support;

#[allow(dead_code)]
#[path = "../examples/actix_server.rs"]
mod actix_server;

use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::{Service, ServiceResponse};
use actix_web::test::{self, TestRequest};
use actix_web::{App, body::MessageBody};
use app_connect_sdk::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use app_connect_sdk::server::session::SessionKeys;
use app_connect_sdk::server::{ConnectorServer, REFRESHED_TOKEN_HEADER};
use serde_json::{Value, json};

use actix_server::mock_crm_server::mock_crm::{self, MockCrm};
use actix_server::{BodyLimits, configure, cors};
use support::{Answer, assert_contract};

const SECRET: &str = "an-actix-host-test-secret-long-enough";
const SESSION_ID: &str = "884215553008";

/// Runs `test` on actix-web's runtime (the example's `main` uses the same one).
fn on_actix<F: std::future::Future<Output = ()>>(test: F) {
    actix_web::rt::System::new().block_on(test);
}

/// The example's app over a seeded mock CRM; `keys` and `limit` adjust the server.
async fn app(
    keys: SessionKeys,
    limit: usize,
) -> (
    impl Service<
        actix_http::Request,
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
    >,
    Arc<MockCrm>,
) {
    let crm = Arc::new(MockCrm::seeded());
    let server = ConnectorServer::builder(keys)
        .connector(crm.clone())
        .body_limit(limit)
        .build()
        .expect("server builds");
    let limits = BodyLimits {
        max_bytes: limit,
        read_timeout: Duration::from_secs(5),
    };
    let service =
        test::init_service(App::new().wrap(cors()).configure(configure(server, limits))).await;
    (service, crm)
}

fn keys() -> SessionKeys {
    SessionKeys::new(SECRET).expect("secret is long enough")
}

/// Sends `request` and reads the answer as the support harness's [`Answer`] (`http` 1 types).
async fn send<S, B>(service: &S, request: TestRequest) -> Answer
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let response = test::call_service(service, request.to_request()).await;
    let status = StatusCode::from_u16(response.status().as_u16()).expect("a valid status");
    let mut headers = HeaderMap::new();
    for (name, value) in response.headers() {
        headers.append(
            HeaderName::from_bytes(name.as_str().as_bytes()).expect("header name"),
            HeaderValue::from_bytes(value.as_bytes()).expect("header value"),
        );
    }
    let body = response
        .into_body()
        .try_into_bytes()
        .unwrap_or_else(|_| panic!("the body is one buffer"));
    Answer {
        status,
        headers,
        text: String::from_utf8(body.to_vec()).expect("UTF-8 body"),
    }
}

fn json_request(method: &str, uri: &str, token: Option<&str>, body: &Value) -> TestRequest {
    let request = match method {
        "POST" => TestRequest::post(),
        "PATCH" => TestRequest::patch(),
        _ => TestRequest::put(),
    };
    let request = request
        .uri(uri)
        .insert_header(("content-type", "application/json"))
        .set_payload(body.to_string());
    match token {
        Some(token) => request.insert_header(("authorization", format!("Bearer {token}"))),
        None => request,
    }
}

fn get(uri: &str, token: &str) -> TestRequest {
    TestRequest::get()
        .uri(uri)
        .insert_header(("authorization", format!("Bearer {token}")))
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
        "additionalSubmission": { "deals": 102 },
        "extensionNumber": "101"
    })
}

#[test]
fn signs_in_finds_the_contact_and_logs_a_call_through_actix() {
    on_actix(async {
        let (service, crm) = app(keys(), app_connect_sdk::server::DEFAULT_BODY_LIMIT).await;

        let alive = send(&service, TestRequest::get().uri("/isAlive")).await;
        assert_eq!((alive.status, alive.text.as_str()), (StatusCode::OK, "OK"));

        let login = json!({ "platform": mock_crm::PLATFORM, "apiKey": mock_crm::DEMO_API_KEY });
        let login = send(&service, json_request("POST", "/apiKeyLogin", None, &login)).await;
        assert_eq!(login.status, StatusCode::OK, "{}", login.text);
        assert_contract("POST", "/apiKeyLogin", &login);
        let token = login.json()["jwtToken"]
            .as_str()
            .expect("a jwtToken")
            .to_owned();

        let contact = send(&service, get("/contact?phoneNumber=%2B14155550100", &token)).await;
        assert_eq!(contact.status, StatusCode::OK, "{}", contact.text);
        assert_contract("GET", "/contact", &contact);
        assert_eq!(contact.json()["contact"][0]["name"], "Ada Lovelace");

        let logged = send(
            &service,
            json_request("POST", "/callLog", Some(&token), &call_log_request()),
        )
        .await;
        assert_eq!(logged.status, StatusCode::OK, "{}", logged.text);
        assert_contract("POST", "/callLog", &logged);
        assert_eq!(logged.json()["successful"], true, "{}", logged.text);
        let log_id = logged.json()["logId"].to_string();

        // The activity reached the mock CRM, with the note composed into its body.
        let activities = serde_json::to_value(crm.activities()).expect("activities as JSON");
        assert_eq!(activities.as_array().map(Vec::len), Some(1), "{activities}");
        assert_eq!(activities[0]["id"].to_string(), log_id.trim_matches('"'));
        let body = activities[0]["body"].as_str().expect("a body");
        assert!(body.contains("Bernoulli program"), "{body}");

        // App Connect's lookup now finds the logged session.
        let uri = format!("/callLog?sessionIds={SESSION_ID}&extensionNumber=101");
        let lookup = send(&service, get(&uri, &token)).await;
        assert_eq!(lookup.status, StatusCode::OK, "{}", lookup.text);
        assert_contract("GET", "/callLog", &lookup);
        assert_eq!(lookup.json()["logs"][0]["matched"], true, "{}", lookup.text);
    });
}

#[test]
fn cors_answers_preflights_and_exposes_the_rotated_token() {
    on_actix(async {
        // A refresh window longer than the lifetime: every session is due for rotation.
        let keys = keys().with_refresh_window(Duration::from_secs(30 * 86_400));
        let (service, _crm) = app(keys.clone(), app_connect_sdk::server::DEFAULT_BODY_LIMIT).await;

        let preflight = TestRequest::default()
            .method(actix_web::http::Method::OPTIONS)
            .uri("/callLog")
            .insert_header(("origin", "https://app.ringcentral.com"))
            .insert_header(("access-control-request-method", "POST"))
            .insert_header((
                "access-control-request-headers",
                "authorization, content-type",
            ));
        let preflight = send(&service, preflight).await;
        assert_eq!(preflight.status, StatusCode::OK, "{}", preflight.text);
        let header = |answer: &Answer, name: &str| {
            answer
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_ascii_lowercase)
                .unwrap_or_default()
        };
        assert_eq!(
            header(&preflight, "access-control-allow-origin"),
            "https://app.ringcentral.com"
        );
        assert!(header(&preflight, "access-control-allow-methods").contains("post"));
        assert!(header(&preflight, "access-control-allow-headers").contains("authorization"));

        let login = json!({ "platform": mock_crm::PLATFORM, "apiKey": mock_crm::DEMO_API_KEY });
        let login = send(&service, json_request("POST", "/apiKeyLogin", None, &login)).await;
        let token = login.json()["jwtToken"]
            .as_str()
            .expect("a jwtToken")
            .to_owned();

        let contact = get("/contact?phoneNumber=%2B14155550100", &token)
            .insert_header(("origin", "https://app.ringcentral.com"));
        let contact = send(&service, contact).await;
        assert_eq!(contact.status, StatusCode::OK, "{}", contact.text);
        assert!(
            header(&contact, "access-control-expose-headers").contains(REFRESHED_TOKEN_HEADER),
            "{:?}",
            contact.headers
        );
        let rotated = contact.headers[REFRESHED_TOKEN_HEADER]
            .to_str()
            .expect("a text header");
        let claims = keys.verify(rotated).expect("the rotated token verifies");
        assert_eq!(claims.platform, mock_crm::PLATFORM);
    });
}

#[test]
fn a_declared_oversized_body_is_refused_by_the_server_before_it_is_read() {
    on_actix(async {
        let (service, crm) = app(keys(), 1024).await;
        let login = json!({ "platform": mock_crm::PLATFORM, "apiKey": mock_crm::DEMO_API_KEY });
        let login = send(&service, json_request("POST", "/apiKeyLogin", None, &login)).await;
        let token = login.json()["jwtToken"]
            .as_str()
            .expect("a jwtToken")
            .to_owned();

        let mut big = call_log_request();
        big["note"] = Value::String("x".repeat(2048));
        let refused = send(
            &service,
            json_request("POST", "/callLog", Some(&token), &big),
        )
        .await;
        assert_eq!(
            refused.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{}",
            refused.text
        );
        assert!(
            refused.json()["error"]
                .as_str()
                .is_some_and(|e| e.contains("1024")),
            "{}",
            refused.text
        );
        assert!(crm.activities().is_empty(), "nothing was logged");

        // Within the limit, the same route works.
        let logged = send(
            &service,
            json_request("POST", "/callLog", Some(&token), &call_log_request()),
        )
        .await;
        assert_eq!(logged.json()["successful"], true, "{}", logged.text);
    });
}

// ------------------------------------------------ the example's HttpServer over loopback

/// The example's `serve` on a loopback port with `limits` (one worker); its address and the
/// server's handle, to stop it.
fn listening(
    limits: actix_server::mock_crm_server::host::Limits,
) -> (std::net::SocketAddr, actix_web::dev::ServerHandle) {
    let server = ConnectorServer::builder(keys())
        .connector(Arc::new(MockCrm::seeded()))
        .build()
        .expect("server builds");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind port 0");
    let addr = listener.local_addr().expect("address");
    let running = actix_server::serve(server, limits, 1, listener).expect("serves");
    let handle = running.handle();
    actix_web::rt::spawn(running);
    (addr, handle)
}

fn limits(
    header_ms: u64,
    body_ms: u64,
    connections: usize,
) -> actix_server::mock_crm_server::host::Limits {
    actix_server::mock_crm_server::host::Limits {
        header_read: Duration::from_millis(header_ms),
        body_read: Duration::from_millis(body_ms),
        max_connections: connections,
    }
}

/// Writes `sent` on a fresh connection and reads until the server closes it (at most 5 s).
async fn exchange(addr: std::net::SocketAddr, sent: &[u8]) -> (String, Duration) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let started = std::time::Instant::now();
    stream.write_all(sent).await.expect("write");
    let mut received = Vec::new();
    let read =
        tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut received)).await;
    assert!(read.is_ok(), "the server held the connection open for 5 s");
    (
        String::from_utf8_lossy(&received).into_owned(),
        started.elapsed(),
    )
}

#[test]
fn a_half_sent_request_head_is_timed_out_by_client_request_timeout() {
    on_actix(async {
        // actix-http computes deadlines from a clock it refreshes every 500 ms, so a timeout
        // is met to within 500 ms: 1.5 s here, seen as at least 1 s.
        let (addr, handle) = listening(limits(1_500, 10_000, 16));
        let (received, took) = exchange(addr, b"GET /isAlive HTTP/1.1\r\nHost: x\r\n").await;
        assert!(took >= Duration::from_millis(900), "closed after {took:?}");
        assert!(took < Duration::from_millis(4_000), "closed after {took:?}");
        assert!(
            received.is_empty() || received.starts_with("HTTP/1.1 408"),
            "{received}"
        );
        // The server still serves.
        let (received, took2) = exchange(
            addr,
            b"GET /isAlive HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        )
        .await;
        assert!(
            received.starts_with("HTTP/1.1 200") && received.ends_with("OK"),
            "{received} {took2:?}"
        );
        handle.stop(false).await;
    });
}

#[test]
fn a_half_sent_body_is_timed_out_by_the_handler() {
    on_actix(async {
        let (addr, handle) = listening(limits(10_000, 300, 16));
        let sent = b"POST /callLog HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"logInfo\":";
        let (received, took) = exchange(addr, sent).await;
        assert!(
            took >= Duration::from_millis(250),
            "answered after {took:?}"
        );
        assert!(took < Duration::from_secs(4), "answered after {took:?}");
        assert!(received.starts_with("HTTP/1.1 408"), "{received}");
        handle.stop(false).await;
    });
}

#[test]
fn a_declared_oversized_body_gets_the_servers_413_over_loopback() {
    on_actix(async {
        let (addr, handle) = listening(limits(10_000, 10_000, 16));
        let sent = b"POST /callLog HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000000000\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n";
        let (received, took) = exchange(addr, sent).await;
        // actix-web answers `Expect: 100-continue` itself, before any handler runs; the 413
        // follows at once and the connection closes, so the body is never read.
        let received = received
            .strip_prefix("HTTP/1.1 100 Continue\r\n\r\n")
            .unwrap_or(&received);
        assert!(received.starts_with("HTTP/1.1 413"), "{received}");
        assert!(
            received.contains("\"successful\":false"),
            "the server's JSON: {received}"
        );
        assert!(took < Duration::from_secs(4), "{took:?}");
        handle.stop(false).await;
    });
}

#[test]
fn connections_over_max_connections_wait_until_one_closes() {
    on_actix(async {
        let (addr, handle) = listening(limits(10_000, 10_000, 2));
        let first = host_support::held(addr).await;
        let _second = host_support::held(addr).await;
        host_support::waits_until_one_closes(addr, move || drop(first)).await;
        handle.stop(false).await;
    });
}
