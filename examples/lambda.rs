//! App Connect's routes as an AWS Lambda function behind API Gateway (REST API or HTTP API).
//!
//! ```sh
//! cargo build --release --example lambda   # or cargo lambda build --example lambda
//! ```
//!
//! `lambda_http::run` takes the connector server as it is: it is a tower service whose body
//! can be `lambda_http::Body` ([`server`] builds it; [`handler`] adds CORS). lambda_http turns each API Gateway
//! event (REST API v1 or HTTP API v2, as the `apigw_rest` and `apigw_http` features allow)
//! into an `http::Request`, and the answer into the event's response JSON.
//!
//! A REST API keeps its stage in the path lambda_http builds (`/prod/contact` for stage
//! `prod`), so set `APP_BASE_PATH=/prod` there; an HTTP API's `$default` stage adds nothing.
//! API Gateway enforces its own limits (an integration timeout of 29 s for a REST API and
//! 30 s for an HTTP API, a 10 MB payload; the server's body limit, 4 MiB, still applies).
//! CORS: a REST API's proxy integration passes preflights and responses through, so the
//! function answers them ([`handler`] wraps the server in tower-http's `CorsLayer`, exposing
//! `x-refreshed-jwt-token`); an HTTP API with CORS configured answers preflights itself (add
//! `x-refreshed-jwt-token` to its exposed headers).
//!
//! The connector is the mock CRM of `examples/mock_crm_server.rs` with in-memory stores: a
//! real deployment gives the builder a `PostgresStore` (feature `postgres`), since Lambda
//! instances come and go. The session secret is `APP_SERVER_SECRET_KEY`.

use std::sync::Arc;

use app_connect_sdk::http::HeaderName;
use app_connect_sdk::server::session::SessionKeys;
use app_connect_sdk::server::{ConnectorServer, REFRESHED_TOKEN_HEADER};
use tower::Layer;
use tower_http::cors::{Any, Cors, CorsLayer};

// The mock CRM example, as a module: its `mock_crm` connector and its small helpers.
#[allow(dead_code)]
#[path = "mock_crm_server.rs"]
mod mock_crm_server;

use mock_crm_server::{host, mock_crm};

/// The function's server: the mock CRM under `base_path` (API Gateway's stage, if any).
pub fn server(
    keys: SessionKeys,
    base_path: Option<&str>,
) -> Result<ConnectorServer, Box<dyn std::error::Error + Send + Sync>> {
    let mut builder =
        ConnectorServer::builder(keys).connector(Arc::new(mock_crm::MockCrm::seeded()));
    if let Some(base_path) = base_path {
        builder = builder.base_path(base_path);
    }
    Ok(builder.build()?)
}

/// What `lambda_http::run` serves: the connector server behind CORS for a browser client
/// (any origin, method and header; the rotated session token readable).
pub fn handler(server: ConnectorServer) -> Cors<ConnectorServer> {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods(Any)
        .allow_headers(Any)
        .expose_headers([HeaderName::from_static(REFRESHED_TOKEN_HEADER)])
        .layer(server)
}

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    host::install_tracing(); // stderr goes to CloudWatch; RUST_LOG filters
    let keys = SessionKeys::from_env("APP_SERVER_SECRET_KEY")?;
    let base_path = std::env::var("APP_BASE_PATH").ok();
    let server = server(keys, base_path.as_deref())?;
    lambda_http::run(handler(server)).await
}
