//! App Connect's routes served by actix-web.
//!
//! ```sh
//! cargo run --example actix_server -- --addr 127.0.0.1:0
//! ```
//!
//! actix-web is not a tower host, so every path goes to one handler that copies the request
//! into `http` types and calls `ConnectorServer::handle` ([`configure`]). The body is read
//! with a limit (the server's, 4 MiB) and a read timeout; a declared `Content-Length` over
//! the limit is handed to the server without reading a byte, and it answers its JSON 413.
//! actix-web's own settings do the rest: `client_request_timeout` (until the request head
//! has arrived), `max_connections` (per worker) and actix-cors, which answers preflights and
//! exposes `x-refreshed-jwt-token` to a browser client. The limits come from
//! `APP_HOST_HEADER_TIMEOUT_MS`, `APP_HOST_BODY_TIMEOUT_MS` and `APP_HOST_MAX_CONNECTIONS`,
//! as for the hyper hosts. actix-web uses `http` 0.2 types; the copies below bridge them to
//! the `http` 1 types of the crate.
//!
//! The connector is the mock CRM of `examples/mock_crm_server.rs`, reused as a module (sign
//! in with the API key `demo-api-key`); state is in memory.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use actix_web::http::{StatusCode as ActixStatus, header as actix_header};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use app_connect_sdk::http;
use app_connect_sdk::server::{ConnectorServer, DEFAULT_BODY_LIMIT, REFRESHED_TOKEN_HEADER};

// The mock CRM example, as a module: its `mock_crm` connector and its small helpers.
#[allow(dead_code)]
#[path = "mock_crm_server.rs"]
pub mod mock_crm_server;

use mock_crm_server::{host, mock_crm, parse_addr, session_keys};

/// How much of a request body the handler reads, and for how long.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimits {
    /// The largest body read (keep it equal to `ServerBuilder::body_limit`).
    pub max_bytes: usize,
    /// Until the whole body has arrived; then 408.
    pub read_timeout: Duration,
}

impl Default for BodyLimits {
    fn default() -> Self {
        BodyLimits {
            max_bytes: DEFAULT_BODY_LIMIT,
            read_timeout: Duration::from_secs(30),
        }
    }
}

/// Routes every path of an actix-web `App` to `server` (`App::new().configure(..)`).
pub fn configure(
    server: ConnectorServer,
    limits: BodyLimits,
) -> impl FnOnce(&mut web::ServiceConfig) {
    move |config| {
        config
            .app_data(web::Data::new(server))
            .app_data(web::Data::new(limits))
            .default_service(web::to(app_connect));
    }
}

/// CORS for a browser client: any origin, method and header; the rotated session token
/// readable by the page.
pub fn cors() -> actix_cors::Cors {
    actix_cors::Cors::default()
        .allow_any_origin()
        .allow_any_method()
        .allow_any_header()
        .expose_headers([REFRESHED_TOKEN_HEADER])
}

/// The one handler: the request copied into `http` types, answered by the connector server.
async fn app_connect(
    server: web::Data<ConnectorServer>,
    limits: web::Data<BodyLimits>,
    request: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    let mut head = http::Request::builder()
        .method(request.method().as_str())
        .uri(request.uri().to_string());
    for (name, value) in request.headers() {
        head = head.header(name.as_str(), value.as_bytes());
    }
    // A declared length over the limit: the server refuses it from the header (413 JSON).
    let declared = request
        .headers()
        .get(actix_header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
    let body = if declared.is_some_and(|length| length > limits.max_bytes as u64) {
        web::Bytes::new()
    } else {
        let read = payload.to_bytes_limited(limits.max_bytes);
        match actix_web::rt::time::timeout(limits.read_timeout, read).await {
            Ok(Ok(Ok(body))) => body,
            Ok(Ok(Err(error))) => return HttpResponse::BadRequest().body(error.to_string()),
            // Chunked past the limit: refuse as the server does (the head says nothing).
            Ok(Err(_)) => return HttpResponse::PayloadTooLarge().finish(),
            Err(_) => return HttpResponse::RequestTimeout().finish(),
        }
    };
    let Ok(request) = head.body(body) else {
        return HttpResponse::BadRequest().body("the request line or a header is not valid");
    };
    let answer = server.handle(request).await;
    let status = ActixStatus::from_u16(answer.status().as_u16())
        .unwrap_or(ActixStatus::INTERNAL_SERVER_ERROR);
    let mut response = HttpResponse::build(status);
    for (name, value) in answer.headers() {
        response.append_header((name.as_str(), value.as_bytes()));
    }
    response.body(answer.into_body())
}

/// The example's actix-web server on `listener`: `client_request_timeout` for the request
/// head, `max_connections` per worker (`workers` of them), CORS, and [`configure`] with the
/// body limits. Run the returned future (it finishes on Ctrl-C or through its handle).
pub fn serve(
    server: ConnectorServer,
    limits: host::Limits,
    workers: usize,
    listener: std::net::TcpListener,
) -> std::io::Result<actix_web::dev::Server> {
    let body = BodyLimits {
        max_bytes: DEFAULT_BODY_LIMIT,
        read_timeout: limits.body_read,
    };
    Ok(HttpServer::new(move || {
        App::new()
            .wrap(cors())
            .configure(configure(server.clone(), body))
    })
    .workers(workers)
    .client_request_timeout(limits.header_read)
    .max_connections(limits.max_connections)
    .listen(listener)?
    .run())
}

fn main() -> ExitCode {
    // actix-web's own single-threaded-per-worker runtime, without its `macros` feature.
    match actix_web::rt::System::new().block_on(run()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("actix_server: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    host::install_tracing(); // filtered by RUST_LOG
    let addr = parse_addr("127.0.0.1:6069")?;
    let limits = host::Limits::from_env()?;
    let listener = std::net::TcpListener::bind(addr)?;
    let url = format!("http://{}", listener.local_addr()?);

    let manifest = mock_crm::manifest(&url).map_err(|e| format!("the manifest is broken:\n{e}"))?;
    let server = ConnectorServer::builder(session_keys()?)
        .connector(Arc::new(mock_crm::MockCrm::seeded()))
        .manifest(&manifest)
        .build()?;

    println!("actix-web app listening on {url}");
    // Ctrl-C finishes the requests in flight, then stops. One worker: a single-process
    // example whose connection limit is APP_HOST_MAX_CONNECTIONS as written.
    serve(server, limits, 1, listener)?.await?;
    Ok(())
}
