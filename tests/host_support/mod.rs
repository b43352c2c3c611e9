//! Raw HTTP/1.1 over loopback for the host tests (`mod host_support;`): kept-alive
//! `GET /isAlive` exchanges, to hold connections open and see when one is served.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A kept-alive `GET /isAlive` request.
pub const ALIVE: &[u8] = b"GET /isAlive HTTP/1.1\r\nHost: x\r\n\r\n";

/// Reads one `GET /isAlive` answer (body `OK`) from a kept-alive connection.
pub async fn read_alive(stream: &mut TcpStream) -> String {
    let mut received = Vec::new();
    let mut buf = [0u8; 1024];
    while !String::from_utf8_lossy(&received).ends_with("\r\n\r\nOK") {
        let n = stream.read(&mut buf).await.expect("read");
        assert!(n > 0, "the server closed the connection: {received:?}");
        received.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&received).into_owned()
}

/// A connection that has been served once and is kept alive, so it holds its place under
/// the host's connection limit.
pub async fn held(addr: SocketAddr) -> TcpStream {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(ALIVE).await.expect("write");
    let answer = tokio::time::timeout(Duration::from_secs(5), read_alive(&mut stream))
        .await
        .expect("a connection under the limit is served at once");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    stream
}

/// Checks that a connection over the limit waits unanswered until `release` closes one of
/// the held connections, and is then served.
pub async fn waits_until_one_closes(addr: SocketAddr, release: impl FnOnce()) {
    let mut third = TcpStream::connect(addr).await.expect("connect");
    third.write_all(ALIVE).await.expect("write");
    let waited = tokio::time::timeout(Duration::from_millis(500), read_alive(&mut third)).await;
    assert!(waited.is_err(), "served over the limit: {waited:?}");

    let released = std::time::Instant::now();
    release();
    let answer = tokio::time::timeout(Duration::from_secs(5), read_alive(&mut third))
        .await
        .expect("served once a connection closed");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        released.elapsed() < Duration::from_secs(2),
        "took {:?}",
        released.elapsed()
    );
}
