//! RingCentral identity: who sent a request, from the user's RingCentral access token.
//!
//! App Connect's admin routes send the user's RingCentral token (`X-RC-Access-Token`, a
//! leading `Bearer ` stripped; legacy body or query `rcAccessToken`). Core validates it with
//! `GET {RingCentral}/restapi/v1.0/account/~/extension/~` and reads `account.id`, `id` and
//! `permissions.admin.enabled`; so does this module (feature `oauth`, whose HTTP client it
//! uses). Answers are cached briefly, keyed by a SHA-256 of the token (never the token); a
//! failure is not cached. The token is held as a [`Secret`] and never logged.

use crate::models::Secret;
use crate::server::incoming::Incoming;

/// The public RingCentral API, the default base URL of the identity lookup.
pub const DEFAULT_RINGCENTRAL_API: &str = "https://platform.ringcentral.com";

/// How long a RingCentral identity is reused without asking RingCentral again (default).
pub const DEFAULT_IDENTITY_TTL: std::time::Duration = std::time::Duration::from_secs(60);

/// The RingCentral access token of the request: `X-RC-Access-Token` (a leading `Bearer `
/// stripped), else the body's `rcAccessToken`, else the query's.
pub(crate) fn access_token(incoming: &Incoming<'_>) -> Option<Secret> {
    let from_header = incoming.header("x-rc-access-token").map(|value| {
        let value = value.trim();
        match value.get(..7) {
            Some(scheme) if scheme.eq_ignore_ascii_case("bearer ") => value[7..].trim(),
            _ => value,
        }
    });
    let from_body = || {
        serde_json::from_slice::<serde_json::Value>(incoming.body)
            .ok()
            .and_then(|body| body.get("rcAccessToken")?.as_str().map(str::to_owned))
    };
    from_header
        .map(str::to_owned)
        .filter(|t| !t.is_empty())
        .or_else(|| from_body().filter(|t| !t.is_empty()))
        .or_else(|| {
            incoming
                .query("rcAccessToken")
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
        })
        .map(Secret::new)
}

/// Who a RingCentral token belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RcIdentity {
    /// The RingCentral account id (raw, not hashed).
    pub(crate) account_id: String,
    /// The extension id of the token's user.
    #[cfg_attr(not(feature = "oauth"), allow(dead_code))]
    pub(crate) extension_id: String,
    /// `permissions.admin.enabled`.
    pub(crate) is_admin: bool,
}

/// Why a token's identity is unknown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(not(feature = "oauth"), allow(dead_code))]
pub(crate) enum RcFailure {
    /// RingCentral refused the token (its HTTP status: 401 for an invalid or expired token).
    #[error("RingCentral refused the access token (HTTP {0})")]
    Rejected(u16),
    /// RingCentral could not be asked, or answered something unexpected.
    #[error("RingCentral is unavailable: {0}")]
    Unavailable(String),
    /// This build has no HTTP client for the lookup.
    #[cfg_attr(feature = "oauth", allow(dead_code))]
    #[error("RingCentral tokens are validated with the `oauth` feature, which this build lacks")]
    Unsupported,
}

#[cfg(feature = "oauth")]
pub(crate) use lookup::RingCentral;

#[cfg(feature = "oauth")]
mod lookup {
    use std::collections::HashMap;
    use std::sync::{Mutex, PoisonError};
    use std::time::{Duration, Instant};

    use serde_json::Value;
    use sha2::{Digest, Sha256};

    use super::{RcFailure, RcIdentity};
    use crate::models::Secret;

    /// The most identities kept; past it the expired ones go, then all of them.
    const CACHE_LIMIT: usize = 4096;
    /// How long one lookup may take.
    const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

    /// The identity lookup with its cache.
    pub(crate) struct RingCentral {
        base: String,
        ttl: Duration,
        client: Option<reqwest::Client>,
        cache: Mutex<HashMap<[u8; 32], (Instant, RcIdentity)>>,
        /// Extension ids treated as admins (`ADMIN_EXTENSION_ID_DEV_PASS_LIST`).
        admin_extension_ids: Vec<String>,
    }

    impl std::fmt::Debug for RingCentral {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("RingCentral")
                .field("base", &self.base)
                .field("ttl", &self.ttl)
                .finish_non_exhaustive()
        }
    }

    impl RingCentral {
        /// A lookup against `base` (`https://platform.ringcentral.com`) caching for `ttl`.
        pub(crate) fn new(base: &str, ttl: Duration, admin_extension_ids: Vec<String>) -> Self {
            RingCentral {
                base: base.trim_end_matches('/').to_owned(),
                ttl,
                client: reqwest::Client::builder()
                    .timeout(REQUEST_TIMEOUT)
                    // A pooled connection would belong to the Tokio runtime that opened it.
                    .pool_max_idle_per_host(0)
                    .build()
                    .ok(),
                cache: Mutex::default(),
                admin_extension_ids,
            }
        }

        /// The identity of `token`: from the cache, else from RingCentral.
        pub(crate) async fn identify(&self, token: &Secret) -> Result<RcIdentity, RcFailure> {
            let key: [u8; 32] = Sha256::digest(token.expose().as_bytes()).into();
            if let Some(identity) = self.cached(&key) {
                return Ok(identity);
            }
            let mut identity = self.ask(token).await?;
            identity.is_admin |= self.admin_extension_ids.contains(&identity.extension_id);
            if !self.ttl.is_zero() {
                let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
                if cache.len() >= CACHE_LIMIT {
                    let now = Instant::now();
                    cache.retain(|_, (until, _)| *until > now);
                    if cache.len() >= CACHE_LIMIT {
                        cache.clear();
                    }
                }
                cache.insert(key, (Instant::now() + self.ttl, identity.clone()));
            }
            Ok(identity)
        }

        fn cached(&self, key: &[u8; 32]) -> Option<RcIdentity> {
            let cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
            cache
                .get(key)
                .filter(|(until, _)| *until > Instant::now())
                .map(|(_, identity)| identity.clone())
        }

        async fn ask(&self, token: &Secret) -> Result<RcIdentity, RcFailure> {
            let client = self
                .client
                .as_ref()
                .ok_or_else(|| RcFailure::Unavailable("cannot build the HTTP client".to_owned()))?;
            let url = format!("{}/restapi/v1.0/account/~/extension/~", self.base);
            let response = client
                .get(&url)
                .bearer_auth(token.expose())
                .header(reqwest::header::ACCEPT, "application/json")
                .send()
                .await
                .map_err(|e| RcFailure::Unavailable(transport(&e)))?;
            let status = response.status();
            if status == reqwest::StatusCode::UNAUTHORIZED
                || status == reqwest::StatusCode::FORBIDDEN
            {
                return Err(RcFailure::Rejected(status.as_u16()));
            }
            if !status.is_success() {
                return Err(RcFailure::Unavailable(format!("HTTP {}", status.as_u16())));
            }
            let body: Value = response
                .json()
                .await
                .map_err(|_| RcFailure::Unavailable("the answer is not JSON".to_owned()))?;
            parse(&body)
        }
    }

    /// A transport failure in words, without the error's own text (which names the URL).
    fn transport(error: &reqwest::Error) -> String {
        if error.is_timeout() {
            "the request timed out".to_owned()
        } else if error.is_connect() {
            "cannot connect".to_owned()
        } else {
            "the request failed".to_owned()
        }
    }

    /// `account.id`, `id` and `permissions.admin.enabled` of an extension record.
    pub(super) fn parse(body: &Value) -> Result<RcIdentity, RcFailure> {
        let text = |value: Option<&Value>| match value {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let account_id = text(body.pointer("/account/id")).ok_or_else(|| {
            RcFailure::Unavailable("the extension record has no account.id".to_owned())
        })?;
        let extension_id = text(body.get("id")).unwrap_or_default();
        let is_admin = body
            .pointer("/permissions/admin/enabled")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        Ok(RcIdentity {
            account_id,
            extension_id,
            is_admin,
        })
    }

    #[cfg(test)]
    mod tests {
        #![allow(clippy::unwrap_used)] // test code: a panic is the failure report
        use super::*;

        #[test]
        fn parses_numbers_strings_and_a_missing_admin_flag() {
            let identity = parse(&serde_json::json!({
                "id": 101, "account": { "id": "9001" },
                "permissions": { "admin": { "enabled": true } }
            }))
            .unwrap();
            assert_eq!(identity.account_id, "9001");
            assert_eq!(identity.extension_id, "101");
            assert!(identity.is_admin);
            let plain = parse(&serde_json::json!({ "id": "7", "account": { "id": 5 } })).unwrap();
            assert!(!plain.is_admin);
            assert_eq!(plain.account_id, "5");
            assert!(matches!(
                parse(&serde_json::json!({ "id": 7 })),
                Err(RcFailure::Unavailable(_))
            ));
        }
    }
}
