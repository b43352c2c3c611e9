//! The example hosts' connection limit (issue 13): `mock_crm_server`'s `host::serve` (shared
//! by the axum examples) accepts a connection only while it holds one of its
//! `max_connections` permits. Served in-process over loopback (port 0).

#[allow(dead_code)]
#[path = "../examples/mock_crm_server.rs"]
mod mock_crm_server;

use std::sync::Arc;
use std::time::{Duration, Instant};

use app_connect_sdk::server::ConnectorServer;
use app_connect_sdk::server::session::SessionKeys;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use mock_crm_server::{host, mock_crm};

const ALIVE: &[u8] = b"GET /isAlive HTTP/1.1\r\nHost: x\r\n\r\n";

/// Reads one `GET /isAlive` answer (`OK`, 2 bytes of body) from a keep-alive connection.
async fn read_alive(stream: &mut TcpStream) -> String {
    let mut received = Vec::new();
    let mut buf = [0u8; 1024];
    while !String::from_utf8_lossy(&received).ends_with("\r\n\r\nOK") {
        let n = stream.read(&mut buf).await.expect("read");
        assert!(n > 0, "the server closed the connection: {received:?}");
        received.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&received).into_owned()
}

/// A connection that has been served once and is kept alive (so it holds a permit).
async fn held(addr: std::net::SocketAddr) -> TcpStream {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(ALIVE).await.expect("write");
    let answer = tokio::time::timeout(Duration::from_secs(5), read_alive(&mut stream))
        .await
        .expect("a connection under the limit is served at once");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    stream
}

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

    let first = held(addr).await;
    let _second = held(addr).await;

    // The third connects (the kernel's backlog) but is not accepted: no answer.
    let mut third = TcpStream::connect(addr).await.expect("connect");
    third.write_all(ALIVE).await.expect("write");
    let waited = tokio::time::timeout(Duration::from_millis(500), read_alive(&mut third)).await;
    assert!(waited.is_err(), "served over the limit: {waited:?}");

    // Closing one connection frees its permit: the waiting one is accepted and served.
    let released = Instant::now();
    drop(first);
    let answer = tokio::time::timeout(Duration::from_secs(5), read_alive(&mut third))
        .await
        .expect("served once a permit is free");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        released.elapsed() < Duration::from_secs(2),
        "took {:?}",
        released.elapsed()
    );

    serving.abort();
}
