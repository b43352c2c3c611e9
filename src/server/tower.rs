//! `tower_service::Service` for [`ConnectorServer`] (feature `tower`): axum's
//! `Router::nest_service`, hyper (through hyper-util's `TowerToHyperService`) and
//! `lambda_http::run` mount it directly.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{Request, Response};
use http_body::Body;
use http_body_util::{BodyExt, Full, Limited};

use super::incoming::{declares_too_large, reject};
use super::{ConnectorServer, Rejection};

/// The response body type of the `tower` service: the whole JSON body in one frame.
pub type ResponseBody = Full<Bytes>;

impl<B> tower_service::Service<Request<B>> for ConnectorServer
where
    B: Body + Send + 'static,
    B::Data: Send,
    // Not `std::error::Error`: lambda_http's body fails with a `Box<dyn Error + Send + Sync>`.
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Response = Response<ResponseBody>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let server = self.clone();
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let limit = server.inner().body_limit;
            // Refused before the first body byte is read: hyper sends `100 Continue` only
            // when the body is polled, so an `Expect: 100-continue` client sends nothing.
            if declares_too_large(&parts.headers, limit) {
                // Through handle_bytes, so the refusal is traced like any other.
                let response = server.handle_bytes(parts, &[]).await;
                return Ok(response.map(|body| Full::new(Bytes::from(body))));
            }
            let response = match Limited::new(body, limit).collect().await {
                Ok(collected) => server.handle_bytes(parts, &collected.to_bytes()).await,
                Err(error) => {
                    let rejection = if error.is::<http_body_util::LengthLimitError>() {
                        Rejection::PayloadTooLarge { limit }
                    } else {
                        Rejection::BodyRead(error.to_string())
                    };
                    reject(&rejection)
                }
            };
            Ok(response.map(|body| Full::new(Bytes::from(body))))
        })
    }
}
