//! The connector server runtime: App Connect's routes on `http` types.
//!
//! [`ConnectorServer`] serves the routes the App Connect client calls at the manifest's
//! `serverUrl` (`/contact`, `/callLog`, `/messageLog`, `/apiKeyLogin`, …) on top of one or more
//! [`Connector`] implementations. It takes an `http::Request` with any byte body
//! and returns an `http::Response<Vec<u8>>`; it never panics and never returns an error to the
//! framework: every failure is a response. With the `tower` feature (on by default) it is a
//! `tower_service::Service`, so axum (`Router::nest_service`), hyper and lambda_http mount it
//! directly.
//!
//! ```no_run
//! # async fn demo(connector: impl app_connect_sdk::connector::Connector) -> Result<(), Box<dyn std::error::Error>> {
//! use app_connect_sdk::server::{ConnectorServer, session::SessionKeys};
//!
//! let server = ConnectorServer::builder(SessionKeys::from_env("APP_SERVER_SECRET_KEY")?)
//!     .connector(connector)
//!     .build()?;
//! let response = server
//!     .handle(app_connect_sdk::http::Request::get("/isAlive").body(Vec::new())?)
//!     .await;
//! assert_eq!(response.body(), b"OK");
//! # Ok(()) }
//! ```
//!
//! Sessions are App Connect's HS256 JWTs ([`session`]); users, call-log and message-log
//! linkage live in [`store`]s (in memory by default). Logging is serialised per call session
//! and per conversation, so concurrent identical requests create one CRM activity.

pub(crate) mod locks;
pub mod session;
pub mod store;

mod builder;
mod composition;
mod incoming;
#[cfg(feature = "oauth")]
mod oauth;
mod observe;
mod rejection;
// RingCentral identity of admin requests (issue 12).
mod ringcentral;
mod routes;
mod shared_sms;
mod signed_in;
#[cfg(feature = "tower")]
mod tower;

use std::collections::BTreeMap;
use std::fmt;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use futures_util::FutureExt;
use http::{HeaderValue, Request, Response};

pub use builder::{BuildError, DEFAULT_BODY_LIMIT, ServerBuilder};
#[cfg(feature = "oauth")]
pub use oauth::ManagedOAuth;
pub use observe::{CallOutcome, InterfaceCall, Observer};
pub use rejection::AUTHORIZE_CRM;
pub use rejection::Rejection;
pub use ringcentral::{DEFAULT_IDENTITY_TTL, DEFAULT_RINGCENTRAL_API};
pub use signed_in::SignedIn;
#[cfg(feature = "tower")]
pub use tower::ResponseBody;

use crate::connector::Connector;
use crate::models::Secret;
use incoming::Incoming;
use locks::KeyedLocks;
use session::SessionKeys;
use store::{CallLogStore, MessageLogStore, UserStore};

/// The response header App Connect's client reads a rotated session token from.
pub const REFRESHED_TOKEN_HEADER: &str = "x-refreshed-jwt-token";

/// Serves App Connect's connector routes for one or more connectors.
///
/// Cheap to clone (an `Arc` inside); build it with [`ConnectorServer::builder`].
#[derive(Clone)]
pub struct ConnectorServer {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) connectors: BTreeMap<String, Arc<dyn Connector>>,
    pub(crate) manifest: Option<serde_json::Value>,
    pub(crate) keys: SessionKeys,
    pub(crate) users: Arc<dyn UserStore>,
    pub(crate) call_logs: Arc<dyn CallLogStore>,
    pub(crate) message_logs: Arc<dyn MessageLogStore>,
    pub(crate) base_path: String,
    pub(crate) body_limit: usize,
    pub(crate) cache_call_note: bool,
    pub(crate) hash_key: Option<Secret>,
    pub(crate) call_locks: KeyedLocks,
    pub(crate) message_locks: KeyedLocks,
    #[cfg(feature = "oauth")]
    pub(crate) managed_oauth: Option<Arc<dyn ManagedOAuth>>,
    pub(crate) reservation_lease: std::time::Duration,
    pub(crate) observer: Option<Arc<dyn Observer>>,
    pub(crate) release_notes: crate::models::ReleaseNotes,
    pub(crate) caches: Arc<dyn store::CacheStore>,
    /// Admin configurations of RingCentral accounts (issue 12).
    pub(crate) admin: Arc<dyn store::AdminStore>,
    /// The RingCentral identity lookup of admin requests (feature `oauth`).
    #[cfg(feature = "oauth")]
    pub(crate) ringcentral: ringcentral::RingCentral,
}

impl fmt::Debug for ConnectorServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectorServer")
            .field(
                "platforms",
                &self.inner.connectors.keys().collect::<Vec<_>>(),
            )
            .field("base_path", &self.inner.base_path)
            .field("body_limit", &self.inner.body_limit)
            .finish_non_exhaustive()
    }
}

impl ConnectorServer {
    /// Starts a server whose session tokens are signed with `keys`.
    pub fn builder(keys: SessionKeys) -> ServerBuilder {
        ServerBuilder::new(keys)
    }

    /// Answers one request. The body is any byte buffer (`Vec<u8>`, `Bytes`, `String`, …).
    ///
    /// Never panics and never fails: malformed input, unknown routes, connector errors and
    /// connector panics all become responses (see [`Rejection`] and
    /// [`ConnectorError::reply`](crate::connector::ConnectorError::reply)).
    pub async fn handle<B: AsRef<[u8]>>(&self, request: Request<B>) -> Response<Vec<u8>> {
        let (parts, body) = request.into_parts();
        self.handle_bytes(parts, body.as_ref()).await
    }

    /// [`handle`](Self::handle) for a request already split into parts and body bytes.
    pub async fn handle_bytes(
        &self,
        parts: http::request::Parts,
        body: &[u8],
    ) -> Response<Vec<u8>> {
        let incoming = Incoming::new(&parts, body, &self.inner.base_path);
        #[cfg(feature = "tracing")]
        {
            let span = observe::request_span(incoming.method, incoming.path);
            let serve = tracing::Instrument::instrument(self.serve(incoming), span);
            observe::observed(self.inner.observer.clone(), serve).await
        }
        #[cfg(not(feature = "tracing"))]
        observe::observed(self.inner.observer.clone(), self.serve(incoming)).await
    }

    /// [`handle_bytes`](Self::handle_bytes) inside the request span.
    async fn serve(&self, mut incoming: Incoming<'_>) -> Response<Vec<u8>> {
        let body = incoming.body;
        // Verified once here; the routes read the result (`sign_in`).
        let session = incoming
            .session_token()
            .map(|token| self.inner.keys.verify(token));
        // Only a session whose platform is served and whose user is signed in is rotated.
        let rotated = match &session {
            Some(Ok(claims)) => self.rotate_for_known_user(claims).await,
            _ => None,
        };
        observe::record_request(
            session.as_ref().and_then(|verified| verified.as_ref().ok()),
            &incoming,
            self.inner.hash_key.as_ref(),
        );
        incoming.session = session;
        let limit = self.inner.body_limit;
        let outcome = if body.len() > limit || incoming::declares_too_large(incoming.headers, limit)
        {
            Err(Rejection::PayloadTooLarge {
                limit: self.inner.body_limit,
            })
        } else {
            AssertUnwindSafe(routes::dispatch(self, &incoming))
                .catch_unwind()
                .await
                .unwrap_or_else(|panic| {
                    observe::panicked("runtime", panic.as_ref());
                    Ok(incoming::internal_error())
                })
        };
        let mut response = outcome.unwrap_or_else(|rejection| {
            observe::rejected(&rejection);
            incoming::reject(&rejection)
        });
        if let Some(token) = rotated
            && let Ok(value) = HeaderValue::from_str(token.expose())
        {
            response.headers_mut().insert(REFRESHED_TOKEN_HEADER, value);
        }
        response
    }

    /// The connector registered for `platform`.
    #[must_use]
    pub fn connector(&self, platform: &str) -> Option<&Arc<dyn Connector>> {
        self.inner.connectors.get(platform)
    }

    /// The session keys (to mint a token in tests or admin tools).
    #[must_use]
    pub fn session_keys(&self) -> &SessionKeys {
        &self.inner.keys
    }

    /// The user store.
    #[must_use]
    pub fn users(&self) -> &Arc<dyn UserStore> {
        &self.inner.users
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }
}
