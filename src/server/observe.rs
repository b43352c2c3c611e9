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

use crate::connector::{ConnectorError, Interface};
use crate::models::Secret;

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

/// `future` in the current span (for tasks the runtime spawns).
pub(crate) fn in_current_span<F: std::future::Future>(
    future: F,
) -> impl std::future::Future<Output = F::Output> {
    #[cfg(feature = "tracing")]
    {
        tracing::Instrument::in_current_span(future)
    }
    #[cfg(not(feature = "tracing"))]
    future
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
