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
//! * **Isolation**: every key starts with the platform. `users` are keyed by
//!   (platform, user id), `callLogs` by (platform, sessionId, extensionNumber,
//!   hashedExtensionId[, id]), `messageLogs` by (platform, message id) and grouped by
//!   (platform, conversationLogId). A read never returns a row of another platform, so a
//!   connector is never handed an activity id written for another CRM.
//! * **`users`** (server-api §2.3): `put_user` inserts or replaces the whole row;
//!   `delete_user` of an absent id is not an error.
//! * **`callLogs`** (§3.1): `find_call_log` loads the rows of one platform and `sessionId`
//!   and returns [`CallIdentity::pick`] over them, so the matching rules stay identical to App
//!   Connect's whatever the backend.
//! * **`messageLogs`** (§3.1): `find_by_conversation_log_id` returns the first-inserted row
//!   of that `conversationLogId` (all rows of one conversation log share the CRM activity).
//! * **Reservations**: before a connector creates an activity the runtime reserves the
//!   linkage key (`reserve_*`) for a holder with a lease, then completes it with the CRM id
//!   (`complete_*`, which writes the row and drops the reservation atomically) or releases
//!   it when the connector fails. Another holder's live reservation, or an existing row, is a
//!   [`StoreError::Conflict`]; an expired one is taken over. Lease deadlines are wall-clock
//!   epoch milliseconds, so processes sharing one database agree on them.
//! * **Inserts are atomic per key**: when a row with the same key exists, an insert returns
//!   [`StoreError::Conflict`] and changes nothing; of two concurrent inserts or reservations
//!   of one key exactly one succeeds. `Conflict` must never be reported as `Backend`.
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
//! assert!(store.get_user("testCRM", "u1-testCRM").await?.is_some());
//!
//! let mut row = ExistingCallLog::default();
//! row.id = "call-1".into();
//! row.session_id = "session-1".into();
//! row.platform = "testCRM".into();
//! row.extension_number = "101".into();
//! row.third_party_log_id = "crm-1".into();
//! store.insert_call_log(row.clone()).await?;
//! assert!(matches!(store.insert_call_log(row).await, Err(StoreError::Conflict)));
//!
//! let identity = CallIdentity::new("101", "");
//! let found = store.find_call_log("testCRM", "session-1", &identity).await?;
//! assert_eq!(found.map(|r| r.third_party_log_id), Some("crm-1".to_owned()));
//! // Another platform never sees it.
//! assert!(store.find_call_log("otherCRM", "session-1", &identity).await?.is_none());
//! # Ok::<(), StoreError>(())
//! # })?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod cache;
// The admin configuration of RingCentral accounts (issue 12).
mod admin;
#[cfg(any(feature = "sqlite", feature = "postgres"))]
mod crypt;
mod identity;
mod memory;
#[cfg(feature = "postgres")]
mod postgres;
#[cfg(feature = "sqlite")]
mod sqlite;

pub use admin::AdminStore;
pub(crate) use cache::StoreAccountData;
pub use cache::{CALL_NOTE_TTL, CacheStore};
#[cfg(any(feature = "sqlite", feature = "postgres"))]
pub use crypt::StoreKey;
pub use identity::CallIdentity;
pub use memory::MemoryStore;
#[cfg(feature = "postgres")]
pub use postgres::PostgresStore;
#[cfg(feature = "sqlite")]
pub use sqlite::SqliteStore;

use std::time::Duration;

use async_trait::async_trait;

use crate::models::{ExistingCallLog, ExistingMessageLog, User};

use crate::connector::BoxError;

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
    /// The store's encryption key is malformed or missing (the reason says which).
    #[error("invalid store encryption key: {0}")]
    InvalidKey(&'static str),
    /// The encryption key does not match the key the stored credentials were written with.
    #[error("the store encryption key does not match the key its credentials were written with")]
    WrongKey,
    /// A stored row cannot be read back (the reason names what is wrong).
    #[error("corrupt store row: {0}")]
    Corrupt(String),
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

    /// Stores a signed-in user as App Connect's login upsert does (server-api §2.3) and
    /// returns the stored row: a new user is inserted as given; an existing row of the same
    /// (platform, id) takes every field of `user` except `userSettings` (kept) and
    /// `platformAdditionalInfo`, which is merged: the stored keys are kept, `user`'s keys win.
    ///
    /// The default reads, merges and puts: two concurrent upserts of one user are not merged
    /// with each other (the later put wins).
    ///
    /// ```
    /// use app_connect_sdk::models::User;
    /// use app_connect_sdk::server::store::{MemoryStore, UserStore};
    /// # tokio::runtime::Builder::new_current_thread().build()?.block_on(async {
    /// let store = MemoryStore::new();
    /// let mut first = User::new("u1", "testCRM");
    /// first.platform_additional_info.insert("proxyId".into(), "p-1".into());
    /// store.upsert_user(first).await?;
    /// let mut again = User::new("u1", "testCRM");
    /// again.platform_additional_info.insert("tokenUrl".into(), "https://t".into());
    /// let stored = store.upsert_user(again).await?;
    /// assert_eq!(stored.platform_additional_info.len(), 2);
    /// # Ok::<(), app_connect_sdk::server::store::StoreError>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    async fn upsert_user(&self, mut user: User) -> Result<User, StoreError> {
        let Some(platform) = user.platform.clone() else {
            return Err(StoreError::MissingPlatform(user.id));
        };
        if let Some(stored) = self.get_user(&platform, &user.id).await? {
            let mut merged = stored.platform_additional_info;
            for (key, value) in std::mem::take(&mut user.platform_additional_info) {
                merged.insert(key, value);
            }
            user.platform_additional_info = merged;
            user.user_settings = stored.user_settings;
        }
        self.put_user(user.clone()).await?;
        Ok(user)
    }
}

/// The unique key of a call's linkage: platform, session and the extension identity.
///
/// Reservations are held on this key; a completed row is found through
/// [`CallIdentity::pick`] over the rows of `(platform, session_id)`.
///
/// ```
/// use app_connect_sdk::models::ExistingCallLog;
/// use app_connect_sdk::server::store::{CallIdentity, CallLogKey};
/// let key = CallLogKey::new("testCRM", "session-1", CallIdentity::new("101", ""));
/// let mut row = ExistingCallLog::default();
/// row.platform = "testCRM".into();
/// row.session_id = "session-1".into();
/// row.extension_number = "101".into();
/// assert_eq!(CallLogKey::of(&row), key);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct CallLogKey {
    /// The platform (connector) the call is logged for.
    pub platform: String,
    /// The RingCentral call session id.
    pub session_id: String,
    /// The extension the call belongs to.
    pub identity: CallIdentity,
}

impl CallLogKey {
    /// The key of a call session of `platform` for `identity`.
    pub fn new(
        platform: impl Into<String>,
        session_id: impl Into<String>,
        identity: CallIdentity,
    ) -> Self {
        CallLogKey {
            platform: platform.into(),
            session_id: session_id.into(),
            identity,
        }
    }

    /// The key a row is linked under.
    pub fn of(row: &ExistingCallLog) -> Self {
        CallLogKey::new(
            row.platform.clone(),
            row.session_id.clone(),
            CallIdentity::new(
                row.extension_number.clone(),
                row.hashed_extension_id.clone(),
            ),
        )
    }
}

/// The `callLogs` table: which CRM activity a call (platform + session + extension identity)
/// was logged to, plus the reservations that make "one activity per call" hold across
/// processes.
///
/// Every read and write is scoped by platform: a row written for platform A is invisible to
/// platform B, so B's connector is never handed A's activity id.
///
/// A reservation is taken *before* the connector's `createCallLog` runs and is either
/// completed with the CRM id ([`complete_call_log`](CallLogStore::complete_call_log)) or
/// released when the connector fails. A reservation whose holder died expires after its lease.
///
/// ```
/// use std::time::Duration;
/// use app_connect_sdk::models::ExistingCallLog;
/// use app_connect_sdk::server::store::{CallIdentity, CallLogKey, CallLogStore, MemoryStore, StoreError};
/// # tokio::runtime::Builder::new_current_thread().build()?.block_on(async {
/// let store = MemoryStore::new();
/// let key = CallLogKey::new("testCRM", "session-1", CallIdentity::default());
/// store.reserve_call_log(&key, "holder-a", Duration::from_secs(120)).await?;
/// // A second holder (another process) is refused while the lease runs.
/// let again = store.reserve_call_log(&key, "holder-b", Duration::from_secs(120)).await;
/// assert!(matches!(again, Err(StoreError::Conflict)));
///
/// let mut row = ExistingCallLog::default();
/// row.id = "call-1".into();
/// row.session_id = "session-1".into();
/// row.platform = "testCRM".into();
/// row.third_party_log_id = "crm-1".into();
/// store.complete_call_log("holder-a", row).await?;
/// let any = CallIdentity::default();
/// assert!(store.find_call_log("testCRM", "session-1", &any).await?.is_some());
/// assert!(store.find_call_log("otherCRM", "session-1", &any).await?.is_none());
/// # Ok::<(), app_connect_sdk::server::store::StoreError>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[async_trait]
pub trait CallLogStore: Send + Sync + 'static {
    /// The completed row of `session_id` of `platform` for this identity:
    /// [`CallIdentity::pick`] over the rows of that platform and session.
    async fn find_call_log(
        &self,
        platform: &str,
        session_id: &str,
        identity: &CallIdentity,
    ) -> Result<Option<ExistingCallLog>, StoreError>;
    /// Inserts a completed row; [`StoreError::Conflict`] when a row with the same
    /// `(platform, id, sessionId, extensionNumber, hashedExtensionId)` exists.
    async fn insert_call_log(&self, row: ExistingCallLog) -> Result<(), StoreError>;
    /// Reserves `key` for `holder` for `lease`; [`StoreError::Conflict`] when a completed row
    /// of that platform and session matches the identity, or another holder's reservation of
    /// the key has not expired. The same holder may renew its own reservation.
    async fn reserve_call_log(
        &self,
        key: &CallLogKey,
        holder: &str,
        lease: Duration,
    ) -> Result<(), StoreError>;
    /// Writes the row and removes `holder`'s reservation of its key, atomically;
    /// [`StoreError::Conflict`] (and nothing written) when another holder now has a live
    /// reservation of the key (this one's lease expired and was taken over) or the row exists.
    async fn complete_call_log(&self, holder: &str, row: ExistingCallLog)
    -> Result<(), StoreError>;
    /// Removes `holder`'s reservation of `key` (no error when it holds none).
    async fn release_call_log(&self, key: &CallLogKey, holder: &str) -> Result<(), StoreError>;
}

/// The `messageLogs` table: which CRM activity a message (or a shared-SMS conversation) went
/// to, scoped by platform, plus reservations of messages and of conversation logs.
///
/// * a **message reservation** (`reserve_message_log`) makes each message logged once;
/// * a **conversation reservation** (`reserve_conversation`) makes the conversation log's
///   activity created once: taken before `createMessageLog`, dropped when a row of that
///   conversation is completed by the same holder, or released on failure.
///
/// ```
/// use std::time::Duration;
/// use app_connect_sdk::models::ExistingMessageLog;
/// use app_connect_sdk::server::store::{MemoryStore, MessageLogStore, StoreError};
/// # tokio::runtime::Builder::new_current_thread().build()?.block_on(async {
/// let store = MemoryStore::new();
/// let lease = Duration::from_secs(120);
/// store.reserve_message_log("testCRM", "msg-1", "a", lease).await?;
/// store.reserve_conversation("testCRM", "conv-log-123", "a", lease).await?;
/// let mut row = ExistingMessageLog::default();
/// row.id = "msg-1".into();
/// row.platform = "testCRM".into();
/// row.conversation_log_id = "conv-log-123".into();
/// row.third_party_log_id = "crm-9".into();
/// store.complete_message_log("a", row).await?;
/// let found = store.find_by_conversation_log_id("testCRM", "conv-log-123").await?;
/// assert_eq!(found.map(|r| r.id), Some("msg-1".to_owned()));
/// assert!(store.get_message_log("otherCRM", "msg-1").await?.is_none());
/// // The conversation has its activity: nobody reserves its creation again.
/// let again = store.reserve_conversation("testCRM", "conv-log-123", "b", lease).await;
/// assert!(matches!(again, Err(StoreError::Conflict)));
/// # Ok::<(), app_connect_sdk::server::store::StoreError>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[async_trait]
pub trait MessageLogStore: Send + Sync + 'static {
    /// The completed row of `platform` with this id (message key).
    async fn get_message_log(
        &self,
        platform: &str,
        id: &str,
    ) -> Result<Option<ExistingMessageLog>, StoreError>;
    /// The first-inserted completed row of a conversation log (conversation + day) of
    /// `platform`.
    async fn find_by_conversation_log_id(
        &self,
        platform: &str,
        conversation_log_id: &str,
    ) -> Result<Option<ExistingMessageLog>, StoreError>;
    /// Inserts a completed row; [`StoreError::Conflict`] when a row of the same platform and
    /// id exists.
    async fn insert_message_log(&self, row: ExistingMessageLog) -> Result<(), StoreError>;
    /// Reserves message `id` of `platform` for `holder`; [`StoreError::Conflict`] when the row
    /// exists or another holder's reservation has not expired.
    async fn reserve_message_log(
        &self,
        platform: &str,
        id: &str,
        holder: &str,
        lease: Duration,
    ) -> Result<(), StoreError>;
    /// Writes the row and removes `holder`'s reservations of its id and of its conversation
    /// log, atomically; [`StoreError::Conflict`] (nothing written) when the row exists or
    /// another holder has a live reservation of the id.
    async fn complete_message_log(
        &self,
        holder: &str,
        row: ExistingMessageLog,
    ) -> Result<(), StoreError>;
    /// Removes `holder`'s reservation of message `id` (no error when it holds none).
    async fn release_message_log(
        &self,
        platform: &str,
        id: &str,
        holder: &str,
    ) -> Result<(), StoreError>;
    /// Reserves the creation of a conversation log's activity; [`StoreError::Conflict`] when a
    /// row of that conversation log exists or another holder's reservation has not expired.
    async fn reserve_conversation(
        &self,
        platform: &str,
        conversation_log_id: &str,
        holder: &str,
        lease: Duration,
    ) -> Result<(), StoreError>;
    /// Removes `holder`'s reservation of the conversation log (no error when it holds none).
    async fn release_conversation(
        &self,
        platform: &str,
        conversation_log_id: &str,
        holder: &str,
    ) -> Result<(), StoreError>;
}

/// Milliseconds since the Unix epoch: lease deadlines are wall-clock times so that several
/// processes sharing one database agree on them.
pub(crate) fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The deadline of a lease taken now.
pub(crate) fn lease_deadline(lease: Duration) -> i64 {
    now_millis().saturating_add(i64::try_from(lease.as_millis()).unwrap_or(i64::MAX))
}

/// How long a linkage reservation lasts unless the server builder says otherwise.
pub const DEFAULT_RESERVATION_LEASE: Duration = Duration::from_secs(120);

/// A holder name unique across processes: process id, start time and a counter.
pub(crate) fn new_holder() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{}-{nanos:x}-{n}", std::process::id())
}

/// Runs `future` to completion even if the caller's future is dropped: on a tokio runtime it
/// is spawned and its `JoinHandle` awaited; without one (no abort safety possible) it runs
/// inline. `on_lost` answers when the task could not finish (the runtime is shutting down).
pub(crate) async fn detached<F>(future: F, on_lost: impl FnOnce() -> F::Output) -> F::Output
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    match tokio::runtime::Handle::try_current() {
        Ok(handle) => handle
            .spawn(crate::server::observe::carry(future))
            .await
            .unwrap_or_else(|_| on_lost()),
        Err(_) => future.await,
    }
}

/// Waits a little before asking the store again about a reservation held by another process;
/// `false` when there is no tokio runtime to wait on.
pub(crate) async fn pause() -> bool {
    if tokio::runtime::Handle::try_current().is_err() {
        return false;
    }
    tokio::time::sleep(Duration::from_millis(20)).await;
    true
}
