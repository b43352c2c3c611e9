//! [`AdminStore`]: the admin configuration of each RingCentral account (App Connect's
//! `adminConfigs` table).

use async_trait::async_trait;

use super::StoreError;
use crate::models::AdminConfig;

/// The `adminConfigs` table: one [`AdminConfig`] per (platform, hashed RingCentral account
/// id), written by `POST /admin/settings` and the user-mapping routes, read by
/// `GET /user/settings` and `GET /user/preloadSettings`.
///
/// The account id is App Connect's hash of the RingCentral account id,
/// `hex(sha256("<accountId>:<HASH_KEY>"))`. Like every other table the key starts with the
/// platform (App Connect keys it by the account alone): an account's configuration of one CRM
/// is never read for another.
///
/// ```
/// use app_connect_sdk::models::{AdminConfig, UserMapping};
/// use app_connect_sdk::server::store::{AdminStore, MemoryStore};
/// # tokio::runtime::Builder::new_current_thread().build()?.block_on(async {
/// let store = MemoryStore::new();
/// let mut config = AdminConfig::default();
/// config.user_mappings = Some(vec![UserMapping::new("crm-7", ["101"])]);
/// store.put_admin_config("testCRM", "hashed-account", config.clone()).await?;
/// assert_eq!(store.get_admin_config("testCRM", "hashed-account").await?, Some(config));
/// assert_eq!(store.get_admin_config("otherCRM", "hashed-account").await?, None);
/// # Ok::<(), app_connect_sdk::server::store::StoreError>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[async_trait]
pub trait AdminStore: Send + Sync + 'static {
    /// The configuration of `account` (a hashed RingCentral account id) for `platform`.
    async fn get_admin_config(
        &self,
        platform: &str,
        account: &str,
    ) -> Result<Option<AdminConfig>, StoreError>;

    /// Inserts or replaces the whole configuration of `account` for `platform`.
    async fn put_admin_config(
        &self,
        platform: &str,
        account: &str,
        config: AdminConfig,
    ) -> Result<(), StoreError>;
}
