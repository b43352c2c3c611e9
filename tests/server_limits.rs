//! Early 413 (issue 13): a declared `Content-Length` over the limit is refused before any of
//! the body is read, by `handle()` and by the tower service.
#![cfg(feature = "tower")]

mod common;
mod support;

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use app_connect_sdk::http::{Method, Request, StatusCode, header};
use support::{Harness, Options};
use tower::ServiceExt;

/// A body that never yields, and remembers whether anyone polled it.
struct Never(Arc<AtomicBool>);

impl http_body::Body for Never {
    type Data = bytes::Bytes;
    type Error = std::io::Error;
    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<bytes::Bytes>, std::io::Error>>> {
        self.0.store(true, Ordering::SeqCst);
        Poll::Pending
    }
}

#[tokio::test]
async fn the_tower_service_refuses_a_declared_oversized_body_without_reading_it() {
    let h = Harness::with(Options::default(), |b| b.body_limit(1000)).await;
    let polled = Arc::new(AtomicBool::new(false));
    let request = Request::post("/callLog")
        .header(header::AUTHORIZATION, format!("Bearer {}", h.token))
        .header(header::CONTENT_LENGTH, "5000000000")
        .header(header::EXPECT, "100-continue")
        .body(Never(polled.clone()))
        .expect("request");
    let response = tokio::time::timeout(Duration::from_secs(5), h.server.clone().oneshot(request))
        .await
        .expect("answered without waiting for the body")
        .expect("infallible");
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(!polled.load(Ordering::SeqCst), "the body was polled");
    assert!(h.crm.calls().is_empty());
}

#[tokio::test]
async fn handle_refuses_a_declared_oversized_body() {
    let h = Harness::with(Options::default(), |b| b.body_limit(1000)).await;
    let request = Request::builder()
        .method(Method::POST)
        .uri("/callLog")
        .header(header::AUTHORIZATION, format!("Bearer {}", h.token))
        .header(header::CONTENT_LENGTH, "1001")
        .body(b"{}".to_vec())
        .expect("request");
    let a = support::answer(h.server.handle(request).await);
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", a.text);
    assert!(
        a.json()["error"]
            .as_str()
            .is_some_and(|e| e.contains("1000"))
    );

    // At the limit it is served as usual (here: a body that is not a call log).
    let request = Request::builder()
        .method(Method::POST)
        .uri("/callLog")
        .header(header::AUTHORIZATION, format!("Bearer {}", h.token))
        .header(header::CONTENT_LENGTH, "1000")
        .header(header::CONTENT_TYPE, "application/json")
        .body(b"{}".to_vec())
        .expect("request");
    let a = support::answer(h.server.handle(request).await);
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
    assert!(h.crm.calls().is_empty());
}
