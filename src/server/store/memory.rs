//! The in-memory store: the default for development, tests and single-instance deployments
//! that can afford to lose their linkage on restart.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, PoisonError, RwLock};

use async_trait::async_trait;

use super::{CallIdentity, CallLogStore, MessageLogStore, StoreError, UserStore};
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
    /// Call-log rows by `sessionId`, in insertion order.
    call_logs: RwLock<HashMap<String, Vec<ExistingCallLog>>>,
    messages: RwLock<MessageTables>,
}

#[derive(Default)]
struct MessageTables {
    by_id: HashMap<String, ExistingMessageLog>,
    /// `conversationLogId` → id of the first row inserted with it.
    first_of_conversation: HashMap<String, String>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn counts(&self) -> (usize, usize, usize) {
        let users = read(&self.inner.users).len();
        let calls = read(&self.inner.call_logs).values().map(Vec::len).sum();
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

#[async_trait]
impl CallLogStore for MemoryStore {
    async fn find_call_log(
        &self,
        session_id: &str,
        identity: &CallIdentity,
    ) -> Result<Option<ExistingCallLog>, StoreError> {
        let table = read(&self.inner.call_logs);
        Ok(table
            .get(session_id)
            .and_then(|rows| identity.pick(rows))
            .cloned())
    }

    async fn insert_call_log(&self, row: ExistingCallLog) -> Result<(), StoreError> {
        let mut table = write(&self.inner.call_logs);
        let rows = table.entry(row.session_id.clone()).or_default();
        if rows.iter().any(|r| same_call_key(r, &row)) {
            return Err(StoreError::Conflict);
        }
        rows.push(row);
        Ok(())
    }
}

#[async_trait]
impl MessageLogStore for MemoryStore {
    async fn get_message_log(&self, id: &str) -> Result<Option<ExistingMessageLog>, StoreError> {
        Ok(read(&self.inner.messages).by_id.get(id).cloned())
    }

    async fn find_by_conversation_log_id(
        &self,
        conversation_log_id: &str,
    ) -> Result<Option<ExistingMessageLog>, StoreError> {
        let tables = read(&self.inner.messages);
        Ok(tables
            .first_of_conversation
            .get(conversation_log_id)
            .and_then(|id| tables.by_id.get(id))
            .cloned())
    }

    async fn insert_message_log(&self, row: ExistingMessageLog) -> Result<(), StoreError> {
        let mut tables = write(&self.inner.messages);
        if tables.by_id.contains_key(&row.id) {
            return Err(StoreError::Conflict);
        }
        tables
            .first_of_conversation
            .entry(row.conversation_log_id.clone())
            .or_insert_with(|| row.id.clone());
        tables.by_id.insert(row.id.clone(), row);
        Ok(())
    }
}
