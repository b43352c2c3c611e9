//! The example hosts' connection limit (issue 13): `mock_crm_server`'s `host::serve` (shared
//! by the axum examples) accepts a connection only while it holds one of its
//! `max_connections` permits. Served in-process over loopback (port 0).

mod host_support;

#[allow(dead_code)]
#[path = "../examples/mock_crm_server.rs"]
mod mock_crm_server;

use std::sync::Arc;
use std::time::Duration;

use app_connect_sdk::server::ConnectorServer;
use app_connect_sdk::server::session::SessionKeys;

use mock_crm_server::{host, mock_crm};

#[tokio::test]
async fn connections_over_the_limit_wait_until_one_closes() {
    let keys = SessionKeys::new("a-host-limits-test-secret-long-enough").expect("secret");
    let server = ConnectorServer::builder(keys)
        .connector(Arc::new(mock_crm::MockCrm::seeded()))
        .build()
        .expect("server builds");
    let app = axum::Router::new().fallback_service(server);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    let limits = host::Limits {
        header_read: Duration::from_secs(10),
        body_read: Duration::from_secs(10),
        max_connections: 2,
    };
    let serving = tokio::spawn(host::serve(listener, app, limits));

    let first = host_support::held(addr).await;
    let _second = host_support::held(addr).await;
    // The third connects (the kernel's backlog) but is not accepted until one closes.
    host_support::waits_until_one_closes(addr, move || drop(first)).await;

    serving.abort();
}
