//! App Connect's routes inside an existing axum application.
//!
//! ```sh
//! cargo run --example axum_server -- --addr 127.0.0.1:0
//! ```
//!
//! The application keeps its own routes (`GET /health`) and mounts the connector server,
//! a tower service, under `/crm` with `Router::nest_service`. axum strips the `/crm` prefix
//! before the request reaches the service, so the server is built *without*
//! `ServerBuilder::base_path` (that option is for hosts that pass the full path through,
//! such as an API Gateway stage). The manifest's `serverUrl` ends in `/crm`.
//!
//! The connector is the mock CRM of `examples/mock_crm_server.rs`, reused as a module.

use std::process::ExitCode;
use std::sync::Arc;

use app_connect_sdk::server::ConnectorServer;
use axum::{Json, Router, routing::get};
use serde_json::{Value, json};

// The mock CRM example, as a module: its `mock_crm` connector and its small helpers.
#[allow(dead_code)]
#[path = "mock_crm_server.rs"]
mod mock_crm_server;

use mock_crm_server::{host, mock_crm, parse_addr, session_keys};

/// The application's own route.
async fn health() -> Json<Value> {
    Json(json!({ "status": "ok", "service": "my-app" }))
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("axum_server: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    host::install_tracing(); // filtered by RUST_LOG
    let addr = parse_addr("127.0.0.1:6067")?;
    let keys = session_keys()?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let url = format!("http://{}", listener.local_addr()?);

    // App Connect reaches the connector under `/crm`.
    let manifest = mock_crm::manifest(&format!("{url}/crm"))
        .map_err(|e| format!("the manifest is broken:\n{e}"))?;
    let server = ConnectorServer::builder(keys)
        .connector(Arc::new(mock_crm::MockCrm::seeded()))
        .manifest(&manifest)
        .build()?;

    let app = Router::new()
        .route("/health", get(health))
        .nest_service("/crm", server);

    println!("axum app listening on {url} (App Connect routes under {url}/crm)");
    // Header and body read timeouts and a connection limit (see `mock_crm_server::host`);
    // Ctrl-C finishes the requests in flight, then stops.
    host::serve(listener, app, host::Limits::from_env()?).await?;
    Ok(())
}
