//! The in-memory store: the default for development, tests and single-instance deployments
//! that can afford to lose their linkage on restart.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use async_trait::async_trait;

use super::{
    CallIdentity, CallLogKey, CallLogStore, MessageLogStore, StoreError, UserStore, lease_deadline,
    now_millis,
};
use crate::models::{ExistingCallLog, ExistingMessageLog, User};

/// An in-memory [`UserStore`] + [`CallLogStore`] + [`MessageLogStore`].
///
/// Cheap to clone: clones share the same data. Locks are held only for the duration of one
/// map operation (never across an `.await`), each insert checks and writes under one write
/// lock (atomic per key), and a lock poisoned by a panicking thread is recovered rather than
/// propagated. `Debug` prints only row counts.
///
/// ```
/// use app_connect_sdk::models::User;
/// use app_connect_sdk::server::store::{MemoryStore, UserStore};
/// # tokio::runtime::Builder::new_current_thread().build()?.block_on(async {
/// let store = MemoryStore::new();
/// let shared = store.clone();
/// store.put_user(User::new("u1", "testCRM")).await?;
/// assert!(shared.get_user("testCRM", "u1").await?.is_some());
/// assert_eq!(format!("{store:?}"), "MemoryStore { users: 1, call_logs: 0, message_logs: 0 }");
/// # Ok::<(), app_connect_sdk::server::store::StoreError>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default)]
pub struct MemoryStore {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    users: RwLock<HashMap<(String, String), User>>,
    calls: RwLock<CallTables>,
    messages: RwLock<MessageTables>,
    caches: RwLock<CacheTables>,
    /// Admin configurations by (platform, hashed RingCentral account id).
    admin: RwLock<HashMap<PlatformKey, crate::models::AdminConfig>>,
}

/// A reservation: its holder and the lease deadline (epoch milliseconds).
#[derive(Clone)]
struct Lease {
    holder: String,
    until: i64,
}

impl Lease {
    fn new(holder: &str, lease: Duration) -> Self {
        Lease {
            holder: holder.to_owned(),
            until: lease_deadline(lease),
        }
    }

    /// Whether this reservation keeps `holder` out now.
    fn blocks(&self, holder: &str, now: i64) -> bool {
        self.holder != holder && self.until > now
    }
}

type PlatformKey = (String, String);

fn pk(platform: &str, key: &str) -> PlatformKey {
    (platform.to_owned(), key.to_owned())
}

#[derive(Default)]
struct CallTables {
    /// Rows by (platform, sessionId), in insertion order.
    rows: HashMap<PlatformKey, Vec<ExistingCallLog>>,
    reservations: HashMap<CallLogKey, Lease>,
}

#[derive(Default)]
struct MessageTables {
    by_id: HashMap<PlatformKey, ExistingMessageLog>,
    /// (platform, conversationLogId) → id of the first row inserted with it.
    first_of_conversation: HashMap<PlatformKey, String>,
    reserved_messages: HashMap<PlatformKey, Lease>,
    reserved_conversations: HashMap<PlatformKey, Lease>,
}

impl MessageTables {
    fn insert(&mut self, row: ExistingMessageLog) -> Result<(), StoreError> {
        let key = pk(&row.platform, &row.id);
        if self.by_id.contains_key(&key) {
            return Err(StoreError::Conflict);
        }
        self.first_of_conversation
            .entry(pk(&row.platform, &row.conversation_log_id))
            .or_insert_with(|| row.id.clone());
        self.by_id.insert(key, row);
        Ok(())
    }
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn counts(&self) -> (usize, usize, usize) {
        let users = read(&self.inner.users).len();
        let calls = read(&self.inner.calls).rows.values().map(Vec::len).sum();
        let messages = read(&self.inner.messages).by_id.len();
        (users, calls, messages)
    }
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (users, call_logs, message_logs) = self.counts();
        f.debug_struct("MemoryStore")
            .field("users", &users)
            .field("call_logs", &call_logs)
            .field("message_logs", &message_logs)
            .finish()
    }
}

fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}

/// Same primary key `(id, sessionId, extensionNumber, hashedExtensionId)`.
fn same_call_key(a: &ExistingCallLog, b: &ExistingCallLog) -> bool {
    a.id == b.id
        && a.session_id == b.session_id
        && a.extension_number == b.extension_number
        && a.hashed_extension_id == b.hashed_extension_id
}

#[async_trait]
impl UserStore for MemoryStore {
    async fn get_user(&self, platform: &str, id: &str) -> Result<Option<User>, StoreError> {
        let key = (platform.to_owned(), id.to_owned());
        Ok(read(&self.inner.users).get(&key).cloned())
    }

    async fn put_user(&self, user: User) -> Result<(), StoreError> {
        let Some(platform) = user.platform.clone() else {
            return Err(StoreError::MissingPlatform(user.id));
        };
        write(&self.inner.users).insert((platform, user.id.clone()), user);
        Ok(())
    }

    async fn delete_user(&self, platform: &str, id: &str) -> Result<(), StoreError> {
        write(&self.inner.users).remove(&(platform.to_owned(), id.to_owned()));
        Ok(())
    }
}

impl CallTables {
    fn insert(&mut self, row: ExistingCallLog) -> Result<(), StoreError> {
        let rows = self
            .rows
            .entry(pk(&row.platform, &row.session_id))
            .or_default();
        if rows.iter().any(|r| same_call_key(r, &row)) {
            return Err(StoreError::Conflict);
        }
        rows.push(row);
        Ok(())
    }
}

#[async_trait]
impl CallLogStore for MemoryStore {
    async fn find_call_log(
        &self,
        platform: &str,
        session_id: &str,
        identity: &CallIdentity,
    ) -> Result<Option<ExistingCallLog>, StoreError> {
        let tables = read(&self.inner.calls);
        Ok(tables
            .rows
            .get(&pk(platform, session_id))
            .and_then(|rows| identity.pick(rows))
            .cloned())
    }

    async fn insert_call_log(&self, row: ExistingCallLog) -> Result<(), StoreError> {
        write(&self.inner.calls).insert(row)
    }

    async fn reserve_call_log(
        &self,
        key: &CallLogKey,
        holder: &str,
        lease: Duration,
    ) -> Result<(), StoreError> {
        let mut tables = write(&self.inner.calls);
        let logged = tables
            .rows
            .get(&pk(&key.platform, &key.session_id))
            .is_some_and(|rows| key.identity.pick(rows).is_some());
        let now = now_millis();
        let held = tables
            .reservations
            .get(key)
            .is_some_and(|l| l.blocks(holder, now));
        if logged || held {
            return Err(StoreError::Conflict);
        }
        tables
            .reservations
            .insert(key.clone(), Lease::new(holder, lease));
        Ok(())
    }

    async fn complete_call_log(
        &self,
        holder: &str,
        row: ExistingCallLog,
    ) -> Result<(), StoreError> {
        let key = CallLogKey::of(&row);
        let mut tables = write(&self.inner.calls);
        let now = now_millis();
        if tables
            .reservations
            .get(&key)
            .is_some_and(|l| l.blocks(holder, now))
        {
            return Err(StoreError::Conflict);
        }
        tables.insert(row)?;
        tables.reservations.remove(&key);
        Ok(())
    }

    async fn release_call_log(&self, key: &CallLogKey, holder: &str) -> Result<(), StoreError> {
        let mut tables = write(&self.inner.calls);
        if tables
            .reservations
            .get(key)
            .is_some_and(|l| l.holder == holder)
        {
            tables.reservations.remove(key);
        }
        Ok(())
    }
}

/// Removes `holder`'s entry of `key` from a reservation map.
fn release(map: &mut HashMap<PlatformKey, Lease>, key: &PlatformKey, holder: &str) {
    if map.get(key).is_some_and(|l| l.holder == holder) {
        map.remove(key);
    }
}

#[async_trait]
impl MessageLogStore for MemoryStore {
    async fn get_message_log(
        &self,
        platform: &str,
        id: &str,
    ) -> Result<Option<ExistingMessageLog>, StoreError> {
        Ok(read(&self.inner.messages)
            .by_id
            .get(&pk(platform, id))
            .cloned())
    }

    async fn find_by_conversation_log_id(
        &self,
        platform: &str,
        conversation_log_id: &str,
    ) -> Result<Option<ExistingMessageLog>, StoreError> {
        let tables = read(&self.inner.messages);
        Ok(tables
            .first_of_conversation
            .get(&pk(platform, conversation_log_id))
            .and_then(|id| tables.by_id.get(&pk(platform, id)))
            .cloned())
    }

    async fn insert_message_log(&self, row: ExistingMessageLog) -> Result<(), StoreError> {
        write(&self.inner.messages).insert(row)
    }

    async fn reserve_message_log(
        &self,
        platform: &str,
        id: &str,
        holder: &str,
        lease: Duration,
    ) -> Result<(), StoreError> {
        let key = pk(platform, id);
        let mut tables = write(&self.inner.messages);
        let now = now_millis();
        if tables.by_id.contains_key(&key)
            || tables
                .reserved_messages
                .get(&key)
                .is_some_and(|l| l.blocks(holder, now))
        {
            return Err(StoreError::Conflict);
        }
        tables
            .reserved_messages
            .insert(key, Lease::new(holder, lease));
        Ok(())
    }

    async fn complete_message_log(
        &self,
        holder: &str,
        row: ExistingMessageLog,
    ) -> Result<(), StoreError> {
        let key = pk(&row.platform, &row.id);
        let conversation = pk(&row.platform, &row.conversation_log_id);
        let mut tables = write(&self.inner.messages);
        let now = now_millis();
        if tables
            .reserved_messages
            .get(&key)
            .is_some_and(|l| l.blocks(holder, now))
        {
            return Err(StoreError::Conflict);
        }
        tables.insert(row)?;
        release(&mut tables.reserved_messages, &key, holder);
        release(&mut tables.reserved_conversations, &conversation, holder);
        Ok(())
    }

    async fn release_message_log(
        &self,
        platform: &str,
        id: &str,
        holder: &str,
    ) -> Result<(), StoreError> {
        let mut tables = write(&self.inner.messages);
        release(&mut tables.reserved_messages, &pk(platform, id), holder);
        Ok(())
    }

    async fn reserve_conversation(
        &self,
        platform: &str,
        conversation_log_id: &str,
        holder: &str,
        lease: Duration,
    ) -> Result<(), StoreError> {
        let key = pk(platform, conversation_log_id);
        let mut tables = write(&self.inner.messages);
        let now = now_millis();
        if tables.first_of_conversation.contains_key(&key)
            || tables
                .reserved_conversations
                .get(&key)
                .is_some_and(|l| l.blocks(holder, now))
        {
            return Err(StoreError::Conflict);
        }
        tables
            .reserved_conversations
            .insert(key, Lease::new(holder, lease));
        Ok(())
    }

    async fn release_conversation(
        &self,
        platform: &str,
        conversation_log_id: &str,
        holder: &str,
    ) -> Result<(), StoreError> {
        let mut tables = write(&self.inner.messages);
        release(
            &mut tables.reserved_conversations,
            &pk(platform, conversation_log_id),
            holder,
        );
        Ok(())
    }
}

/// The account cache and the call-note cache ([`CacheStore`](super::CacheStore)).
#[derive(Default)]
struct CacheTables {
    /// Entries by (platform, rcAccountId, key).
    account: HashMap<(String, String, String), crate::connector::CachedValue>,
    /// Notes and their expiry by (platform, sessionId).
    notes: HashMap<PlatformKey, (String, i64)>,
}

fn account_key(platform: &str, rc_account_id: &str, key: &str) -> (String, String, String) {
    (
        platform.to_owned(),
        rc_account_id.to_owned(),
        key.to_owned(),
    )
}

#[async_trait]
impl super::CacheStore for MemoryStore {
    async fn get_account_data(
        &self,
        platform: &str,
        rc_account_id: &str,
        key: &str,
    ) -> Result<Option<crate::connector::CachedValue>, StoreError> {
        let tables = read(&self.inner.caches);
        Ok(tables
            .account
            .get(&account_key(platform, rc_account_id, key))
            .cloned())
    }

    async fn put_account_data(
        &self,
        platform: &str,
        rc_account_id: &str,
        key: &str,
        entry: crate::connector::CachedValue,
    ) -> Result<(), StoreError> {
        write(&self.inner.caches)
            .account
            .insert(account_key(platform, rc_account_id, key), entry);
        Ok(())
    }

    async fn delete_account_data(
        &self,
        platform: &str,
        rc_account_id: &str,
        key: &str,
    ) -> Result<(), StoreError> {
        write(&self.inner.caches)
            .account
            .remove(&account_key(platform, rc_account_id, key));
        Ok(())
    }

    async fn put_call_note(
        &self,
        platform: &str,
        session_id: &str,
        note: &str,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        let now = now_millis();
        let mut tables = write(&self.inner.caches);
        tables.notes.retain(|_, (_, until)| *until > now);
        tables
            .notes
            .insert(pk(platform, session_id), (note.to_owned(), expires_at));
        Ok(())
    }

    async fn get_call_note(
        &self,
        platform: &str,
        session_id: &str,
        now: i64,
    ) -> Result<Option<String>, StoreError> {
        let tables = read(&self.inner.caches);
        Ok(tables
            .notes
            .get(&pk(platform, session_id))
            .filter(|(_, until)| *until > now)
            .map(|(note, _)| note.clone()))
    }
}

#[async_trait]
impl super::AdminStore for MemoryStore {
    async fn get_admin_config(
        &self,
        platform: &str,
        account: &str,
    ) -> Result<Option<crate::models::AdminConfig>, StoreError> {
        Ok(read(&self.inner.admin).get(&pk(platform, account)).cloned())
    }

    async fn put_admin_config(
        &self,
        platform: &str,
        account: &str,
        config: crate::models::AdminConfig,
    ) -> Result<(), StoreError> {
        write(&self.inner.admin).insert(pk(platform, account), config);
        Ok(())
    }
}
