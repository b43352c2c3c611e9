//! [`CacheStore`]: the per-account cache (account data, contact matches) and the call-note
//! cache.

use async_trait::async_trait;

use super::StoreError;
use crate::connector::CachedValue;

/// How long a cached call note lives, as in App Connect core (3600 s).
pub const CALL_NOTE_TTL: std::time::Duration = std::time::Duration::from_secs(3600);

/// The caches of the runtime, every key starting with the platform:
///
/// * **account cache** (App Connect's `accountData` table): JSON values keyed by
///   (platform, RingCentral account id, key), each with an expiry. `GET /accountData`
///   keeps connector-declared values here (`activityTypes`, …) and `GET /contact` its
///   matches (`contact-<phoneNumber>`, no expiry). A read returns an expired entry too
///   ([`CachedValue::is_fresh`] tells): a failed refetch serves it.
/// * **call-note cache** (core's `-note-cache` table): a note per (platform, sessionId),
///   written by `POST /callLog/cacheNote`, read by server-side logging, gone after its
///   expiry. A write replaces the note of the session and may purge expired notes.
///
/// Times are wall-clock epoch milliseconds, passed in, so that processes sharing one database
/// agree and tests need not sleep.
///
/// ```
/// use app_connect_sdk::connector::CachedValue;
/// use app_connect_sdk::server::store::{CacheStore, MemoryStore};
/// # tokio::runtime::Builder::new_current_thread().build()?.block_on(async {
/// let store = MemoryStore::new();
/// let entry = CachedValue::new(serde_json::json!(["call"]), Some(2_000));
/// store.put_account_data("testCRM", "rc-1", "activityTypes", entry.clone()).await?;
/// assert_eq!(store.get_account_data("testCRM", "rc-1", "activityTypes").await?, Some(entry));
/// assert!(store.get_account_data("otherCRM", "rc-1", "activityTypes").await?.is_none());
///
/// store.put_call_note("testCRM", "session-1", "call back tomorrow", 5_000).await?;
/// assert_eq!(store.get_call_note("testCRM", "session-1", 4_999).await?.as_deref(), Some("call back tomorrow"));
/// assert!(store.get_call_note("testCRM", "session-1", 5_000).await?.is_none()); // expired
/// # Ok::<(), app_connect_sdk::server::store::StoreError>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[async_trait]
pub trait CacheStore: Send + Sync + 'static {
    /// The entry of `key` for this platform and RingCentral account, fresh or expired.
    async fn get_account_data(
        &self,
        platform: &str,
        rc_account_id: &str,
        key: &str,
    ) -> Result<Option<CachedValue>, StoreError>;
    /// Inserts or replaces the entry of `key`.
    async fn put_account_data(
        &self,
        platform: &str,
        rc_account_id: &str,
        key: &str,
        entry: CachedValue,
    ) -> Result<(), StoreError>;
    /// Deletes the entry of `key` (no error when absent).
    async fn delete_account_data(
        &self,
        platform: &str,
        rc_account_id: &str,
        key: &str,
    ) -> Result<(), StoreError>;
    /// Inserts or replaces the note of a call session, living until `expires_at` (epoch ms).
    async fn put_call_note(
        &self,
        platform: &str,
        session_id: &str,
        note: &str,
        expires_at: i64,
    ) -> Result<(), StoreError>;
    /// The note of a call session, unless it expired at or before `now` (epoch ms).
    async fn get_call_note(
        &self,
        platform: &str,
        session_id: &str,
        now: i64,
    ) -> Result<Option<String>, StoreError>;
}

/// [`Context::account_data`](crate::connector::Context::account_data) on the server's cache
/// store.
pub(crate) struct StoreAccountData(pub(crate) std::sync::Arc<dyn CacheStore>);

#[async_trait]
impl crate::connector::AccountDataPersistence for StoreAccountData {
    async fn load_account_data(
        &self,
        platform: &str,
        rc_account_id: &str,
        key: &str,
    ) -> crate::connector::Result<Option<CachedValue>> {
        self.0
            .get_account_data(platform, rc_account_id, key)
            .await
            .map_err(crate::connector::ConnectorError::other)
    }

    async fn save_account_data(
        &self,
        platform: &str,
        rc_account_id: &str,
        key: &str,
        entry: CachedValue,
    ) -> crate::connector::Result<()> {
        self.0
            .put_account_data(platform, rc_account_id, key, entry)
            .await
            .map_err(crate::connector::ConnectorError::other)
    }

    async fn remove_account_data(
        &self,
        platform: &str,
        rc_account_id: &str,
        key: &str,
    ) -> crate::connector::Result<()> {
        self.0
            .delete_account_data(platform, rc_account_id, key)
            .await
            .map_err(crate::connector::ConnectorError::other)
    }
}
