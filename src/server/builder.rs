//! [`ServerBuilder`]: configures a [`ConnectorServer`].

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use super::locks::KeyedLocks;
use super::session::SessionKeys;
use super::store::{AdminStore, CacheStore, CallLogStore, MemoryStore, MessageLogStore, UserStore};
use super::{ConnectorServer, Inner};
use crate::connector::Connector;
use crate::manifest::Manifest;
use crate::models::Secret;

/// The default request-body limit: 4 MiB (App Connect's bodies are small JSON; a long
/// transcript fits easily).
pub const DEFAULT_BODY_LIMIT: usize = 4 * 1024 * 1024;

/// Why a [`ServerBuilder`] could not build a server.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// No connector was registered.
    #[error("no connector registered: call ServerBuilder::connector")]
    NoConnector,
    /// Two connectors have the same platform name.
    #[error("two connectors are registered for platform `{0}`")]
    DuplicatePlatform(String),
    /// The base path does not start with `/`.
    #[error("base path `{0}` must start with `/`")]
    InvalidBasePath(String),
}

/// Configures a [`ConnectorServer`]; start with [`ConnectorServer::builder`].
///
/// ```
/// # fn demo(connector: impl app_connect_sdk::connector::Connector) -> Result<(), Box<dyn std::error::Error>> {
/// use app_connect_sdk::server::{ConnectorServer, session::SessionKeys};
///
/// let server = ConnectorServer::builder(SessionKeys::new("a secret of at least 32 bytes, really")?)
///     .connector(connector)
///     .base_path("/crm")
///     .body_limit(1024 * 1024)
///     .build()?;
/// # Ok(()) }
/// ```
#[must_use]
pub struct ServerBuilder {
    keys: SessionKeys,
    connectors: Vec<Arc<dyn Connector>>,
    manifest: Option<serde_json::Value>,
    users: Option<Arc<dyn UserStore>>,
    call_logs: Option<Arc<dyn CallLogStore>>,
    message_logs: Option<Arc<dyn MessageLogStore>>,
    base_path: String,
    body_limit: usize,
    cache_call_note: bool,
    hash_key: Option<Secret>,
    #[cfg(feature = "oauth")]
    managed_oauth: Option<Arc<dyn super::ManagedOAuth>>,
    reservation_lease: std::time::Duration,
    observer: Option<Arc<dyn super::Observer>>,
    release_notes: crate::models::ReleaseNotes,
    caches: Option<Arc<dyn CacheStore>>,
    admin: Option<Arc<dyn AdminStore>>,
    #[cfg(feature = "oauth")]
    ringcentral_api: String,
    #[cfg(feature = "oauth")]
    identity_ttl: std::time::Duration,
    #[cfg(feature = "oauth")]
    admin_extension_ids: Vec<String>,
}

impl fmt::Debug for ServerBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerBuilder")
            .field(
                "platforms",
                &self
                    .connectors
                    .iter()
                    .map(|c| c.platform())
                    .collect::<Vec<_>>(),
            )
            .field("base_path", &self.base_path)
            .field("body_limit", &self.body_limit)
            .finish_non_exhaustive()
    }
}

impl ServerBuilder {
    pub(crate) fn new(keys: SessionKeys) -> Self {
        ServerBuilder {
            keys,
            connectors: Vec::new(),
            manifest: None,
            users: None,
            call_logs: None,
            message_logs: None,
            base_path: String::new(),
            body_limit: DEFAULT_BODY_LIMIT,
            cache_call_note: false,
            hash_key: None,
            #[cfg(feature = "oauth")]
            managed_oauth: None,
            reservation_lease: super::store::DEFAULT_RESERVATION_LEASE,
            observer: None,
            release_notes: crate::models::ReleaseNotes::new(),
            caches: None,
            admin: None,
            #[cfg(feature = "oauth")]
            ringcentral_api: super::DEFAULT_RINGCENTRAL_API.to_owned(),
            #[cfg(feature = "oauth")]
            identity_ttl: super::DEFAULT_IDENTITY_TTL,
            #[cfg(feature = "oauth")]
            admin_extension_ids: Vec::new(),
        }
    }

    /// How long a linkage reservation (taken before `createCallLog` / `createMessageLog`)
    /// keeps other processes sharing the store out; after it, a reservation whose holder
    /// died is taken over and the call or message can be logged again (default: 2 minutes).
    /// Keep it above the connector's slowest create.
    ///
    /// ```
    /// # fn f(b: app_connect_sdk::server::ServerBuilder) {
    /// let builder = b.reservation_lease(std::time::Duration::from_secs(30));
    /// # let _ = builder; }
    /// ```
    pub fn reservation_lease(mut self, lease: std::time::Duration) -> Self {
        self.reservation_lease = lease;
        self
    }

    /// Registers a connector under its [`platform`](Connector::platform) name. Register
    /// several to serve several CRMs; each request goes to the platform of its session.
    pub fn connector(self, connector: impl Connector) -> Self {
        self.connector_arc(Arc::new(connector))
    }

    /// Like [`connector`](Self::connector), for a connector already behind an `Arc`.
    pub fn connector_arc(mut self, connector: Arc<dyn Connector>) -> Self {
        self.connectors.push(connector);
        self
    }

    /// The manifest served at `GET /crmManifest`.
    pub fn manifest(mut self, manifest: &Manifest) -> Self {
        self.manifest = Some(manifest.to_json_value());
        self
    }

    /// Where users are stored (default: in memory).
    pub fn user_store(mut self, store: impl UserStore) -> Self {
        self.users = Some(Arc::new(store));
        self
    }

    /// Where call-log linkage is stored (default: in memory).
    pub fn call_log_store(mut self, store: impl CallLogStore) -> Self {
        self.call_logs = Some(Arc::new(store));
        self
    }

    /// Where message-log linkage is stored (default: in memory).
    pub fn message_log_store(mut self, store: impl MessageLogStore) -> Self {
        self.message_logs = Some(Arc::new(store));
        self
    }

    /// Where the account cache (`GET /accountData`, contact matches) and the call-note cache
    /// live (default: in memory).
    pub fn cache_store(mut self, store: impl CacheStore) -> Self {
        self.caches = Some(Arc::new(store));
        self
    }

    /// Uses one store (a [`MemoryStore`], `SqliteStore`, `PostgresStore` or any type
    /// implementing the five store traits) for users, call logs, message logs, caches and
    /// admin configurations ([`AdminStore`]), so a test can inspect them.
    pub fn stores<S>(mut self, store: S) -> Self
    where
        S: UserStore + CallLogStore + MessageLogStore + CacheStore + AdminStore + Clone,
    {
        self.caches = Some(Arc::new(store.clone()));
        self.admin = Some(Arc::new(store.clone()));
        self.users = Some(Arc::new(store.clone()));
        self.call_logs = Some(Arc::new(store.clone()));
        self.message_logs = Some(Arc::new(store));
        self
    }

    /// Serves the routes under a prefix such as `/crm` (or an API Gateway stage). Requests
    /// outside it get 404.
    pub fn base_path(mut self, path: impl Into<String>) -> Self {
        self.base_path = path.into();
        self
    }

    /// The largest accepted request body in bytes (default [`DEFAULT_BODY_LIMIT`]); larger
    /// bodies get 413.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// App Connect's `USE_CACHE` deployment flag: reports `cacheCallNote: true` at
    /// `GET /implementedInterfaces`, so the client sends notes to `POST /callLog/cacheNote`
    /// (kept an hour in the [cache store](Self::cache_store)), and a server-side logging
    /// `POST /callLog` (`User-Agent: SSCL`) without a note logs the note cached for its
    /// session.
    pub fn cache_call_note(mut self, yes: bool) -> Self {
        self.cache_call_note = yes;
        self
    }

    /// The deployment's `HASH_KEY`: hashes a raw `rcExtensionId` (server-side logging) into
    /// the `hashedExtensionId` the client uses, as App Connect does.
    pub fn hash_key(mut self, key: impl Into<String>) -> Self {
        self.hash_key = Some(Secret::new(key.into()));
        self
    }

    /// Admin-managed OAuth clients (feature `oauth`): see [`ManagedOAuth`](super::ManagedOAuth).
    #[cfg(feature = "oauth")]
    pub fn managed_oauth(mut self, source: impl super::ManagedOAuth) -> Self {
        self.managed_oauth = Some(Arc::new(source));
        self
    }

    /// Calls `observer` after every connector interface call (interface, duration, outcome,
    /// CRM status, `extraDataTracking`), to feed metrics; see [`Observer`](super::Observer).
    ///
    /// ```
    /// # fn demo(connector: impl app_connect_sdk::connector::Connector) -> Result<(), Box<dyn std::error::Error>> {
    /// use app_connect_sdk::server::{ConnectorServer, InterfaceCall, Observer, session::SessionKeys};
    ///
    /// struct Log;
    /// impl Observer for Log {
    ///     fn interface_called(&self, call: &InterfaceCall<'_>) {
    ///         eprintln!("{} {:?} in {:?}", call.interface, call.outcome, call.duration);
    ///     }
    /// }
    /// let server = ConnectorServer::builder(SessionKeys::new("a secret of at least 32 bytes, really")?)
    ///     .connector(connector)
    ///     .observer(Log)
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn observer(mut self, observer: impl super::Observer) -> Self {
        self.observer = Some(Arc::new(observer));
        self
    }

    /// The release notes served at `GET /releaseNotes` (default: none, answered `{}` as App
    /// Connect does). Every version gets a `global` section, empty unless given.
    ///
    /// ```
    /// # fn demo(connector: impl app_connect_sdk::connector::Connector) -> Result<(), Box<dyn std::error::Error>> {
    /// use app_connect_sdk::models::{ReleaseNotes, from_json_str};
    /// use app_connect_sdk::server::{ConnectorServer, session::SessionKeys};
    ///
    /// let notes: ReleaseNotes = from_json_str(
    ///     r#"{ "1.1.0": { "mockcrm": [ { "type": "New", "description": "Appointments" } ] } }"#,
    /// )?;
    /// let server = ConnectorServer::builder(SessionKeys::new("a secret of at least 32 bytes, really")?)
    ///     .connector(connector)
    ///     .release_notes(notes)
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn release_notes(mut self, notes: crate::models::ReleaseNotes) -> Self {
        self.release_notes = notes.with_global_sections();
        self
    }

    /// Builds the server.
    ///
    /// # Errors
    ///
    /// [`BuildError`] when no connector is registered, two share a platform name, or the base
    /// path is not absolute.
    pub fn build(self) -> Result<ConnectorServer, BuildError> {
        if self.connectors.is_empty() {
            return Err(BuildError::NoConnector);
        }
        let base_path = self.base_path.trim_end_matches('/').to_owned();
        if !base_path.is_empty() && !base_path.starts_with('/') {
            return Err(BuildError::InvalidBasePath(self.base_path));
        }
        let mut connectors = BTreeMap::new();
        for connector in self.connectors {
            let platform = connector.platform().to_owned();
            if connectors.insert(platform.clone(), connector).is_some() {
                return Err(BuildError::DuplicatePlatform(platform));
            }
        }
        let memory = MemoryStore::default();
        let users: Arc<dyn UserStore> = self.users.unwrap_or_else(|| Arc::new(memory.clone()));
        let call_logs: Arc<dyn CallLogStore> =
            self.call_logs.unwrap_or_else(|| Arc::new(memory.clone()));
        let caches: Arc<dyn CacheStore> = self.caches.unwrap_or_else(|| Arc::new(memory.clone()));
        let message_logs: Arc<dyn MessageLogStore> = self
            .message_logs
            .unwrap_or_else(|| Arc::new(memory.clone()));
        let admin: Arc<dyn AdminStore> = self.admin.unwrap_or_else(|| Arc::new(memory));
        #[cfg(feature = "tracing")]
        let admin: Arc<dyn AdminStore> = Arc::new(super::observe::Logged(admin));
        // Store failures are logged once, here, whichever route meets them.
        #[cfg(feature = "tracing")]
        let (users, call_logs, message_logs): (
            Arc<dyn UserStore>,
            Arc<dyn CallLogStore>,
            Arc<dyn MessageLogStore>,
        ) = (
            Arc::new(super::observe::Logged(users)),
            Arc::new(super::observe::Logged(call_logs)),
            Arc::new(super::observe::Logged(message_logs)),
        );
        #[cfg(feature = "tracing")]
        let caches: Arc<dyn CacheStore> = Arc::new(super::observe::Logged(caches));
        Ok(ConnectorServer {
            inner: Arc::new(Inner {
                connectors,
                manifest: self.manifest,
                keys: self.keys,
                users,
                call_logs,
                message_logs,
                base_path,
                body_limit: self.body_limit,
                cache_call_note: self.cache_call_note,
                hash_key: self.hash_key,
                call_locks: KeyedLocks::default(),
                message_locks: KeyedLocks::default(),
                #[cfg(feature = "oauth")]
                managed_oauth: self.managed_oauth,
                reservation_lease: self.reservation_lease,
                observer: self.observer,
                release_notes: self.release_notes,
                caches,
                admin,
                #[cfg(feature = "oauth")]
                ringcentral: super::ringcentral::RingCentral::new(
                    &self.ringcentral_api,
                    self.identity_ttl,
                    self.admin_extension_ids,
                ),
            }),
        })
    }
}

impl ServerBuilder {
    /// Where the admin configurations of RingCentral accounts are stored (`POST
    /// /admin/settings`, the user mapping; default: in memory). [`stores`](Self::stores) sets
    /// it too when given a [`MemoryStore`], `SqliteStore` or `PostgresStore`, unless this was
    /// called first.
    pub fn admin_store(mut self, store: impl AdminStore) -> Self {
        self.admin = Some(Arc::new(store));
        self
    }

    /// The RingCentral API the admin routes validate RingCentral access tokens against
    /// (default [`DEFAULT_RINGCENTRAL_API`](super::DEFAULT_RINGCENTRAL_API); a sandbox or a
    /// fake in tests). Feature `oauth`.
    ///
    /// ```
    /// # fn f(b: app_connect_sdk::server::ServerBuilder) {
    /// let builder = b.ringcentral_api("https://platform.devtest.ringcentral.com");
    /// # let _ = builder; }
    /// ```
    #[cfg(feature = "oauth")]
    pub fn ringcentral_api(mut self, base_url: impl Into<String>) -> Self {
        self.ringcentral_api = base_url.into();
        self
    }

    /// How long a validated RingCentral token's identity is reused before RingCentral is
    /// asked again (default [`DEFAULT_IDENTITY_TTL`](super::DEFAULT_IDENTITY_TTL); zero turns
    /// the cache off). A refused token is never cached. Feature `oauth`.
    #[cfg(feature = "oauth")]
    pub fn ringcentral_identity_ttl(mut self, ttl: std::time::Duration) -> Self {
        self.identity_ttl = ttl;
        self
    }

    /// RingCentral extension ids treated as account admins even without
    /// `permissions.admin.enabled` (App Connect's `ADMIN_EXTENSION_ID_DEV_PASS_LIST`, for
    /// development accounts). Feature `oauth`.
    ///
    /// ```
    /// # fn f(b: app_connect_sdk::server::ServerBuilder) {
    /// let builder = b.admin_extension_ids(["101", "102"]);
    /// # let _ = builder; }
    /// ```
    #[cfg(feature = "oauth")]
    pub fn admin_extension_ids<I, S>(mut self, ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.admin_extension_ids = ids.into_iter().map(Into::into).collect();
        self
    }
}
