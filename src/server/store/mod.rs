//! Storage of the connector server: users and the call / message linkage tables, as async
//! traits, with [`MemoryStore`] as the in-memory default.
//!
//! # Adding a database-backed store
//!
//! The runtime only talks to the three traits [`UserStore`], [`CallLogStore`] and
//! [`MessageLogStore`]; implement them for your type (one type may implement all three, as
//! [`MemoryStore`] does) and hand it to the server instead of the memory store. Nothing else in
//! the runtime changes. The contract:
//!
//! * **`users`** (server-api §2.3): keyed by [`User::id`]; `put_user` inserts or replaces the
//!   whole row; `delete_user` of an absent id is not an error.
//! * **`callLogs`** (§3.1): the primary key is the four columns
//!   `(id, sessionId, extensionNumber, hashedExtensionId)`. `find_call_log` loads the rows of
//!   one `sessionId` (an SQL store may pre-filter them with [`CallIdentity::matches`]'s
//!   `WHERE` clause) and returns [`CallIdentity::pick`] over them, so the matching rules stay
//!   identical to App Connect's whatever the backend.
//! * **`messageLogs`** (§3.1): primary key `id`; `find_by_conversation_log_id` returns the
//!   first-inserted row of that `conversationLogId` (all rows of one conversation log share the
//!   CRM activity, so any row gives the same `thirdPartyLogId`).
//! * **Inserts are atomic per key**: when a row with the same primary key exists, an insert
//!   returns [`StoreError::Conflict`] and changes nothing; of two concurrent inserts of one key
//!   exactly one succeeds (a unique index / `INSERT … ON CONFLICT DO NOTHING` + rows-affected
//!   check, a conditional put, …). The runtime relies on `Conflict` to detect a duplicate log
//!   that slipped past its check, so it must never be reported as `Backend`.
//! * Every other failure (connection, timeout, serialisation) is [`StoreError::Backend`] with
//!   the backend's error as source. Such errors must not carry credentials (connection
//!   strings with passwords, user tokens).
//!
//! ```
//! use app_connect_sdk::models::{ExistingCallLog, User};
//! use app_connect_sdk::server::store::{CallIdentity, CallLogStore, MemoryStore, StoreError, UserStore};
//!
//! # tokio::runtime::Builder::new_current_thread().build()?.block_on(async {
//! let store = MemoryStore::new();
//! store.put_user(User::new("u1-testCRM", "testCRM")).await?;
//! assert!(store.get_user("u1-testCRM").await?.is_some());
//!
//! let mut row = ExistingCallLog::default();
//! row.id = "call-1".into();
//! row.session_id = "session-1".into();
//! row.extension_number = "101".into();
//! row.third_party_log_id = "crm-1".into();
//! store.insert_call_log(row.clone()).await?;
//! assert!(matches!(store.insert_call_log(row).await, Err(StoreError::Conflict)));
//!
//! let identity = CallIdentity::new("101", "");
//! let found = store.find_call_log("session-1", &identity).await?;
//! assert_eq!(found.map(|r| r.third_party_log_id), Some("crm-1".to_owned()));
//! # Ok::<(), StoreError>(())
//! # })?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod identity;
mod memory;

pub use identity::CallIdentity;
pub use memory::MemoryStore;

use async_trait::async_trait;

use crate::models::{ExistingCallLog, ExistingMessageLog, User};

/// A boxed error of a store backend (or a connector).
// Unified with `crate::connector::BoxError` at merge.
pub use crate::connector::BoxError;

/// Why a store operation failed.
///
/// ```
/// use app_connect_sdk::server::store::StoreError;
/// let err = StoreError::Backend("connection refused".into());
/// assert_eq!(err.to_string(), "store backend failed: connection refused");
/// ```
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// An insert found a row with the same primary key; nothing was changed.
    #[error("a row with this key already exists")]
    Conflict,
    /// The backend failed (connection, timeout, …).
    #[error("store backend failed: {0}")]
    Backend(#[source] BoxError),
    /// A user without `platform` cannot be stored: users are keyed by (platform, id).
    #[error("user {0:?} has no platform; users are keyed by (platform, id)")]
    MissingPlatform(String),
}

/// The `users` table, keyed by (platform, user id).
///
/// Two platforms whose CRMs hand out the same user id have two rows: a session of one
/// platform never reads or replaces the other's user.
///
/// ```
/// use app_connect_sdk::models::User;
/// use app_connect_sdk::server::store::{MemoryStore, UserStore};
/// # tokio::runtime::Builder::new_current_thread().build()?.block_on(async {
/// let store = MemoryStore::new();
/// store.put_user(User::new("u1", "testCRM")).await?;
/// store.put_user(User::new("u1", "otherCRM")).await?;
/// store.delete_user("testCRM", "u1").await?;
/// assert!(store.get_user("testCRM", "u1").await?.is_none());
/// assert!(store.get_user("otherCRM", "u1").await?.is_some());
/// # Ok::<(), app_connect_sdk::server::store::StoreError>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[async_trait]
pub trait UserStore: Send + Sync + 'static {
    /// The user of `platform` with this id.
    async fn get_user(&self, platform: &str, id: &str) -> Result<Option<User>, StoreError>;
    /// Inserts the user, or replaces the row with the same (platform, id);
    /// [`StoreError::MissingPlatform`] when `user.platform` is `None`.
    async fn put_user(&self, user: User) -> Result<(), StoreError>;
    /// Deletes the user of `platform` with this id (no error when absent).
    async fn delete_user(&self, platform: &str, id: &str) -> Result<(), StoreError>;
}

/// The `callLogs` table: which CRM activity a call (session + extension identity) was logged to.
///
/// ```
/// use app_connect_sdk::models::ExistingCallLog;
/// use app_connect_sdk::server::store::{CallIdentity, CallLogStore, MemoryStore};
/// # tokio::runtime::Builder::new_current_thread().build()?.block_on(async {
/// let store = MemoryStore::new();
/// let mut row = ExistingCallLog::default();
/// row.id = "call-1".into();
/// row.session_id = "session-1".into();
/// store.insert_call_log(row).await?;
/// let any = CallIdentity::default();
/// assert!(store.find_call_log("session-1", &any).await?.is_some());
/// assert!(store.find_call_log("session-2", &any).await?.is_none());
/// # Ok::<(), app_connect_sdk::server::store::StoreError>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[async_trait]
pub trait CallLogStore: Send + Sync + 'static {
    /// The row of `session_id` for this identity: [`CallIdentity::pick`] over the rows of that
    /// session.
    async fn find_call_log(
        &self,
        session_id: &str,
        identity: &CallIdentity,
    ) -> Result<Option<ExistingCallLog>, StoreError>;
    /// Inserts a row; [`StoreError::Conflict`] when a row with the same
    /// `(id, sessionId, extensionNumber, hashedExtensionId)` exists.
    async fn insert_call_log(&self, row: ExistingCallLog) -> Result<(), StoreError>;
}

/// The `messageLogs` table: which CRM activity a message (or a shared-SMS conversation) went to.
///
/// ```
/// use app_connect_sdk::models::ExistingMessageLog;
/// use app_connect_sdk::server::store::{MemoryStore, MessageLogStore};
/// # tokio::runtime::Builder::new_current_thread().build()?.block_on(async {
/// let store = MemoryStore::new();
/// let mut row = ExistingMessageLog::default();
/// row.id = "msg-1".into();
/// row.conversation_log_id = "conv-log-123".into();
/// row.third_party_log_id = "crm-9".into();
/// store.insert_message_log(row).await?;
/// let found = store.find_by_conversation_log_id("conv-log-123").await?;
/// assert_eq!(found.map(|r| r.id), Some("msg-1".to_owned()));
/// # Ok::<(), app_connect_sdk::server::store::StoreError>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[async_trait]
pub trait MessageLogStore: Send + Sync + 'static {
    /// The row with this id (message key).
    async fn get_message_log(&self, id: &str) -> Result<Option<ExistingMessageLog>, StoreError>;
    /// The first-inserted row of a conversation log (conversation + day).
    async fn find_by_conversation_log_id(
        &self,
        conversation_log_id: &str,
    ) -> Result<Option<ExistingMessageLog>, StoreError>;
    /// Inserts a row; [`StoreError::Conflict`] when a row with the same id exists.
    async fn insert_message_log(&self, row: ExistingMessageLog) -> Result<(), StoreError>;
}
