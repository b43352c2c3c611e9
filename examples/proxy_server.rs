//! A connector server from a proxy config alone: no connector code.
//!
//! ```sh
//! cargo run --features proxy --example proxy_server -- \
//!     --config ../shared/reference/proxy-config-sample.json \
//!     --base-url https://api.example.com --addr 127.0.0.1:0
//! ```
//!
//! `--config FILE` is an App Connect proxy config (`docs/proxy.md`); a broken one is refused
//! with every problem and its JSON path. `--base-url URL` sets `requestDefaults.baseUrl` (the
//! sample leaves it empty); `--addr HOST:PORT` is where to listen (`127.0.0.1:6068` by
//! default). `{{secretKey}}` is `PROXY_SECRET_KEY` when set; the session secret is
//! `APP_SERVER_SECRET_KEY` (a random one when unset). The manifest is the config's
//! `manifest`, else one derived from it, served at `GET /crmManifest`.

use std::net::SocketAddr;
use std::process::ExitCode;

use app_connect_sdk::connector::Connector;
use app_connect_sdk::connector::proxy::{ProxyConfig, ProxyConnector};
use app_connect_sdk::models::Secret;
use app_connect_sdk::server::ConnectorServer;

// The mock CRM example, as a module, for its session-key helper.
#[allow(dead_code)]
#[path = "mock_crm_server.rs"]
mod mock_crm_server;

/// The command line.
struct Args {
    config: String,
    base_url: Option<String>,
    addr: SocketAddr,
}

const USAGE: &str = "usage: proxy_server --config FILE [--base-url URL] [--addr HOST:PORT]";

fn parse_args() -> Result<Args, String> {
    let mut config = None;
    let mut base_url = None;
    let mut addr = "127.0.0.1:6068".to_owned();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--config" => config = Some(value()?),
            "--base-url" => base_url = Some(value()?),
            "--addr" => addr = value()?,
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok(Args {
        config: config.ok_or_else(|| format!("--config is required\n{USAGE}"))?,
        base_url,
        addr: addr
            .parse()
            .map_err(|e| format!("bad --addr `{addr}`: {e}"))?,
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("proxy_server: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args = parse_args()?;
    let text = std::fs::read_to_string(&args.config)
        .map_err(|e| format!("cannot read {}: {e}", args.config))?;
    let mut config =
        ProxyConfig::from_json_str(&text).map_err(|e| format!("{}: {e}", args.config))?;
    if let Some(url) = &args.base_url {
        config
            .set_base_url(url)
            .map_err(|e| format!("--base-url: {e}"))?;
    }
    if let Ok(secret) = std::env::var("PROXY_SECRET_KEY") {
        config.set_secret_key(Secret::new(secret));
    }
    if (config.request_defaults.as_ref())
        .and_then(|d| d.base_url.as_deref())
        .is_none_or(str::is_empty)
    {
        eprintln!(
            "proxy_server: the config has no requestDefaults.baseUrl: relative operation URLs will fail (pass --base-url)"
        );
    }
    let connector = ProxyConnector::from_config(config)?;
    let keys = mock_crm_server::session_keys()?;

    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    let url = format!("http://{}", listener.local_addr()?);
    let manifest = connector.manifest(&url)?;
    let platform = connector.platform().to_owned();
    let server = ConnectorServer::builder(keys)
        .connector(connector)
        .manifest(&manifest)
        .build()?;

    println!("proxy connector `{platform}` listening on {url}");
    // App Connect's routes (a tower service) answer every request.
    let app = axum::Router::new().fallback_service(server);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
