//! Account data: values a connector fetches once per RingCentral account (activity types,
//! pipelines, …) and the runtime caches, as App Connect core's `accountData` descriptor table.
//!
//! - [`AccountData`] is the capability: the keys a connector serves at `GET /accountData`
//!   (manifest fields name them in `accountDataKey`), how long each stays fresh, and how to
//!   fetch one from the CRM.
//! - [`Context::account_data`] is the connector's way to read and write the same cache from
//!   any interface call, instead of keeping a cache of its own.
//! - [`AccountDataPersistence`] is where the cache lives: the server's cache store, or a
//!   [`MemoryPersistence`](super::MemoryPersistence) in tests.

use std::future::Future;
use std::time::Duration;

use async_trait::async_trait;
use serde_json::Value;

use super::{ConnectorError, Context, Result};

/// How long an account data value stays fresh unless the connector says otherwise: 24 hours,
/// as in App Connect core.
pub const DEFAULT_ACCOUNT_DATA_TTL: Duration = Duration::from_secs(24 * 60 * 60);

/// A cached value and when it stops being fresh (epoch milliseconds; `None`: never).
///
/// An expired value is still returned by the stores: it is served when a refetch fails, as
/// App Connect core does.
///
/// ```
/// use app_connect_sdk::connector::CachedValue;
/// let entry = CachedValue::new(serde_json::json!([1, 2]), Some(1_000));
/// assert!(entry.is_fresh(999));
/// assert!(!entry.is_fresh(1_000));
/// assert!(CachedValue::new(serde_json::json!(null), None).is_fresh(i64::MAX));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CachedValue {
    /// The cached JSON.
    pub value: Value,
    /// When the value stops being fresh, in milliseconds since the Unix epoch.
    pub expires_at: Option<i64>,
}

impl CachedValue {
    /// A cached value expiring at `expires_at` (epoch milliseconds; `None`: never).
    #[must_use]
    pub fn new(value: Value, expires_at: Option<i64>) -> Self {
        CachedValue { value, expires_at }
    }

    /// Whether the value is still fresh at `now` (epoch milliseconds).
    #[must_use]
    pub fn is_fresh(&self, now: i64) -> bool {
        self.expires_at.is_none_or(|until| now < until)
    }
}

/// Milliseconds since the Unix epoch.
pub(crate) fn epoch_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The deadline of something that lasts `ttl` from `now`.
pub(crate) fn deadline(now: i64, ttl: Duration) -> i64 {
    now.saturating_add(i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX))
}

/// `accountData`: account-level values a connector serves at `GET /accountData?keys=`
/// (App Connect core's descriptor table `{ <key>: { fetch, ttlMs } }`).
///
/// The runtime caches each value per (platform, RingCentral account, key) for
/// [`account_data_ttl`](Self::account_data_ttl); a failed refetch serves the stale value.
///
/// ```
/// use app_connect_sdk::connector::{AccountData, Context, Result};
/// use serde_json::{Value, json};
///
/// struct Crm;
/// #[async_trait::async_trait]
/// impl AccountData for Crm {
///     fn account_data_keys(&self) -> Vec<String> {
///         vec!["activityTypes".into()]
///     }
///     async fn fetch_account_data(&self, _cx: &Context, key: &str) -> Result<Value> {
///         assert_eq!(key, "activityTypes");
///         Ok(json!([{ "const": "call", "title": "Call" }]))
///     }
/// }
/// ```
#[async_trait]
pub trait AccountData: Send + Sync {
    /// The keys this connector serves; `GET /accountData` refuses any other.
    fn account_data_keys(&self) -> Vec<String>;

    /// How long the value of `key` stays fresh (default [`DEFAULT_ACCOUNT_DATA_TTL`]).
    fn account_data_ttl(&self, key: &str) -> Duration {
        let _ = key;
        DEFAULT_ACCOUNT_DATA_TTL
    }

    /// Fetches the current value of `key` from the CRM (`cx` has the user and auth header).
    async fn fetch_account_data(&self, cx: &Context, key: &str) -> Result<Value>;
}

/// Where [`Context::account_data`] keeps its values: rows keyed by (platform, RingCentral
/// account id, key). The server runtime implements it on its cache store.
#[async_trait]
pub trait AccountDataPersistence: Send + Sync + 'static {
    /// The stored value of `key`, fresh or not.
    async fn load_account_data(
        &self,
        platform: &str,
        rc_account_id: &str,
        key: &str,
    ) -> Result<Option<CachedValue>>;

    /// Stores `entry` under `key`, replacing what was there.
    async fn save_account_data(
        &self,
        platform: &str,
        rc_account_id: &str,
        key: &str,
        entry: CachedValue,
    ) -> Result<()>;

    /// Removes `key` (no error when absent).
    async fn remove_account_data(
        &self,
        platform: &str,
        rc_account_id: &str,
        key: &str,
    ) -> Result<()>;
}

/// The account data of the signed-in user's RingCentral account, from
/// [`Context::account_data`].
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// use std::time::Duration;
/// use app_connect_sdk::connector::Context;
/// use app_connect_sdk::models::User;
/// use serde_json::json;
///
/// let mut user = User::new("7-acme", "acme");
/// user.rc_account_id = Some("rc-account-1".into());
/// let cx = Context::builder().platform("acme").user(user).build();
/// let day = Duration::from_secs(86_400);
///
/// let mut fetched = 0;
/// for _ in 0..2 {
///     let types = cx
///         .account_data()
///         .get_or_fetch("activityTypes", day, false, async {
///             fetched += 1;
///             Ok(json!(["call", "meeting"]))
///         })
///         .await?;
///     assert_eq!(types, json!(["call", "meeting"]));
/// }
/// assert_eq!(fetched, 1); // the second read was served from the cache
/// assert_eq!(cx.account_data().get("activityTypes").await?, Some(json!(["call", "meeting"])));
/// # Ok::<(), app_connect_sdk::connector::ConnectorError>(())
/// # }).unwrap();
/// ```
#[derive(Debug, Clone, Copy)]
pub struct AccountDataCache<'a> {
    cx: &'a Context,
}

impl<'a> AccountDataCache<'a> {
    pub(crate) fn new(cx: &'a Context) -> Self {
        AccountDataCache { cx }
    }

    /// The user's RingCentral account id: account data is kept per account.
    fn account(&self) -> Result<&'a str> {
        let user = self.cx.user()?;
        user.rc_account_id
            .as_deref()
            .filter(|id| !id.is_empty())
            .ok_or_else(|| {
                ConnectorError::InvalidInput(format!(
                    "user `{}` has no rcAccountId: account data is kept per RingCentral account",
                    user.id
                ))
            })
    }

    /// The stored entry of `key`, fresh or not.
    ///
    /// # Errors
    ///
    /// [`ConnectorError::InvalidInput`] when the user has no `rcAccountId`, or what the store
    /// reports.
    pub async fn entry(&self, key: &str) -> Result<Option<CachedValue>> {
        let account = self.account()?;
        self.cx
            .account_data_persistence()
            .load_account_data(self.cx.platform(), account, key)
            .await
    }

    /// The fresh value of `key`, if any.
    ///
    /// # Errors
    ///
    /// As [`entry`](Self::entry).
    pub async fn get(&self, key: &str) -> Result<Option<Value>> {
        let now = epoch_millis();
        Ok(self
            .entry(key)
            .await?
            .filter(|entry| entry.is_fresh(now))
            .map(|entry| entry.value))
    }

    /// Stores `value` under `key`, fresh for `ttl`.
    ///
    /// # Errors
    ///
    /// As [`entry`](Self::entry).
    pub async fn put(&self, key: &str, value: Value, ttl: Duration) -> Result<()> {
        let account = self.account()?;
        let entry = CachedValue::new(value, Some(deadline(epoch_millis(), ttl)));
        self.cx
            .account_data_persistence()
            .save_account_data(self.cx.platform(), account, key, entry)
            .await
    }

    /// Removes `key`.
    ///
    /// # Errors
    ///
    /// As [`entry`](Self::entry).
    pub async fn remove(&self, key: &str) -> Result<()> {
        let account = self.account()?;
        self.cx
            .account_data_persistence()
            .remove_account_data(self.cx.platform(), account, key)
            .await
    }

    /// App Connect core's `getAccountData`: the fresh cached value of `key`; else (or with
    /// `force_refresh`) the value `fetch` produces, stored for `ttl`. When `fetch` fails and a
    /// stale value is stored, the stale value is served.
    ///
    /// # Errors
    ///
    /// As [`entry`](Self::entry); `fetch`'s error when nothing is stored.
    pub async fn get_or_fetch<F>(
        &self,
        key: &str,
        ttl: Duration,
        force_refresh: bool,
        fetch: F,
    ) -> Result<Value>
    where
        F: Future<Output = Result<Value>>,
    {
        let existing = self.entry(key).await?;
        if let Some(entry) = &existing
            && !force_refresh
            && entry.is_fresh(epoch_millis())
        {
            return Ok(entry.value.clone());
        }
        let fresh = match fetch.await {
            Ok(fresh) => fresh,
            Err(error) => {
                return match existing {
                    // A revoked session is not papered over with stale data.
                    Some(stale) if !matches!(error, ConnectorError::SessionRevoked) => {
                        Ok(stale.value)
                    }
                    _ => Err(error),
                };
            }
        };
        self.put(key, fresh.clone(), ttl).await?;
        Ok(fresh)
    }
}
