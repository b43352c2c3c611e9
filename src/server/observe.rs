//! Operability (feature `tracing`, on by default): a span per request and an event wherever an
//! error becomes a reply.
//!
//! Every request runs in an `INFO` span named `app_connect.request` with the fields `method`,
//! `route` (the path below the base path, no query), `platform`, `interface` (the connector
//! interface called, recorded when it is), `user` (a pseudonym: the first 16 hex digits of
//! SHA-256 over platform, user id and the server's hash key when one is configured) and
//! `session_id` (the call session id of call-log requests). Tokens, API keys, secrets, request
//! bodies and query strings are never recorded.
//!
//! Events (target `app_connect_sdk::server`): `WARN` when a connector error becomes a reply (with
//! the error's whole source chain in `error`), `ERROR` when connector or runtime code panicked or
//! a store operation failed, `INFO` when a request is rejected (4xx). Without the feature every
//! function here is a no-op.
//!
//! [`Observer`] (always available) sees every connector interface call: interface, duration,
//! outcome, CRM HTTP status and the connector's `extraDataTracking`, for metrics.

use std::sync::Arc;
use std::time::Duration;

use http::StatusCode;

use crate::connector::{ConnectorError, Interface};
use crate::models::{ExtraDataTracking, Secret};

use super::Rejection;
use super::incoming::Incoming;
use super::session::SessionClaims;

/// The error and its sources, `outer: inner: innermost`.
#[cfg_attr(not(feature = "tracing"), allow(dead_code))]
pub(crate) fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        let inner_text = inner.to_string();
        // `#[error(transparent)]` wrappers repeat their source's text.
        if !text.ends_with(&inner_text) {
            text.push_str(": ");
            text.push_str(&inner_text);
        }
        source = inner.source();
    }
    text
}

/// The text of a panic payload (`&str` or `String`), else a placeholder.
#[cfg_attr(not(feature = "tracing"), allow(dead_code))]
fn panic_text(payload: &(dyn std::any::Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(a non-text panic payload)")
}

/// A stable pseudonym of a user for log correlation: never the id itself.
#[cfg_attr(not(feature = "tracing"), allow(dead_code))]
pub(crate) fn user_pseudonym(platform: &str, id: &str, key: Option<&Secret>) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(platform.as_bytes());
    hasher.update(b":");
    hasher.update(id.as_bytes());
    if let Some(key) = key {
        hasher.update(b":");
        hasher.update(key.expose().as_bytes());
    }
    let digest = hasher.finalize();
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// The span of one request (fields filled in as they become known).
#[cfg(feature = "tracing")]
pub(crate) fn request_span(method: &http::Method, route: Option<&str>) -> tracing::Span {
    tracing::info_span!(
        target: "app_connect_sdk::server",
        "app_connect.request",
        method = %method,
        route = route.unwrap_or("(outside the base path)"),
        platform = tracing::field::Empty,
        interface = tracing::field::Empty,
        user = tracing::field::Empty,
        session_id = tracing::field::Empty,
    )
}

/// Records the verified session's platform and user pseudonym, and the call session id of the
/// request, in the current span.
pub(crate) fn record_request(
    claims: Option<&SessionClaims>,
    incoming: &Incoming<'_>,
    key: Option<&Secret>,
) {
    #[cfg(feature = "tracing")]
    {
        let span = tracing::Span::current();
        if span.is_disabled() {
            return;
        }
        if let Some(claims) = claims {
            span.record("platform", claims.platform.as_str());
            span.record(
                "user",
                user_pseudonym(&claims.platform, &claims.id, key).as_str(),
            );
        }
        if let Some(session_id) = call_session_id(incoming) {
            span.record("session_id", session_id.as_str());
        }
    }
    #[cfg(not(feature = "tracing"))]
    let _ = (claims, incoming, key);
}

/// The call session id of a call-log request: `?sessionId=` / `?sessionIds=`, else the body's
/// `logInfo.sessionId` or `sessionId`.
#[cfg(feature = "tracing")]
fn call_session_id(incoming: &Incoming<'_>) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Probe {
        #[serde(rename = "logInfo")]
        log_info: Option<Inner>,
        #[serde(rename = "sessionId")]
        session_id: Option<serde_json::Value>,
    }
    #[derive(serde::Deserialize)]
    struct Inner {
        #[serde(rename = "sessionId")]
        session_id: Option<serde_json::Value>,
    }
    let text = |value: serde_json::Value| match value {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    if let Some(id) = incoming
        .query("sessionId")
        .or_else(|| incoming.query("sessionIds"))
    {
        return Some(id.to_owned());
    }
    if !matches!(incoming.path, Some(p) if p.starts_with("/callLog") || p.starts_with("/callDisposition"))
    {
        return None;
    }
    let probe: Probe = serde_json::from_slice(incoming.body).ok()?;
    probe
        .log_info
        .and_then(|inner| inner.session_id)
        .or(probe.session_id)
        .and_then(text)
}

/// Records the interface being called in the current span.
pub(crate) fn record_interface(interface: Interface) {
    #[cfg(feature = "tracing")]
    tracing::Span::current().record("interface", interface.as_str());
    #[cfg(not(feature = "tracing"))]
    let _ = interface;
}

/// A connector error is about to become App Connect's reply.
pub(crate) fn connector_failed(platform: &str, interface: Interface, error: &ConnectorError) {
    #[cfg(feature = "tracing")]
    tracing::warn!(
        target: "app_connect_sdk::server",
        platform,
        interface = interface.as_str(),
        crm_status = error.crm_status().map(|s| s.as_u16()),
        error = %chain(error),
        "connector call failed"
    );
    #[cfg(not(feature = "tracing"))]
    let _ = (platform, interface, error);
}

/// Connector or runtime code panicked; `place` says whose.
pub(crate) fn panicked(place: &str, payload: &(dyn std::any::Any + Send)) {
    #[cfg(feature = "tracing")]
    tracing::error!(
        target: "app_connect_sdk::server",
        place,
        panic = panic_text(payload),
        "panic caught; answered with a failure"
    );
    #[cfg(not(feature = "tracing"))]
    let _ = (place, payload);
}

/// A request was refused before connector code ran.
pub(crate) fn rejected(rejection: &Rejection) {
    #[cfg(feature = "tracing")]
    tracing::info!(
        target: "app_connect_sdk::server",
        status = rejection.status().as_u16(),
        error = %chain(rejection),
        "request rejected"
    );
    #[cfg(not(feature = "tracing"))]
    let _ = rejection;
}

/// A store operation failed (the user sees `Database operation failed`).
#[cfg_attr(not(feature = "tracing"), allow(dead_code))]
pub(crate) fn store_failed(operation: &str, error: &(dyn std::error::Error + 'static)) {
    #[cfg(feature = "tracing")]
    tracing::error!(
        target: "app_connect_sdk::server",
        operation,
        error = %chain(error),
        "store operation failed"
    );
    #[cfg(not(feature = "tracing"))]
    let _ = (operation, error);
}

/// `future` in the current span and with the current [`Observer`] (for tasks the runtime
/// spawns).
pub(crate) fn carry<F: std::future::Future>(
    future: F,
) -> impl std::future::Future<Output = F::Output> {
    let observer = OBSERVER.try_with(Clone::clone).ok().flatten();
    #[cfg(feature = "tracing")]
    let future = tracing::Instrument::in_current_span(future);
    OBSERVER.scope(observer, future)
}

/// Runs `future` (one request) with the server's observer.
pub(crate) fn observed<F: std::future::Future>(
    observer: Option<Arc<dyn Observer>>,
    future: F,
) -> impl std::future::Future<Output = F::Output> {
    OBSERVER.scope(observer, future)
}

tokio::task_local! {
    static OBSERVER: Option<Arc<dyn Observer>>;
}

/// Sees every connector interface call the server makes, to feed metrics.
///
/// Register one with [`ServerBuilder::observer`](super::ServerBuilder::observer). It is called
/// on the request's task right after the call, so it must be quick and must not block or
/// panic (hand heavy work to a channel).
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use app_connect_sdk::server::{CallOutcome, InterfaceCall, Observer};
///
/// /// Counts calls and failures, and keeps the last rate-limit headroom the CRM reported.
/// #[derive(Default)]
/// struct Counters {
///     calls: AtomicU64,
///     failures: AtomicU64,
///     rate_limit_remaining: AtomicU64,
/// }
///
/// impl Observer for Counters {
///     fn interface_called(&self, call: &InterfaceCall<'_>) {
///         self.calls.fetch_add(1, Ordering::Relaxed);
///         if call.outcome != CallOutcome::Succeeded {
///             self.failures.fetch_add(1, Ordering::Relaxed);
///         }
///         if let Some(left) = call
///             .extra_data_tracking
///             .and_then(|t| t.get("ratelimitRemaining"))
///             .and_then(|v| v.as_u64())
///         {
///             self.rate_limit_remaining.store(left, Ordering::Relaxed);
///         }
///     }
/// }
/// ```
pub trait Observer: Send + Sync + 'static {
    /// One connector interface call has finished.
    fn interface_called(&self, call: &InterfaceCall<'_>);
}

/// One finished connector interface call, as an [`Observer`] sees it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct InterfaceCall<'a> {
    /// The platform (connector name).
    pub platform: &'a str,
    /// The interface called.
    pub interface: Interface,
    /// How long the connector's future ran.
    pub duration: Duration,
    /// How it ended.
    pub outcome: CallOutcome,
    /// The CRM's HTTP status of a failed call, when the connector reported one
    /// ([`ConnectorError::crm_status`]).
    pub crm_status: Option<StatusCode>,
    /// The connector's `extraDataTracking` (rate-limit headers …) of a successful result that
    /// carries one (`FindContactResult`, `LogResult`, `GetCallLogResult` …).
    pub extra_data_tracking: Option<&'a ExtraDataTracking>,
}

/// How a connector interface call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallOutcome {
    /// The connector returned a result (which may still carry a warning for the user).
    Succeeded,
    /// The connector returned an error.
    Failed,
    /// The connector panicked.
    Panicked,
}

/// The `extraDataTracking` of a result type that has one.
fn tracking_of<T: 'static>(value: &T) -> Option<&ExtraDataTracking> {
    use crate::models::{
        CreateContactResult, FindContactResult, GetCallLogResult, LogResult, UpdateCallLogResult,
        UpdateMessageLogResult,
    };
    let any: &dyn std::any::Any = value;
    if let Some(r) = any.downcast_ref::<FindContactResult>() {
        return r.extra_data_tracking.as_ref();
    }
    if let Some(r) = any.downcast_ref::<CreateContactResult>() {
        return r.extra_data_tracking.as_ref();
    }
    if let Some(r) = any.downcast_ref::<LogResult>() {
        return r.extra_data_tracking.as_ref();
    }
    if let Some(r) = any.downcast_ref::<UpdateCallLogResult>() {
        return r.extra_data_tracking.as_ref();
    }
    if let Some(r) = any.downcast_ref::<GetCallLogResult>() {
        return r.extra_data_tracking.as_ref();
    }
    if let Some(r) = any.downcast_ref::<UpdateMessageLogResult>() {
        return r.extra_data_tracking.as_ref();
    }
    None
}

/// Tells the request's observer, if any, how a connector call ended.
pub(crate) fn notify<T: 'static>(
    platform: &str,
    interface: Interface,
    started: std::time::Instant,
    result: &std::result::Result<T, ConnectorError>,
    panicked: bool,
) {
    let _ = OBSERVER.try_with(|observer| {
        let Some(observer) = observer else { return };
        let (outcome, crm_status, extra_data_tracking) = match result {
            Ok(value) => (CallOutcome::Succeeded, None, tracking_of(value)),
            Err(_) if panicked => (CallOutcome::Panicked, None, None),
            Err(error) => (CallOutcome::Failed, error.crm_status(), None),
        };
        observer.interface_called(&InterfaceCall {
            platform,
            interface,
            duration: started.elapsed(),
            outcome,
            crm_status,
            extra_data_tracking,
        });
    });
}

/// A store whose failures are logged (`store_failed`) before the caller turns them into
/// `Database operation failed`: the routes keep their `Err(_)` arms, the operator sees why.
#[cfg(feature = "tracing")]
pub(crate) struct Logged<S: ?Sized>(pub(crate) std::sync::Arc<S>);

#[cfg(feature = "tracing")]
mod logged {
    use std::time::Duration;

    use async_trait::async_trait;

    use super::{Logged, store_failed};
    use crate::models::{ExistingCallLog, ExistingMessageLog, User};
    use crate::server::store::{
        CallIdentity, CallLogKey, CallLogStore, MessageLogStore, StoreError, UserStore,
    };

    /// `Conflict` (a row or reservation already there) is an answer, not a failure.
    fn logged<T>(operation: &str, result: Result<T, StoreError>) -> Result<T, StoreError> {
        if let Err(error) = &result
            && !matches!(error, StoreError::Conflict)
        {
            store_failed(operation, error);
        }
        result
    }

    #[async_trait]
    impl UserStore for Logged<dyn UserStore> {
        async fn get_user(&self, platform: &str, id: &str) -> Result<Option<User>, StoreError> {
            logged("get_user", self.0.get_user(platform, id).await)
        }
        async fn put_user(&self, user: User) -> Result<(), StoreError> {
            logged("put_user", self.0.put_user(user).await)
        }
        async fn delete_user(&self, platform: &str, id: &str) -> Result<(), StoreError> {
            logged("delete_user", self.0.delete_user(platform, id).await)
        }
        async fn upsert_user(&self, user: User) -> Result<User, StoreError> {
            logged("upsert_user", self.0.upsert_user(user).await)
        }
    }

    #[async_trait]
    impl CallLogStore for Logged<dyn CallLogStore> {
        async fn find_call_log(
            &self,
            platform: &str,
            session_id: &str,
            identity: &CallIdentity,
        ) -> Result<Option<ExistingCallLog>, StoreError> {
            let result = self.0.find_call_log(platform, session_id, identity).await;
            logged("find_call_log", result)
        }
        async fn insert_call_log(&self, row: ExistingCallLog) -> Result<(), StoreError> {
            logged("insert_call_log", self.0.insert_call_log(row).await)
        }
        async fn reserve_call_log(
            &self,
            key: &CallLogKey,
            holder: &str,
            lease: Duration,
        ) -> Result<(), StoreError> {
            logged(
                "reserve_call_log",
                self.0.reserve_call_log(key, holder, lease).await,
            )
        }
        async fn complete_call_log(
            &self,
            holder: &str,
            row: ExistingCallLog,
        ) -> Result<(), StoreError> {
            logged(
                "complete_call_log",
                self.0.complete_call_log(holder, row).await,
            )
        }
        async fn release_call_log(&self, key: &CallLogKey, holder: &str) -> Result<(), StoreError> {
            logged(
                "release_call_log",
                self.0.release_call_log(key, holder).await,
            )
        }
    }

    #[async_trait]
    impl MessageLogStore for Logged<dyn MessageLogStore> {
        async fn get_message_log(
            &self,
            platform: &str,
            id: &str,
        ) -> Result<Option<ExistingMessageLog>, StoreError> {
            logged(
                "get_message_log",
                self.0.get_message_log(platform, id).await,
            )
        }
        async fn find_by_conversation_log_id(
            &self,
            platform: &str,
            conversation_log_id: &str,
        ) -> Result<Option<ExistingMessageLog>, StoreError> {
            let result = self
                .0
                .find_by_conversation_log_id(platform, conversation_log_id)
                .await;
            logged("find_by_conversation_log_id", result)
        }
        async fn insert_message_log(&self, row: ExistingMessageLog) -> Result<(), StoreError> {
            logged("insert_message_log", self.0.insert_message_log(row).await)
        }
        async fn reserve_message_log(
            &self,
            platform: &str,
            id: &str,
            holder: &str,
            lease: Duration,
        ) -> Result<(), StoreError> {
            let result = self
                .0
                .reserve_message_log(platform, id, holder, lease)
                .await;
            logged("reserve_message_log", result)
        }
        async fn complete_message_log(
            &self,
            holder: &str,
            row: ExistingMessageLog,
        ) -> Result<(), StoreError> {
            logged(
                "complete_message_log",
                self.0.complete_message_log(holder, row).await,
            )
        }
        async fn release_message_log(
            &self,
            platform: &str,
            id: &str,
            holder: &str,
        ) -> Result<(), StoreError> {
            let result = self.0.release_message_log(platform, id, holder).await;
            logged("release_message_log", result)
        }
        async fn reserve_conversation(
            &self,
            platform: &str,
            conversation_log_id: &str,
            holder: &str,
            lease: Duration,
        ) -> Result<(), StoreError> {
            let result = self
                .0
                .reserve_conversation(platform, conversation_log_id, holder, lease)
                .await;
            logged("reserve_conversation", result)
        }
        async fn release_conversation(
            &self,
            platform: &str,
            conversation_log_id: &str,
            holder: &str,
        ) -> Result<(), StoreError> {
            let result = self
                .0
                .release_conversation(platform, conversation_log_id, holder)
                .await;
            logged("release_conversation", result)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("outer")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn chain_joins_every_source() {
        let error = Outer(std::io::Error::other("inner"));
        assert_eq!(chain(&error), "outer: inner");
    }

    #[test]
    fn pseudonym_depends_on_platform_id_and_key() {
        let a = user_pseudonym("crm", "u1", None);
        assert_eq!(a.len(), 16);
        assert_ne!(a, user_pseudonym("crm", "u2", None));
        assert_ne!(a, user_pseudonym("other", "u1", None));
        assert_ne!(
            a,
            user_pseudonym("crm", "u1", Some(&Secret::new("k".to_owned())))
        );
        assert!(!a.contains("u1"));
    }
}

/// [`Logged`] for the cache and admin stores: failures logged as for the other stores.
#[cfg(feature = "tracing")]
mod logged_stores {
    use async_trait::async_trait;

    use super::{Logged, store_failed};
    use crate::connector::CachedValue;
    use crate::models::AdminConfig;
    use crate::server::store::{AdminStore, CacheStore, StoreError};

    fn logged<T>(operation: &str, result: Result<T, StoreError>) -> Result<T, StoreError> {
        if let Err(error) = &result {
            store_failed(operation, error);
        }
        result
    }

    #[async_trait]
    impl CacheStore for Logged<dyn CacheStore> {
        async fn get_account_data(
            &self,
            platform: &str,
            rc_account_id: &str,
            key: &str,
        ) -> Result<Option<CachedValue>, StoreError> {
            let result = self.0.get_account_data(platform, rc_account_id, key).await;
            logged("get_account_data", result)
        }
        async fn put_account_data(
            &self,
            platform: &str,
            rc_account_id: &str,
            key: &str,
            entry: CachedValue,
        ) -> Result<(), StoreError> {
            let result = self
                .0
                .put_account_data(platform, rc_account_id, key, entry)
                .await;
            logged("put_account_data", result)
        }
        async fn delete_account_data(
            &self,
            platform: &str,
            rc_account_id: &str,
            key: &str,
        ) -> Result<(), StoreError> {
            let result = self
                .0
                .delete_account_data(platform, rc_account_id, key)
                .await;
            logged("delete_account_data", result)
        }
        async fn put_call_note(
            &self,
            platform: &str,
            session_id: &str,
            note: &str,
            expires_at: i64,
        ) -> Result<(), StoreError> {
            let result = self
                .0
                .put_call_note(platform, session_id, note, expires_at)
                .await;
            logged("put_call_note", result)
        }
        async fn get_call_note(
            &self,
            platform: &str,
            session_id: &str,
            now: i64,
        ) -> Result<Option<String>, StoreError> {
            logged(
                "get_call_note",
                self.0.get_call_note(platform, session_id, now).await,
            )
        }
    }

    #[async_trait]
    impl AdminStore for Logged<dyn AdminStore> {
        async fn get_admin_config(
            &self,
            platform: &str,
            account: &str,
        ) -> Result<Option<AdminConfig>, StoreError> {
            logged(
                "get_admin_config",
                self.0.get_admin_config(platform, account).await,
            )
        }
        async fn put_admin_config(
            &self,
            platform: &str,
            account: &str,
            config: AdminConfig,
        ) -> Result<(), StoreError> {
            logged(
                "put_admin_config",
                self.0.put_admin_config(platform, account, config).await,
            )
        }
    }
}

/// Tells the observer about an interface answered from a cache instead of the connector
/// (`extraDataTracking.isCached`, as App Connect core tracks a cached contact match).
pub(crate) fn notify_cached(platform: &str, interface: Interface) {
    let _ = OBSERVER.try_with(|observer| {
        let Some(observer) = observer else { return };
        let mut tracking = ExtraDataTracking::new();
        tracking.insert("isCached".to_owned(), serde_json::Value::Bool(true));
        observer.interface_called(&InterfaceCall {
            platform,
            interface,
            duration: Duration::ZERO,
            outcome: CallOutcome::Succeeded,
            crm_status: None,
            extra_data_tracking: Some(&tracking),
        });
    });
}
