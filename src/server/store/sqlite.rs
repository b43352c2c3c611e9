//! [`SqliteStore`]: the runtime's state in one SQLite file (feature `sqlite`, on by default).

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::crypt::{Cipher, from_json, to_json};
use super::{
    CallIdentity, CallLogKey, CallLogStore, MessageLogStore, StoreError, StoreKey, UserStore,
    lease_deadline, now_millis,
};
use crate::models::{ExistingCallLog, ExistingMessageLog, User};

/// The schema, one migration per entry, applied in order at open (never edit a released one:
/// append).
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE store_meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE users (
    platform TEXT NOT NULL,
    id TEXT NOT NULL,
    sealed BLOB NOT NULL,
    PRIMARY KEY (platform, id)
);
CREATE TABLE call_logs (
    platform TEXT NOT NULL,
    session_id TEXT NOT NULL,
    extension_number TEXT NOT NULL,
    hashed_extension_id TEXT NOT NULL,
    id TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (platform, session_id, extension_number, hashed_extension_id, id)
);
CREATE TABLE call_log_reservations (
    platform TEXT NOT NULL,
    session_id TEXT NOT NULL,
    extension_number TEXT NOT NULL,
    hashed_extension_id TEXT NOT NULL,
    holder TEXT NOT NULL,
    until INTEGER NOT NULL,
    PRIMARY KEY (platform, session_id, extension_number, hashed_extension_id)
);
CREATE TABLE message_logs (
    platform TEXT NOT NULL,
    id TEXT NOT NULL,
    conversation_log_id TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (platform, id)
);
CREATE INDEX message_logs_by_conversation ON message_logs (platform, conversation_log_id);
CREATE TABLE message_reservations (
    platform TEXT NOT NULL,
    id TEXT NOT NULL,
    holder TEXT NOT NULL,
    until INTEGER NOT NULL,
    PRIMARY KEY (platform, id)
);
CREATE TABLE conversation_reservations (
    platform TEXT NOT NULL,
    conversation_log_id TEXT NOT NULL,
    holder TEXT NOT NULL,
    until INTEGER NOT NULL,
    PRIMARY KEY (platform, conversation_log_id)
);
"#,
    r#"
CREATE TABLE account_cache (
    platform TEXT NOT NULL,
    rc_account_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    expires_at INTEGER,
    PRIMARY KEY (platform, rc_account_id, key)
);
CREATE TABLE call_note_cache (
    platform TEXT NOT NULL,
    session_id TEXT NOT NULL,
    note TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (platform, session_id)
);
CREATE INDEX call_note_cache_by_expiry ON call_note_cache (expires_at);
"#,
    // Admin configurations of RingCentral accounts (issue 12).
    r#"
CREATE TABLE admin_configs (
    platform TEXT NOT NULL,
    account_id TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (platform, account_id)
);
"#,
];

/// Users, call-log and message-log linkage in one SQLite file: [`UserStore`] +
/// [`CallLogStore`] + [`MessageLogStore`].
///
/// * **One file**, created when missing; the schema's migrations are embedded and applied at
///   [`open`](SqliteStore::open); the journal is WAL.
/// * **Concurrent use in one process**: one connection behind a mutex; each operation is one
///   transaction run on tokio's blocking pool (inline without a tokio runtime), so reserve /
///   complete are atomic. Cheap to clone (clones share the connection). For several
///   processes, use `PostgresStore`.
/// * **Credentials at rest**: each user row (access and refresh tokens, API keys, everything
///   else of the user) is sealed with XChaCha20-Poly1305 under the [`StoreKey`]; opening a
///   file with another key is [`StoreError::WrongKey`], never a panic.
///
/// ```
/// use app_connect_sdk::models::User;
/// use app_connect_sdk::server::store::{SqliteStore, StoreKey, UserStore};
/// # tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(async {
/// let dir = std::env::temp_dir().join(format!("sqlite-store-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let path = dir.join("state.db");
/// let key = StoreKey::derive_from_secret("the server secret of at least 32 bytes");
/// let store = SqliteStore::open(&path, &key)?;
/// store.put_user(User::new("u1", "testCRM")).await?;
/// drop(store);
/// // Reopened: the user is still there.
/// let store = SqliteStore::open(&path, &key)?;
/// assert!(store.get_user("testCRM", "u1").await?.is_some());
/// // Another key is refused at open.
/// let wrong = StoreKey::derive_from_secret("another secret");
/// assert!(SqliteStore::open(&path, &wrong).is_err());
/// # drop(store);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct SqliteStore {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    conn: Mutex<Connection>,
    cipher: Cipher,
}

impl fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.inner.path)
            .finish_non_exhaustive()
    }
}

fn backend(error: rusqlite::Error) -> StoreError {
    StoreError::Backend(Box::new(error))
}

impl SqliteStore {
    /// Opens (creating when missing) the database file at `path`, applies pending
    /// migrations, and checks that `key` is the key its credentials were written with.
    ///
    /// Errors: [`StoreError::Backend`] when the file cannot be opened or migrated,
    /// [`StoreError::WrongKey`] when the key differs.
    pub fn open(path: impl AsRef<Path>, key: &StoreKey) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        let conn = Connection::open(&path).map_err(backend)?;
        Self::setup(path, conn, key)
    }

    /// A private in-memory database (tests, examples): nothing survives the value.
    pub fn open_in_memory(key: &StoreKey) -> Result<Self, StoreError> {
        let conn = Connection::open_in_memory().map_err(backend)?;
        Self::setup(PathBuf::from(":memory:"), conn, key)
    }

    fn setup(path: PathBuf, mut conn: Connection, key: &StoreKey) -> Result<Self, StoreError> {
        conn.busy_timeout(Duration::from_secs(5)).map_err(backend)?;
        // `journal_mode` answers with the mode: read it rather than execute.
        let _mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
            .map_err(backend)?;
        conn.execute_batch("PRAGMA synchronous = NORMAL;")
            .map_err(backend)?;
        migrate(&mut conn)?;
        let cipher = Cipher::new(key);
        let check: Option<Vec<u8>> = conn
            .query_row(
                "SELECT value FROM store_meta WHERE key = 'key_check'",
                [],
                |row| row.get(0),
            )
            .optional()
            .map_err(backend)?;
        match check {
            Some(check) => cipher.verify(&check)?,
            None => {
                conn.execute(
                    "INSERT INTO store_meta (key, value) VALUES ('key_check', ?1)",
                    params![cipher.key_check()?],
                )
                .map_err(backend)?;
            }
        }
        Ok(SqliteStore {
            inner: Arc::new(Inner {
                path,
                conn: Mutex::new(conn),
                cipher,
            }),
        })
    }

    /// Runs `job` in one immediate transaction on the blocking pool.
    async fn run<T, F>(&self, job: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Transaction<'_>, &Cipher) -> Result<T, StoreError> + Send + 'static,
    {
        let inner = Arc::clone(&self.inner);
        let work = move || {
            let mut conn = inner.conn.lock().unwrap_or_else(PoisonError::into_inner);
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(backend)?;
            let out = job(&tx, &inner.cipher)?;
            tx.commit().map_err(backend)?;
            Ok(out)
        };
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => handle
                .spawn_blocking(work)
                .await
                .map_err(|e| StoreError::Backend(Box::new(e)))?,
            Err(_) => work(),
        }
    }
}

/// Applies the migrations the database has not seen, each in its own transaction.
fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS store_migrations (version INTEGER PRIMARY KEY);",
    )
    .map_err(backend)?;
    let done: i64 = conn
        .query_row(
            "SELECT COALESCE(MAX(version), 0) FROM store_migrations",
            [],
            |row| row.get(0),
        )
        .map_err(backend)?;
    for (index, sql) in MIGRATIONS.iter().enumerate() {
        let version = i64::try_from(index).unwrap_or(i64::MAX) + 1;
        if version <= done {
            continue;
        }
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(backend)?;
        tx.execute_batch(sql).map_err(backend)?;
        tx.execute(
            "INSERT INTO store_migrations (version) VALUES (?1)",
            params![version],
        )
        .map_err(backend)?;
        tx.commit().map_err(backend)?;
    }
    Ok(())
}

fn millis(lease: Duration) -> i64 {
    lease_deadline(lease)
}

/// The rows of one platform and session, in insertion order.
fn session_rows(
    tx: &rusqlite::Transaction<'_>,
    platform: &str,
    session_id: &str,
) -> Result<Vec<ExistingCallLog>, StoreError> {
    let mut statement = tx
        .prepare_cached(
            "SELECT data FROM call_logs WHERE platform = ?1 AND session_id = ?2 ORDER BY rowid",
        )
        .map_err(backend)?;
    let rows = statement
        .query_map(params![platform, session_id], |row| row.get::<_, String>(0))
        .map_err(backend)?;
    let mut out = Vec::new();
    for json in rows {
        out.push(from_json(&json.map_err(backend)?, "call log")?);
    }
    Ok(out)
}

/// Whether a reservation row `(holder, until)` keeps `holder` out now.
fn blocks(found: Option<(String, i64)>, holder: &str) -> bool {
    found.is_some_and(|(h, until)| h != holder && until > now_millis())
}

fn call_reservation(
    tx: &rusqlite::Transaction<'_>,
    key: &CallLogKey,
) -> Result<Option<(String, i64)>, StoreError> {
    tx.query_row(
        "SELECT holder, until FROM call_log_reservations WHERE platform = ?1 AND session_id = ?2 \
         AND extension_number = ?3 AND hashed_extension_id = ?4",
        params![
            key.platform,
            key.session_id,
            key.identity.extension_number,
            key.identity.hashed_extension_id
        ],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
    .optional()
    .map_err(backend)
}

fn insert_call(tx: &rusqlite::Transaction<'_>, row: &ExistingCallLog) -> Result<(), StoreError> {
    let changed = tx
        .execute(
            "INSERT INTO call_logs (platform, session_id, extension_number, hashed_extension_id, \
             id, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            params![
                row.platform,
                row.session_id,
                row.extension_number,
                row.hashed_extension_id,
                row.id,
                to_json(row)?
            ],
        )
        .map_err(backend)?;
    if changed == 0 {
        return Err(StoreError::Conflict);
    }
    Ok(())
}

fn message_reservation(
    tx: &rusqlite::Transaction<'_>,
    table: &str,
    column: &str,
    platform: &str,
    id: &str,
) -> Result<Option<(String, i64)>, StoreError> {
    tx.query_row(
        &format!("SELECT holder, until FROM {table} WHERE platform = ?1 AND {column} = ?2"),
        params![platform, id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
    .optional()
    .map_err(backend)
}

fn release_message(
    tx: &rusqlite::Transaction<'_>,
    table: &str,
    column: &str,
    platform: &str,
    id: &str,
    holder: &str,
) -> Result<(), StoreError> {
    tx.execute(
        &format!("DELETE FROM {table} WHERE platform = ?1 AND {column} = ?2 AND holder = ?3"),
        params![platform, id, holder],
    )
    .map_err(backend)?;
    Ok(())
}

fn message_exists(
    tx: &rusqlite::Transaction<'_>,
    platform: &str,
    id: &str,
) -> Result<bool, StoreError> {
    tx.query_row(
        "SELECT 1 FROM message_logs WHERE platform = ?1 AND id = ?2",
        params![platform, id],
        |_| Ok(()),
    )
    .optional()
    .map(|found| found.is_some())
    .map_err(backend)
}

fn first_of_conversation(
    tx: &rusqlite::Transaction<'_>,
    platform: &str,
    conversation_log_id: &str,
) -> Result<Option<ExistingMessageLog>, StoreError> {
    let json: Option<String> = tx
        .query_row(
            "SELECT data FROM message_logs WHERE platform = ?1 AND conversation_log_id = ?2 \
             ORDER BY rowid LIMIT 1",
            params![platform, conversation_log_id],
            |row| row.get(0),
        )
        .optional()
        .map_err(backend)?;
    json.map(|j| from_json(&j, "message log")).transpose()
}

fn insert_message(
    tx: &rusqlite::Transaction<'_>,
    row: &ExistingMessageLog,
) -> Result<(), StoreError> {
    let changed = tx
        .execute(
            "INSERT INTO message_logs (platform, id, conversation_log_id, data) \
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
            params![row.platform, row.id, row.conversation_log_id, to_json(row)?],
        )
        .map_err(backend)?;
    if changed == 0 {
        return Err(StoreError::Conflict);
    }
    Ok(())
}

const MESSAGES: (&str, &str) = ("message_reservations", "id");
const CONVERSATIONS: (&str, &str) = ("conversation_reservations", "conversation_log_id");

#[async_trait]
impl UserStore for SqliteStore {
    async fn get_user(&self, platform: &str, id: &str) -> Result<Option<User>, StoreError> {
        let (platform, id) = (platform.to_owned(), id.to_owned());
        self.run(move |tx, cipher| {
            let sealed: Option<Vec<u8>> = tx
                .query_row(
                    "SELECT sealed FROM users WHERE platform = ?1 AND id = ?2",
                    params![platform, id],
                    |row| row.get(0),
                )
                .optional()
                .map_err(backend)?;
            sealed.map(|s| cipher.open_user(&s)).transpose()
        })
        .await
    }

    async fn put_user(&self, user: User) -> Result<(), StoreError> {
        let Some(platform) = user.platform.clone() else {
            return Err(StoreError::MissingPlatform(user.id));
        };
        self.run(move |tx, cipher| {
            tx.execute(
                "INSERT INTO users (platform, id, sealed) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (platform, id) DO UPDATE SET sealed = excluded.sealed",
                params![platform, user.id, cipher.seal_user(&user)?],
            )
            .map_err(backend)?;
            Ok(())
        })
        .await
    }

    async fn delete_user(&self, platform: &str, id: &str) -> Result<(), StoreError> {
        let (platform, id) = (platform.to_owned(), id.to_owned());
        self.run(move |tx, _| {
            tx.execute(
                "DELETE FROM users WHERE platform = ?1 AND id = ?2",
                params![platform, id],
            )
            .map_err(backend)?;
            Ok(())
        })
        .await
    }
}

#[async_trait]
impl CallLogStore for SqliteStore {
    async fn find_call_log(
        &self,
        platform: &str,
        session_id: &str,
        identity: &CallIdentity,
    ) -> Result<Option<ExistingCallLog>, StoreError> {
        let (platform, session_id, identity) =
            (platform.to_owned(), session_id.to_owned(), identity.clone());
        self.run(move |tx, _| {
            let rows = session_rows(tx, &platform, &session_id)?;
            Ok(identity.pick(&rows).cloned())
        })
        .await
    }

    async fn insert_call_log(&self, row: ExistingCallLog) -> Result<(), StoreError> {
        self.run(move |tx, _| insert_call(tx, &row)).await
    }

    async fn reserve_call_log(
        &self,
        key: &CallLogKey,
        holder: &str,
        lease: Duration,
    ) -> Result<(), StoreError> {
        let (key, holder) = (key.clone(), holder.to_owned());
        self.run(move |tx, _| {
            let rows = session_rows(tx, &key.platform, &key.session_id)?;
            if key.identity.pick(&rows).is_some() || blocks(call_reservation(tx, &key)?, &holder) {
                return Err(StoreError::Conflict);
            }
            tx.execute(
                "INSERT INTO call_log_reservations (platform, session_id, extension_number, \
                 hashed_extension_id, holder, until) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
                 ON CONFLICT DO UPDATE SET holder = excluded.holder, until = excluded.until",
                params![
                    key.platform,
                    key.session_id,
                    key.identity.extension_number,
                    key.identity.hashed_extension_id,
                    holder,
                    millis(lease)
                ],
            )
            .map_err(backend)?;
            Ok(())
        })
        .await
    }

    async fn complete_call_log(
        &self,
        holder: &str,
        row: ExistingCallLog,
    ) -> Result<(), StoreError> {
        let holder = holder.to_owned();
        self.run(move |tx, _| {
            let key = CallLogKey::of(&row);
            if blocks(call_reservation(tx, &key)?, &holder) {
                return Err(StoreError::Conflict);
            }
            insert_call(tx, &row)?;
            tx.execute(
                "DELETE FROM call_log_reservations WHERE platform = ?1 AND session_id = ?2 \
                 AND extension_number = ?3 AND hashed_extension_id = ?4",
                params![
                    key.platform,
                    key.session_id,
                    key.identity.extension_number,
                    key.identity.hashed_extension_id
                ],
            )
            .map_err(backend)?;
            Ok(())
        })
        .await
    }

    async fn release_call_log(&self, key: &CallLogKey, holder: &str) -> Result<(), StoreError> {
        let (key, holder) = (key.clone(), holder.to_owned());
        self.run(move |tx, _| {
            tx.execute(
                "DELETE FROM call_log_reservations WHERE platform = ?1 AND session_id = ?2 \
                 AND extension_number = ?3 AND hashed_extension_id = ?4 AND holder = ?5",
                params![
                    key.platform,
                    key.session_id,
                    key.identity.extension_number,
                    key.identity.hashed_extension_id,
                    holder
                ],
            )
            .map_err(backend)?;
            Ok(())
        })
        .await
    }
}

#[async_trait]
impl MessageLogStore for SqliteStore {
    async fn get_message_log(
        &self,
        platform: &str,
        id: &str,
    ) -> Result<Option<ExistingMessageLog>, StoreError> {
        let (platform, id) = (platform.to_owned(), id.to_owned());
        self.run(move |tx, _| {
            let json: Option<String> = tx
                .query_row(
                    "SELECT data FROM message_logs WHERE platform = ?1 AND id = ?2",
                    params![platform, id],
                    |row| row.get(0),
                )
                .optional()
                .map_err(backend)?;
            json.map(|j| from_json(&j, "message log")).transpose()
        })
        .await
    }

    async fn find_by_conversation_log_id(
        &self,
        platform: &str,
        conversation_log_id: &str,
    ) -> Result<Option<ExistingMessageLog>, StoreError> {
        let (platform, conversation) = (platform.to_owned(), conversation_log_id.to_owned());
        self.run(move |tx, _| first_of_conversation(tx, &platform, &conversation))
            .await
    }

    async fn insert_message_log(&self, row: ExistingMessageLog) -> Result<(), StoreError> {
        self.run(move |tx, _| insert_message(tx, &row)).await
    }

    async fn reserve_message_log(
        &self,
        platform: &str,
        id: &str,
        holder: &str,
        lease: Duration,
    ) -> Result<(), StoreError> {
        let (platform, id, holder) = (platform.to_owned(), id.to_owned(), holder.to_owned());
        self.run(move |tx, _| {
            let (table, column) = MESSAGES;
            if message_exists(tx, &platform, &id)?
                || blocks(
                    message_reservation(tx, table, column, &platform, &id)?,
                    &holder,
                )
            {
                return Err(StoreError::Conflict);
            }
            tx.execute(
                "INSERT INTO message_reservations (platform, id, holder, until) \
                 VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT DO UPDATE SET holder = excluded.holder, until = excluded.until",
                params![platform, id, holder, millis(lease)],
            )
            .map_err(backend)?;
            Ok(())
        })
        .await
    }

    async fn complete_message_log(
        &self,
        holder: &str,
        row: ExistingMessageLog,
    ) -> Result<(), StoreError> {
        let holder = holder.to_owned();
        self.run(move |tx, _| {
            let (table, column) = MESSAGES;
            if blocks(
                message_reservation(tx, table, column, &row.platform, &row.id)?,
                &holder,
            ) {
                return Err(StoreError::Conflict);
            }
            insert_message(tx, &row)?;
            release_message(tx, table, column, &row.platform, &row.id, &holder)?;
            let (table, column) = CONVERSATIONS;
            release_message(
                tx,
                table,
                column,
                &row.platform,
                &row.conversation_log_id,
                &holder,
            )
        })
        .await
    }

    async fn release_message_log(
        &self,
        platform: &str,
        id: &str,
        holder: &str,
    ) -> Result<(), StoreError> {
        let (platform, id, holder) = (platform.to_owned(), id.to_owned(), holder.to_owned());
        self.run(move |tx, _| {
            let (table, column) = MESSAGES;
            release_message(tx, table, column, &platform, &id, &holder)
        })
        .await
    }

    async fn reserve_conversation(
        &self,
        platform: &str,
        conversation_log_id: &str,
        holder: &str,
        lease: Duration,
    ) -> Result<(), StoreError> {
        let (platform, conversation, holder) = (
            platform.to_owned(),
            conversation_log_id.to_owned(),
            holder.to_owned(),
        );
        self.run(move |tx, _| {
            let (table, column) = CONVERSATIONS;
            if first_of_conversation(tx, &platform, &conversation)?.is_some()
                || blocks(
                    message_reservation(tx, table, column, &platform, &conversation)?,
                    &holder,
                )
            {
                return Err(StoreError::Conflict);
            }
            tx.execute(
                "INSERT INTO conversation_reservations (platform, conversation_log_id, holder, \
                 until) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT DO UPDATE SET holder = excluded.holder, until = excluded.until",
                params![platform, conversation, holder, millis(lease)],
            )
            .map_err(backend)?;
            Ok(())
        })
        .await
    }

    async fn release_conversation(
        &self,
        platform: &str,
        conversation_log_id: &str,
        holder: &str,
    ) -> Result<(), StoreError> {
        let (platform, conversation, holder) = (
            platform.to_owned(),
            conversation_log_id.to_owned(),
            holder.to_owned(),
        );
        self.run(move |tx, _| {
            let (table, column) = CONVERSATIONS;
            release_message(tx, table, column, &platform, &conversation, &holder)
        })
        .await
    }
}

#[async_trait]
impl super::CacheStore for SqliteStore {
    async fn get_account_data(
        &self,
        platform: &str,
        rc_account_id: &str,
        key: &str,
    ) -> Result<Option<crate::connector::CachedValue>, StoreError> {
        let (platform, account, key) = (
            platform.to_owned(),
            rc_account_id.to_owned(),
            key.to_owned(),
        );
        self.run(move |tx, _| {
            let row: Option<(String, Option<i64>)> = tx
                .query_row(
                    "SELECT value, expires_at FROM account_cache \
                     WHERE platform = ?1 AND rc_account_id = ?2 AND key = ?3",
                    params![platform, account, key],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()
                .map_err(backend)?;
            row.map(|(json, expires_at)| {
                Ok(crate::connector::CachedValue::new(
                    from_json(&json, "account cache")?,
                    expires_at,
                ))
            })
            .transpose()
        })
        .await
    }

    async fn put_account_data(
        &self,
        platform: &str,
        rc_account_id: &str,
        key: &str,
        entry: crate::connector::CachedValue,
    ) -> Result<(), StoreError> {
        let (platform, account, key) = (
            platform.to_owned(),
            rc_account_id.to_owned(),
            key.to_owned(),
        );
        let json = to_json(&entry.value)?;
        self.run(move |tx, _| {
            tx.execute(
                "INSERT INTO account_cache (platform, rc_account_id, key, value, expires_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (platform, rc_account_id, key) \
                 DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
                params![platform, account, key, json, entry.expires_at],
            )
            .map_err(backend)?;
            Ok(())
        })
        .await
    }

    async fn delete_account_data(
        &self,
        platform: &str,
        rc_account_id: &str,
        key: &str,
    ) -> Result<(), StoreError> {
        let (platform, account, key) = (
            platform.to_owned(),
            rc_account_id.to_owned(),
            key.to_owned(),
        );
        self.run(move |tx, _| {
            tx.execute(
                "DELETE FROM account_cache WHERE platform = ?1 AND rc_account_id = ?2 AND key = ?3",
                params![platform, account, key],
            )
            .map_err(backend)?;
            Ok(())
        })
        .await
    }

    async fn put_call_note(
        &self,
        platform: &str,
        session_id: &str,
        note: &str,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        let (platform, session, note) =
            (platform.to_owned(), session_id.to_owned(), note.to_owned());
        let now = now_millis();
        self.run(move |tx, _| {
            tx.execute(
                "DELETE FROM call_note_cache WHERE expires_at <= ?1",
                params![now],
            )
            .map_err(backend)?;
            tx.execute(
                "INSERT INTO call_note_cache (platform, session_id, note, expires_at) \
                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT (platform, session_id) \
                 DO UPDATE SET note = excluded.note, expires_at = excluded.expires_at",
                params![platform, session, note, expires_at],
            )
            .map_err(backend)?;
            Ok(())
        })
        .await
    }

    async fn get_call_note(
        &self,
        platform: &str,
        session_id: &str,
        now: i64,
    ) -> Result<Option<String>, StoreError> {
        let (platform, session) = (platform.to_owned(), session_id.to_owned());
        self.run(move |tx, _| {
            tx.query_row(
                "SELECT note FROM call_note_cache \
                 WHERE platform = ?1 AND session_id = ?2 AND expires_at > ?3",
                params![platform, session, now],
                |row| row.get(0),
            )
            .optional()
            .map_err(backend)
        })
        .await
    }
}

#[async_trait]
impl super::AdminStore for SqliteStore {
    async fn get_admin_config(
        &self,
        platform: &str,
        account: &str,
    ) -> Result<Option<crate::models::AdminConfig>, StoreError> {
        let (platform, account) = (platform.to_owned(), account.to_owned());
        self.run(move |tx, _| {
            let json: Option<String> = tx
                .query_row(
                    "SELECT data FROM admin_configs WHERE platform = ?1 AND account_id = ?2",
                    params![platform, account],
                    |row| row.get(0),
                )
                .optional()
                .map_err(backend)?;
            json.map(|j| from_json(&j, "admin config")).transpose()
        })
        .await
    }

    async fn put_admin_config(
        &self,
        platform: &str,
        account: &str,
        config: crate::models::AdminConfig,
    ) -> Result<(), StoreError> {
        let (platform, account) = (platform.to_owned(), account.to_owned());
        let data = to_json(&config)?;
        self.run(move |tx, _| {
            tx.execute(
                "INSERT INTO admin_configs (platform, account_id, data) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (platform, account_id) DO UPDATE SET data = excluded.data",
                params![platform, account, data],
            )
            .map_err(backend)?;
            Ok(())
        })
        .await
    }
}
