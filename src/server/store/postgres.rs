//! [`PostgresStore`]: the runtime's state in PostgreSQL, shared by several server processes
//! (feature `postgres`).

use std::fmt;
use std::time::Duration;

use async_trait::async_trait;
use deadpool_postgres::{Config, Pool, Runtime, Transaction};
use tokio_postgres::NoTls;
use tokio_postgres::types::ToSql;

use super::crypt::{Cipher, from_json, to_json};
use super::{
    CallIdentity, CallLogKey, CallLogStore, MessageLogStore, StoreError, StoreKey, UserStore,
    lease_deadline, now_millis,
};
use crate::models::{ExistingCallLog, ExistingMessageLog, User};

/// The schema, one migration per entry, applied in order at connect under an advisory lock
/// (never edit a released one: append).
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE store_meta (key TEXT PRIMARY KEY, value BYTEA NOT NULL);
CREATE TABLE users (
    platform TEXT NOT NULL,
    id TEXT NOT NULL,
    sealed BYTEA NOT NULL,
    PRIMARY KEY (platform, id)
);
CREATE TABLE call_logs (
    seq BIGSERIAL,
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
    until BIGINT NOT NULL,
    PRIMARY KEY (platform, session_id, extension_number, hashed_extension_id)
);
CREATE TABLE message_logs (
    seq BIGSERIAL,
    platform TEXT NOT NULL,
    id TEXT NOT NULL,
    conversation_log_id TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (platform, id)
);
CREATE INDEX message_logs_by_conversation ON message_logs (platform, conversation_log_id, seq);
CREATE TABLE message_reservations (
    platform TEXT NOT NULL,
    id TEXT NOT NULL,
    holder TEXT NOT NULL,
    until BIGINT NOT NULL,
    PRIMARY KEY (platform, id)
);
CREATE TABLE conversation_reservations (
    platform TEXT NOT NULL,
    conversation_log_id TEXT NOT NULL,
    holder TEXT NOT NULL,
    until BIGINT NOT NULL,
    PRIMARY KEY (platform, conversation_log_id)
);
"#,
    r#"
CREATE TABLE account_cache (
    platform TEXT NOT NULL,
    rc_account_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    expires_at BIGINT,
    PRIMARY KEY (platform, rc_account_id, key)
);
CREATE TABLE call_note_cache (
    platform TEXT NOT NULL,
    session_id TEXT NOT NULL,
    note TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
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

/// The advisory lock id that serialises migrations of one schema across processes.
const MIGRATION_LOCK: i64 = 0x6170_7063_6f6e_6e31;

/// Users, call-log and message-log linkage in PostgreSQL: [`UserStore`] + [`CallLogStore`] +
/// [`MessageLogStore`] over a connection pool (deadpool-postgres), for several server
/// processes behind a load balancer.
///
/// * The schema's migrations are embedded and applied at [`connect`](PostgresStore::connect)
///   (serialised across processes by an advisory lock).
/// * Reserve and complete run in one transaction each, under a transaction-scoped advisory
///   lock of the linkage key, so of N processes reserving one call exactly one wins.
/// * User rows are sealed with XChaCha20-Poly1305 under the [`StoreKey`]; connecting with
///   another key is [`StoreError::WrongKey`].
/// * Connections are plain TCP (no TLS): reach the database over a private network, a local
///   socket or a TLS-terminating proxy.
///
/// Errors never carry the connection string. Cheap to clone (clones share the pool).
///
/// ```no_run
/// use app_connect_sdk::server::store::{PostgresStore, StoreKey};
/// # async fn demo() -> Result<(), app_connect_sdk::server::store::StoreError> {
/// let key = StoreKey::from_env("APP_CONNECT_STORE_KEY")?;
/// let store = PostgresStore::connect("postgres://app@127.0.0.1/app_connect", &key).await?;
/// # let _ = store; Ok(()) }
/// ```
#[derive(Clone)]
pub struct PostgresStore {
    pool: Pool,
    cipher: std::sync::Arc<Cipher>,
    schema: Option<String>,
}

impl fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostgresStore")
            .field("schema", &self.schema)
            .finish_non_exhaustive()
    }
}

fn backend(error: impl std::error::Error + Send + Sync + 'static) -> StoreError {
    StoreError::Backend(Box::new(error))
}

impl PostgresStore {
    /// Connects to the database at `url` (`postgres://user[:password]@host[:port]/db`),
    /// applies pending migrations in its default schema, and checks `key`.
    pub async fn connect(url: &str, key: &StoreKey) -> Result<Self, StoreError> {
        Self::open(url, None, key).await
    }

    /// Like [`connect`](Self::connect), with every table in `schema` (created when missing;
    /// ASCII letters, digits and `_` only): several deployments, or tests, share one
    /// database without seeing each other.
    pub async fn connect_in_schema(
        url: &str,
        schema: &str,
        key: &StoreKey,
    ) -> Result<Self, StoreError> {
        if schema.is_empty()
            || !schema
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            return Err(StoreError::Backend(
                "a schema name may only hold ASCII letters, digits and `_`".into(),
            ));
        }
        Self::open(url, Some(schema), key).await
    }

    async fn open(url: &str, schema: Option<&str>, key: &StoreKey) -> Result<Self, StoreError> {
        let mut config = Config::new();
        config.url = Some(url.to_owned());
        if let Some(schema) = schema {
            config.options = Some(format!("-c search_path={schema}"));
        }
        // The URL (and its password) must not reach an error message.
        let pool = config
            .create_pool(Some(Runtime::Tokio1), NoTls)
            .map_err(|_| StoreError::Backend("invalid PostgreSQL connection settings".into()))?;
        let store = PostgresStore {
            pool,
            cipher: std::sync::Arc::new(Cipher::new(key)),
            schema: schema.map(str::to_owned),
        };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        let mut client = self.pool.get().await.map_err(backend)?;
        let tx = client.transaction().await.map_err(backend)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await
            .map_err(backend)?;
        if let Some(schema) = &self.schema {
            tx.batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {schema}"))
                .await
                .map_err(backend)?;
        }
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS store_migrations (version BIGINT PRIMARY KEY)",
        )
        .await
        .map_err(backend)?;
        let done: i64 = tx
            .query_one(
                "SELECT COALESCE(MAX(version), 0) FROM store_migrations",
                &[],
            )
            .await
            .map_err(backend)?
            .get(0);
        for (index, sql) in MIGRATIONS.iter().enumerate() {
            let version = i64::try_from(index).unwrap_or(i64::MAX) + 1;
            if version <= done {
                continue;
            }
            tx.batch_execute(sql).await.map_err(backend)?;
            tx.execute(
                "INSERT INTO store_migrations (version) VALUES ($1)",
                &[&version],
            )
            .await
            .map_err(backend)?;
        }
        let check = tx
            .query_opt("SELECT value FROM store_meta WHERE key = 'key_check'", &[])
            .await
            .map_err(backend)?;
        match check {
            Some(row) => self.cipher.verify(&row.get::<_, Vec<u8>>(0))?,
            None => {
                tx.execute(
                    "INSERT INTO store_meta (key, value) VALUES ('key_check', $1)",
                    &[&self.cipher.key_check()?],
                )
                .await
                .map_err(backend)?;
            }
        }
        tx.commit().await.map_err(backend)
    }
}

/// A transaction holding the advisory locks of `locks`, taken in order (every caller takes a
/// message's lock before its conversation's: no lock cycle).
async fn begin<'c>(
    client: &'c mut deadpool_postgres::Client,
    locks: Vec<String>,
) -> Result<Transaction<'c>, StoreError> {
    let tx = client.transaction().await.map_err(backend)?;
    for lock_key in locks {
        tx.execute("SELECT pg_advisory_xact_lock(hashtext($1))", &[&lock_key])
            .await
            .map_err(backend)?;
    }
    Ok(tx)
}

/// Runs an async body in one transaction of the store's pool (see [`begin`]): committed when
/// the body succeeds, rolled back when it fails.
macro_rules! run {
    ($store:expr, $locks:expr, |$tx:ident| $body:expr) => {{
        let mut client = $store.pool.get().await.map_err(backend)?;
        let transaction = begin(&mut client, $locks).await?;
        let result = {
            let $tx = &transaction;
            $body.await
        };
        match result {
            Ok(out) => {
                transaction.commit().await.map_err(backend)?;
                Ok(out)
            }
            Err(error) => Err(error),
        }
    }};
}

fn call_lock(platform: &str, session_id: &str) -> Vec<String> {
    vec![format!("call\u{1f}{platform}\u{1f}{session_id}")]
}

fn message_lock(platform: &str, id: &str) -> Vec<String> {
    vec![format!("message\u{1f}{platform}\u{1f}{id}")]
}

fn conversation_lock(platform: &str, conversation_log_id: &str) -> Vec<String> {
    vec![format!(
        "conversation\u{1f}{platform}\u{1f}{conversation_log_id}"
    )]
}

/// Whether a reservation row `(holder, until)` keeps `holder` out now.
fn blocks(found: Option<(String, i64)>, holder: &str) -> bool {
    found.is_some_and(|(h, until)| h != holder && until > now_millis())
}

async fn query_opt(
    tx: &Transaction<'_>,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Option<tokio_postgres::Row>, StoreError> {
    let statement = tx.prepare_cached(sql).await.map_err(backend)?;
    tx.query_opt(&statement, params).await.map_err(backend)
}

async fn execute(
    tx: &Transaction<'_>,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<u64, StoreError> {
    let statement = tx.prepare_cached(sql).await.map_err(backend)?;
    tx.execute(&statement, params).await.map_err(backend)
}

async fn session_rows(
    tx: &Transaction<'_>,
    platform: &str,
    session_id: &str,
) -> Result<Vec<ExistingCallLog>, StoreError> {
    let statement = tx
        .prepare_cached(
            "SELECT data FROM call_logs WHERE platform = $1 AND session_id = $2 ORDER BY seq",
        )
        .await
        .map_err(backend)?;
    let rows = tx
        .query(&statement, &[&platform, &session_id])
        .await
        .map_err(backend)?;
    rows.iter()
        .map(|row| from_json(row.get::<_, &str>(0), "call log"))
        .collect()
}

async fn call_reservation(
    tx: &Transaction<'_>,
    key: &CallLogKey,
) -> Result<Option<(String, i64)>, StoreError> {
    Ok(query_opt(
        tx,
        "SELECT holder, until FROM call_log_reservations WHERE platform = $1 AND session_id = $2 \
         AND extension_number = $3 AND hashed_extension_id = $4",
        &[
            &key.platform,
            &key.session_id,
            &key.identity.extension_number,
            &key.identity.hashed_extension_id,
        ],
    )
    .await?
    .map(|row| (row.get(0), row.get(1))))
}

async fn insert_call(tx: &Transaction<'_>, row: &ExistingCallLog) -> Result<(), StoreError> {
    let changed = execute(
        tx,
        "INSERT INTO call_logs (platform, session_id, extension_number, hashed_extension_id, id, \
         data) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        &[
            &row.platform,
            &row.session_id,
            &row.extension_number,
            &row.hashed_extension_id,
            &row.id,
            &to_json(row)?,
        ],
    )
    .await?;
    if changed == 0 {
        return Err(StoreError::Conflict);
    }
    Ok(())
}

const MESSAGES: (&str, &str) = ("message_reservations", "id");
const CONVERSATIONS: (&str, &str) = ("conversation_reservations", "conversation_log_id");

async fn reservation(
    tx: &Transaction<'_>,
    (table, column): (&str, &str),
    platform: &str,
    id: &str,
) -> Result<Option<(String, i64)>, StoreError> {
    let sql = format!("SELECT holder, until FROM {table} WHERE platform = $1 AND {column} = $2");
    Ok(query_opt(tx, &sql, &[&platform, &id])
        .await?
        .map(|row| (row.get(0), row.get(1))))
}

async fn reserve(
    tx: &Transaction<'_>,
    (table, column): (&str, &str),
    platform: &str,
    id: &str,
    holder: &str,
    until: i64,
) -> Result<(), StoreError> {
    let sql = format!(
        "INSERT INTO {table} (platform, {column}, holder, until) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (platform, {column}) DO UPDATE SET holder = excluded.holder, \
         until = excluded.until"
    );
    execute(tx, &sql, &[&platform, &id, &holder, &until]).await?;
    Ok(())
}

async fn release(
    tx: &Transaction<'_>,
    (table, column): (&str, &str),
    platform: &str,
    id: &str,
    holder: &str,
) -> Result<(), StoreError> {
    let sql = format!("DELETE FROM {table} WHERE platform = $1 AND {column} = $2 AND holder = $3");
    execute(tx, &sql, &[&platform, &id, &holder]).await?;
    Ok(())
}

async fn first_of_conversation(
    tx: &Transaction<'_>,
    platform: &str,
    conversation_log_id: &str,
) -> Result<Option<ExistingMessageLog>, StoreError> {
    query_opt(
        tx,
        "SELECT data FROM message_logs WHERE platform = $1 AND conversation_log_id = $2 \
         ORDER BY seq LIMIT 1",
        &[&platform, &conversation_log_id],
    )
    .await?
    .map(|row| from_json(row.get::<_, &str>(0), "message log"))
    .transpose()
}

async fn insert_message(tx: &Transaction<'_>, row: &ExistingMessageLog) -> Result<(), StoreError> {
    let changed = execute(
        tx,
        "INSERT INTO message_logs (platform, id, conversation_log_id, data) \
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        &[
            &row.platform,
            &row.id,
            &row.conversation_log_id,
            &to_json(row)?,
        ],
    )
    .await?;
    if changed == 0 {
        return Err(StoreError::Conflict);
    }
    Ok(())
}

#[async_trait]
impl UserStore for PostgresStore {
    async fn get_user(&self, platform: &str, id: &str) -> Result<Option<User>, StoreError> {
        let row = run!(self, Vec::new(), |tx| async {
            query_opt(
                tx,
                "SELECT sealed FROM users WHERE platform = $1 AND id = $2",
                &[&platform, &id],
            )
            .await
        })?;
        row.map(|row| self.cipher.open_user(row.get::<_, &[u8]>(0)))
            .transpose()
    }

    async fn put_user(&self, user: User) -> Result<(), StoreError> {
        let Some(platform) = user.platform.clone() else {
            return Err(StoreError::MissingPlatform(user.id));
        };
        let sealed = self.cipher.seal_user(&user)?;
        run!(self, Vec::new(), |tx| async {
            execute(
                tx,
                "INSERT INTO users (platform, id, sealed) VALUES ($1, $2, $3) \
                     ON CONFLICT (platform, id) DO UPDATE SET sealed = excluded.sealed",
                &[&platform, &user.id, &sealed],
            )
            .await?;
            Ok(())
        })
    }

    async fn delete_user(&self, platform: &str, id: &str) -> Result<(), StoreError> {
        run!(self, Vec::new(), |tx| async {
            execute(
                tx,
                "DELETE FROM users WHERE platform = $1 AND id = $2",
                &[&platform, &id],
            )
            .await?;
            Ok(())
        })
    }
}

#[async_trait]
impl CallLogStore for PostgresStore {
    async fn find_call_log(
        &self,
        platform: &str,
        session_id: &str,
        identity: &CallIdentity,
    ) -> Result<Option<ExistingCallLog>, StoreError> {
        let rows = run!(self, Vec::new(), |tx| async {
            session_rows(tx, platform, session_id).await
        })?;
        Ok(identity.pick(&rows).cloned())
    }

    async fn insert_call_log(&self, row: ExistingCallLog) -> Result<(), StoreError> {
        let lock = call_lock(&row.platform, &row.session_id);
        run!(self, lock, |tx| async { insert_call(tx, &row).await })
    }

    async fn reserve_call_log(
        &self,
        key: &CallLogKey,
        holder: &str,
        lease: Duration,
    ) -> Result<(), StoreError> {
        let until = lease_deadline(lease);
        run!(
            self,
            call_lock(&key.platform, &key.session_id),
            |tx| async {
                let rows = session_rows(tx, &key.platform, &key.session_id).await?;
                if key.identity.pick(&rows).is_some()
                    || blocks(call_reservation(tx, key).await?, holder)
                {
                    return Err(StoreError::Conflict);
                }
                execute(
                    tx,
                    "INSERT INTO call_log_reservations (platform, session_id, extension_number, \
                     hashed_extension_id, holder, until) VALUES ($1, $2, $3, $4, $5, $6) \
                     ON CONFLICT (platform, session_id, extension_number, hashed_extension_id) \
                     DO UPDATE SET holder = excluded.holder, until = excluded.until",
                    &[
                        &key.platform,
                        &key.session_id,
                        &key.identity.extension_number,
                        &key.identity.hashed_extension_id,
                        &holder,
                        &until,
                    ],
                )
                .await?;
                Ok(())
            }
        )
    }

    async fn complete_call_log(
        &self,
        holder: &str,
        row: ExistingCallLog,
    ) -> Result<(), StoreError> {
        let key = CallLogKey::of(&row);
        run!(
            self,
            call_lock(&key.platform, &key.session_id),
            |tx| async {
                if blocks(call_reservation(tx, &key).await?, holder) {
                    return Err(StoreError::Conflict);
                }
                insert_call(tx, &row).await?;
                execute(
                    tx,
                    "DELETE FROM call_log_reservations WHERE platform = $1 AND session_id = $2 \
                     AND extension_number = $3 AND hashed_extension_id = $4",
                    &[
                        &key.platform,
                        &key.session_id,
                        &key.identity.extension_number,
                        &key.identity.hashed_extension_id,
                    ],
                )
                .await?;
                Ok(())
            }
        )
    }

    async fn release_call_log(&self, key: &CallLogKey, holder: &str) -> Result<(), StoreError> {
        run!(
            self,
            call_lock(&key.platform, &key.session_id),
            |tx| async {
                execute(
                    tx,
                    "DELETE FROM call_log_reservations WHERE platform = $1 AND session_id = $2 \
                     AND extension_number = $3 AND hashed_extension_id = $4 AND holder = $5",
                    &[
                        &key.platform,
                        &key.session_id,
                        &key.identity.extension_number,
                        &key.identity.hashed_extension_id,
                        &holder,
                    ],
                )
                .await?;
                Ok(())
            }
        )
    }
}

#[async_trait]
impl MessageLogStore for PostgresStore {
    async fn get_message_log(
        &self,
        platform: &str,
        id: &str,
    ) -> Result<Option<ExistingMessageLog>, StoreError> {
        run!(self, Vec::new(), |tx| async {
            query_opt(
                tx,
                "SELECT data FROM message_logs WHERE platform = $1 AND id = $2",
                &[&platform, &id],
            )
            .await?
            .map(|row| from_json(row.get::<_, &str>(0), "message log"))
            .transpose()
        })
    }

    async fn find_by_conversation_log_id(
        &self,
        platform: &str,
        conversation_log_id: &str,
    ) -> Result<Option<ExistingMessageLog>, StoreError> {
        run!(self, Vec::new(), |tx| async {
            first_of_conversation(tx, platform, conversation_log_id).await
        })
    }

    async fn insert_message_log(&self, row: ExistingMessageLog) -> Result<(), StoreError> {
        let lock = message_lock(&row.platform, &row.id);
        run!(self, lock, |tx| async { insert_message(tx, &row).await })
    }

    async fn reserve_message_log(
        &self,
        platform: &str,
        id: &str,
        holder: &str,
        lease: Duration,
    ) -> Result<(), StoreError> {
        let until = lease_deadline(lease);
        run!(self, message_lock(platform, id), |tx| async {
            let exists = query_opt(
                tx,
                "SELECT 1 FROM message_logs WHERE platform = $1 AND id = $2",
                &[&platform, &id],
            )
            .await?
            .is_some();
            if exists || blocks(reservation(tx, MESSAGES, platform, id).await?, holder) {
                return Err(StoreError::Conflict);
            }
            reserve(tx, MESSAGES, platform, id, holder, until).await
        })
    }

    async fn complete_message_log(
        &self,
        holder: &str,
        row: ExistingMessageLog,
    ) -> Result<(), StoreError> {
        let mut locks = message_lock(&row.platform, &row.id);
        locks.extend(conversation_lock(&row.platform, &row.conversation_log_id));
        run!(self, locks, |tx| async {
            if blocks(
                reservation(tx, MESSAGES, &row.platform, &row.id).await?,
                holder,
            ) {
                return Err(StoreError::Conflict);
            }
            insert_message(tx, &row).await?;
            release(tx, MESSAGES, &row.platform, &row.id, holder).await?;
            release(
                tx,
                CONVERSATIONS,
                &row.platform,
                &row.conversation_log_id,
                holder,
            )
            .await
        })
    }

    async fn release_message_log(
        &self,
        platform: &str,
        id: &str,
        holder: &str,
    ) -> Result<(), StoreError> {
        run!(self, message_lock(platform, id), |tx| async {
            release(tx, MESSAGES, platform, id, holder).await
        })
    }

    async fn reserve_conversation(
        &self,
        platform: &str,
        conversation_log_id: &str,
        holder: &str,
        lease: Duration,
    ) -> Result<(), StoreError> {
        let until = lease_deadline(lease);
        run!(
            self,
            conversation_lock(platform, conversation_log_id),
            |tx| async {
                if first_of_conversation(tx, platform, conversation_log_id)
                    .await?
                    .is_some()
                    || blocks(
                        reservation(tx, CONVERSATIONS, platform, conversation_log_id).await?,
                        holder,
                    )
                {
                    return Err(StoreError::Conflict);
                }
                reserve(
                    tx,
                    CONVERSATIONS,
                    platform,
                    conversation_log_id,
                    holder,
                    until,
                )
                .await
            }
        )
    }

    async fn release_conversation(
        &self,
        platform: &str,
        conversation_log_id: &str,
        holder: &str,
    ) -> Result<(), StoreError> {
        run!(
            self,
            conversation_lock(platform, conversation_log_id),
            |tx| async { release(tx, CONVERSATIONS, platform, conversation_log_id, holder).await }
        )
    }
}

#[async_trait]
impl super::CacheStore for PostgresStore {
    async fn get_account_data(
        &self,
        platform: &str,
        rc_account_id: &str,
        key: &str,
    ) -> Result<Option<crate::connector::CachedValue>, StoreError> {
        run!(self, Vec::new(), |tx| async {
            query_opt(
                tx,
                "SELECT value, expires_at FROM account_cache \
                 WHERE platform = $1 AND rc_account_id = $2 AND key = $3",
                &[&platform, &rc_account_id, &key],
            )
            .await?
            .map(|row| {
                Ok(crate::connector::CachedValue::new(
                    from_json(row.get::<_, &str>(0), "account cache")?,
                    row.get::<_, Option<i64>>(1),
                ))
            })
            .transpose()
        })
    }

    async fn put_account_data(
        &self,
        platform: &str,
        rc_account_id: &str,
        key: &str,
        entry: crate::connector::CachedValue,
    ) -> Result<(), StoreError> {
        let json = to_json(&entry.value)?;
        run!(self, Vec::new(), |tx| async {
            execute(
                tx,
                "INSERT INTO account_cache (platform, rc_account_id, key, value, expires_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (platform, rc_account_id, key) \
                 DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
                &[&platform, &rc_account_id, &key, &json, &entry.expires_at],
            )
            .await
            .map(|_| ())
        })
    }

    async fn delete_account_data(
        &self,
        platform: &str,
        rc_account_id: &str,
        key: &str,
    ) -> Result<(), StoreError> {
        run!(self, Vec::new(), |tx| async {
            execute(
                tx,
                "DELETE FROM account_cache WHERE platform = $1 AND rc_account_id = $2 AND key = $3",
                &[&platform, &rc_account_id, &key],
            )
            .await
            .map(|_| ())
        })
    }

    async fn put_call_note(
        &self,
        platform: &str,
        session_id: &str,
        note: &str,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        let now = now_millis();
        run!(self, Vec::new(), |tx| async {
            execute(
                tx,
                "DELETE FROM call_note_cache WHERE expires_at <= $1",
                &[&now],
            )
            .await?;
            execute(
                tx,
                "INSERT INTO call_note_cache (platform, session_id, note, expires_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (platform, session_id) \
                 DO UPDATE SET note = excluded.note, expires_at = excluded.expires_at",
                &[&platform, &session_id, &note, &expires_at],
            )
            .await
            .map(|_| ())
        })
    }

    async fn get_call_note(
        &self,
        platform: &str,
        session_id: &str,
        now: i64,
    ) -> Result<Option<String>, StoreError> {
        run!(self, Vec::new(), |tx| async {
            Ok(query_opt(
                tx,
                "SELECT note FROM call_note_cache \
                 WHERE platform = $1 AND session_id = $2 AND expires_at > $3",
                &[&platform, &session_id, &now],
            )
            .await?
            .map(|row| row.get::<_, String>(0)))
        })
    }
}

#[async_trait]
impl super::AdminStore for PostgresStore {
    async fn get_admin_config(
        &self,
        platform: &str,
        account: &str,
    ) -> Result<Option<crate::models::AdminConfig>, StoreError> {
        let row = run!(self, Vec::new(), |tx| async {
            query_opt(
                tx,
                "SELECT data FROM admin_configs WHERE platform = $1 AND account_id = $2",
                &[&platform, &account],
            )
            .await
        })?;
        row.map(|row| from_json(row.get::<_, &str>(0), "admin config"))
            .transpose()
    }

    async fn put_admin_config(
        &self,
        platform: &str,
        account: &str,
        config: crate::models::AdminConfig,
    ) -> Result<(), StoreError> {
        let data = to_json(&config)?;
        run!(self, Vec::new(), |tx| async {
            execute(
                tx,
                "INSERT INTO admin_configs (platform, account_id, data) VALUES ($1, $2, $3) \
                     ON CONFLICT (platform, account_id) DO UPDATE SET data = excluded.data",
                &[&platform, &account, &data],
            )
            .await?;
            Ok(())
        })
    }
}
