//! [`Context`]: what every interface call gets besides its own input.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use http::HeaderMap;

use super::account_data::{AccountDataCache, AccountDataPersistence, CachedValue};
use super::{ConnectorError, Result};
use crate::models::{Secret, User};
#[cfg(feature = "server")]
use crate::server::session::{SessionClaims, SessionKeys};

/// Where a connector's changes to its user go: the runtime's user store.
///
/// JS connectors call `user.save()` and `user.destroy()`; a Rust connector calls
/// [`Context::save_user`] and [`Context::delete_user`], which land here. The server runtime
/// implements it on top of its user store; [`Context::builder`] uses a [`MemoryPersistence`]
/// unless told otherwise, which is handy in tests.
#[async_trait]
pub trait UserPersistence: Send + Sync + 'static {
    /// Stores `user` (tokens, `platformAdditionalInfo`, settings …), replacing the stored
    /// user with the same id.
    async fn save_user(&self, user: &User) -> Result<()>;

    /// Deletes this user (keyed by its platform and id) and its credentials.
    async fn delete_user(&self, user: &User) -> Result<()>;

    /// The stored user of `platform` with this id, if any ([`Context::reload_user`],
    /// [`Context::other_user`]). The default finds nothing.
    async fn load_user(&self, platform: &str, id: &str) -> Result<Option<User>> {
        let _ = (platform, id);
        Ok(None)
    }
}

/// A [`UserPersistence`] that keeps what was saved or deleted in memory, for tests and
/// examples.
///
/// ```
/// # tokio_test_block_on(async {
/// use app_connect_sdk::connector::{Context, MemoryPersistence};
/// use app_connect_sdk::models::User;
///
/// let store = MemoryPersistence::default();
/// let mut user = User::default();
/// user.id = "42-acmecrm".into();
/// let cx = Context::builder().user(user.clone()).persistence(store.clone()).build();
///
/// cx.save_user(user).await?;
/// assert_eq!(store.saved().len(), 1);
/// # Ok::<(), app_connect_sdk::connector::ConnectorError>(())
/// # });
/// # fn tokio_test_block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
/// # }
/// ```
#[derive(Debug, Clone, Default)]
pub struct MemoryPersistence {
    inner: Arc<Mutex<MemoryLog>>,
}

#[derive(Debug, Default)]
struct MemoryLog {
    saved: Vec<User>,
    deleted: Vec<String>,
    /// Account data by (platform, rcAccountId, key).
    account_data: std::collections::HashMap<(String, String, String), CachedValue>,
}

impl MemoryPersistence {
    /// Every user saved so far, oldest first.
    #[must_use]
    pub fn saved(&self) -> Vec<User> {
        self.lock().saved.clone()
    }

    /// The ids of every user deleted so far.
    #[must_use]
    pub fn deleted(&self) -> Vec<String> {
        self.lock().deleted.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, MemoryLog> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait]
impl UserPersistence for MemoryPersistence {
    async fn save_user(&self, user: &User) -> Result<()> {
        self.lock().saved.push(user.clone());
        Ok(())
    }

    async fn delete_user(&self, user: &User) -> Result<()> {
        let mut log = self.lock();
        log.deleted.push(user.id.clone());
        log.saved
            .retain(|saved| saved.id != user.id || saved.platform != user.platform);
        Ok(())
    }

    /// The last user saved with this platform and id (and not deleted since).
    async fn load_user(&self, platform: &str, id: &str) -> Result<Option<User>> {
        Ok(self
            .lock()
            .saved
            .iter()
            .rev()
            .find(|u| u.id == id && u.platform.as_deref() == Some(platform))
            .cloned())
    }
}

#[async_trait]
impl AccountDataPersistence for MemoryPersistence {
    async fn load_account_data(
        &self,
        platform: &str,
        rc_account_id: &str,
        key: &str,
    ) -> Result<Option<CachedValue>> {
        let row = (
            platform.to_owned(),
            rc_account_id.to_owned(),
            key.to_owned(),
        );
        Ok(self.lock().account_data.get(&row).cloned())
    }

    async fn save_account_data(
        &self,
        platform: &str,
        rc_account_id: &str,
        key: &str,
        entry: CachedValue,
    ) -> Result<()> {
        let row = (
            platform.to_owned(),
            rc_account_id.to_owned(),
            key.to_owned(),
        );
        self.lock().account_data.insert(row, entry);
        Ok(())
    }

    async fn remove_account_data(
        &self,
        platform: &str,
        rc_account_id: &str,
        key: &str,
    ) -> Result<()> {
        let row = (
            platform.to_owned(),
            rc_account_id.to_owned(),
            key.to_owned(),
        );
        self.lock().account_data.remove(&row);
        Ok(())
    }
}

/// What an interface call gets besides its own input: the signed-in user, the prepared
/// CRM auth header, the HTTP request's headers and query, and a way to persist changes to
/// the user.
///
/// The runtime builds one per request. Tests build one with [`Context::builder`].
///
/// # Examples
///
/// ```
/// use app_connect_sdk::connector::Context;
/// use app_connect_sdk::models::User;
///
/// let mut user = User::default();
/// user.id = "7-clio".into();
/// user.hostname = Some("app.clio.com".into());
/// let cx = Context::builder()
///     .platform("clio")
///     .user(user)
///     .auth_header("Bearer abc")
///     .query("phoneNumber", "+14155550100")
///     .build();
///
/// assert_eq!(cx.user()?.id, "7-clio");
/// assert_eq!(cx.auth_header(), Some("Bearer abc"));
/// assert_eq!(cx.query("phoneNumber"), Some("+14155550100"));
/// assert!(!format!("{cx:?}").contains("abc"));
/// # Ok::<(), app_connect_sdk::connector::ConnectorError>(())
/// ```
#[derive(Clone)]
pub struct Context {
    platform: String,
    user: Option<User>,
    auth_header: Option<Secret>,
    headers: HeaderMap,
    query: Vec<(String, String)>,
    persistence: Arc<dyn UserPersistence>,
    #[cfg(feature = "server")]
    session_keys: Option<SessionKeys>,
    account_data: Arc<dyn AccountDataPersistence>,
}

impl Context {
    /// Starts a context; unset parts are empty and saves go to a fresh [`MemoryPersistence`].
    pub fn builder() -> ContextBuilder {
        ContextBuilder::default()
    }

    /// The platform (connector) name the request is for.
    #[must_use]
    pub fn platform(&self) -> &str {
        &self.platform
    }

    /// The signed-in user.
    ///
    /// # Errors
    ///
    /// [`ConnectorError::UserNotFound`] when the call has no user (login, managed-auth
    /// options).
    pub fn user(&self) -> Result<&User> {
        self.user.as_ref().ok_or(ConnectorError::UserNotFound)
    }

    /// The signed-in user, if there is one.
    #[must_use]
    pub fn user_opt(&self) -> Option<&User> {
        self.user.as_ref()
    }

    /// The CRM `Authorization` header value the runtime prepared (`Bearer …` for OAuth,
    /// `Basic …` for API-key connectors), if any.
    #[must_use]
    pub fn auth_header(&self) -> Option<&str> {
        self.auth_header.as_ref().map(Secret::expose)
    }

    /// The HTTP request's headers (`rc-account-id`, `User-Agent`, …).
    #[must_use]
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The first value of a query parameter of the HTTP request, percent-decoded.
    #[must_use]
    pub fn query(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every query parameter of the HTTP request, in order, percent-decoded.
    #[must_use]
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// Persists changes to the user (new tokens, `platformAdditionalInfo`, settings).
    ///
    /// # Errors
    ///
    /// Whatever the store reports.
    pub async fn save_user(&self, user: User) -> Result<()> {
        self.persistence.save_user(&user).await
    }

    /// Deletes the signed-in user and its credentials (logout that forgets the user).
    ///
    /// # Errors
    ///
    /// [`ConnectorError::UserNotFound`] without a user, or whatever the store reports.
    pub async fn delete_user(&self) -> Result<()> {
        let user = self.user()?;
        self.persistence.delete_user(user).await
    }

    /// The account data of the signed-in user's RingCentral account (the cache behind
    /// `GET /accountData`): read, write or get-or-fetch values shared by every user of the
    /// account, instead of keeping a cache in the connector. See [`AccountDataCache`].
    ///
    /// ```
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// use std::time::Duration;
    /// use app_connect_sdk::connector::Context;
    /// use app_connect_sdk::models::User;
    /// let mut user = User::new("7-acme", "acme");
    /// user.rc_account_id = Some("rc-1".into());
    /// let cx = Context::builder().platform("acme").user(user).build();
    /// cx.account_data().put("pipelines", serde_json::json!([1]), Duration::from_secs(60)).await?;
    /// assert_eq!(cx.account_data().get("pipelines").await?, Some(serde_json::json!([1])));
    /// # Ok::<(), app_connect_sdk::connector::ConnectorError>(())
    /// # }).unwrap();
    /// ```
    #[must_use]
    pub fn account_data(&self) -> AccountDataCache<'_> {
        AccountDataCache::new(self)
    }

    pub(crate) fn account_data_persistence(&self) -> &dyn AccountDataPersistence {
        self.account_data.as_ref()
    }
}

/// The helpers connectors use for admin-assigned logging, tenant hosts and their own
/// session checks.
impl Context {
    /// The signed-in user's CRM hostname (tenant-host CRMs build API URLs from it).
    ///
    /// # Errors
    ///
    /// [`ConnectorError::UserNotFound`] without a user; [`ConnectorError::InvalidInput`] when
    /// the user has no (or an empty) hostname.
    ///
    /// ```
    /// use app_connect_sdk::connector::{Context, ConnectorError};
    /// use app_connect_sdk::models::User;
    /// let mut user = User::new("7-clio", "clio");
    /// user.hostname = Some("eu.app.clio.com".into());
    /// let cx = Context::builder().user(user).build();
    /// assert_eq!(cx.hostname()?, "eu.app.clio.com");
    /// let cx = Context::builder().user(User::new("8-clio", "clio")).build();
    /// assert!(matches!(cx.hostname(), Err(ConnectorError::InvalidInput(_))));
    /// # Ok::<(), ConnectorError>(())
    /// ```
    pub fn hostname(&self) -> Result<&str> {
        let user = self.user()?;
        user.hostname
            .as_deref()
            .filter(|h| !h.trim().is_empty())
            .ok_or_else(|| {
                ConnectorError::InvalidInput(format!("user `{}` has no stored hostname", user.id))
            })
    }

    /// The signed-in user as stored now (after another request or process changed it).
    ///
    /// # Errors
    ///
    /// [`ConnectorError::UserNotFound`] without a user or when it is no longer stored, or
    /// whatever the store reports.
    ///
    /// ```
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// use app_connect_sdk::connector::{Context, MemoryPersistence};
    /// use app_connect_sdk::models::User;
    /// let store = MemoryPersistence::default();
    /// let user = User::new("7-clio", "clio");
    /// let cx = Context::builder().platform("clio").user(user.clone()).persistence(store).build();
    /// let mut changed = user;
    /// changed.hostname = Some("eu.app.clio.com".into());
    /// cx.save_user(changed).await?;
    /// assert_eq!(cx.reload_user().await?.hostname.as_deref(), Some("eu.app.clio.com"));
    /// # Ok::<(), app_connect_sdk::connector::ConnectorError>(())
    /// # }).unwrap();
    /// ```
    pub async fn reload_user(&self) -> Result<User> {
        let user = self.user()?;
        let platform = user.platform.as_deref().unwrap_or(&self.platform);
        self.persistence
            .load_user(platform, &user.id)
            .await?
            .ok_or(ConnectorError::UserNotFound)
    }

    /// Another stored user of the same platform, for example the user an admin assigned a
    /// call to (`adminAssignedUserToken` names it); `None` when there is no such user or it
    /// is signed out.
    ///
    /// # Errors
    ///
    /// Whatever the store reports.
    ///
    /// ```
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// use app_connect_sdk::connector::{Context, MemoryPersistence};
    /// use app_connect_sdk::models::{Secret, User};
    /// let store = MemoryPersistence::default();
    /// let cx = Context::builder().platform("clio").persistence(store).build();
    /// let mut agent = User::new("9-clio", "clio");
    /// agent.access_token = Secret::new("at-9".to_owned());
    /// cx.save_user(agent).await?;
    /// assert!(cx.other_user("9-clio").await?.is_some());
    /// assert!(cx.other_user("10-clio").await?.is_none());
    /// # Ok::<(), app_connect_sdk::connector::ConnectorError>(())
    /// # }).unwrap();
    /// ```
    pub async fn other_user(&self, id: &str) -> Result<Option<User>> {
        Ok(self
            .persistence
            .load_user(&self.platform, id)
            .await?
            .filter(User::is_connected))
    }

    /// Verifies an App Connect session token (the bare JWT, e.g. an
    /// `adminAssignedUserToken`) with the server's keys and returns its claims; a token of
    /// another platform is refused.
    ///
    /// # Errors
    ///
    /// [`ConnectorError::InvalidInput`] naming why the token was refused, or when the context
    /// has no session keys.
    ///
    /// ```
    /// use app_connect_sdk::connector::Context;
    /// use app_connect_sdk::server::session::SessionKeys;
    /// let keys = SessionKeys::new("a-long-random-server-secret-value").unwrap();
    /// let token = keys.issue("9-clio", "clio").unwrap();
    /// let cx = Context::builder().platform("clio").session_keys(keys).build();
    /// assert_eq!(cx.verify_session_token(token.expose())?.id, "9-clio");
    /// assert!(cx.verify_session_token("not-a-token").is_err());
    /// # Ok::<(), app_connect_sdk::connector::ConnectorError>(())
    /// ```
    #[cfg(feature = "server")]
    pub fn verify_session_token(&self, token: &str) -> Result<SessionClaims> {
        let keys = self.session_keys.as_ref().ok_or_else(|| {
            ConnectorError::InvalidInput("this context has no session keys".to_owned())
        })?;
        let claims = keys
            .verify(token)
            .map_err(|e| ConnectorError::InvalidInput(format!("session token refused: {e}")))?;
        if claims.platform != self.platform {
            return Err(ConnectorError::InvalidInput(format!(
                "session token is for platform `{}`, not `{}`",
                claims.platform, self.platform
            )));
        }
        Ok(claims)
    }
}

impl fmt::Debug for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Context")
            .field("platform", &self.platform)
            .field("user", &self.user)
            .field(
                "auth_header",
                &self.auth_header.as_ref().map(|_| "[redacted]"),
            )
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field(
                "query",
                &self.query.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

/// Builds a [`Context`]; see [`Context::builder`].
#[derive(Default)]
#[must_use]
pub struct ContextBuilder {
    platform: String,
    user: Option<User>,
    auth_header: Option<Secret>,
    headers: HeaderMap,
    query: Vec<(String, String)>,
    persistence: Option<Arc<dyn UserPersistence>>,
    #[cfg(feature = "server")]
    session_keys: Option<SessionKeys>,
    account_data: Option<Arc<dyn AccountDataPersistence>>,
}

impl fmt::Debug for ContextBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ContextBuilder")
            .field("platform", &self.platform)
            .finish_non_exhaustive()
    }
}

impl ContextBuilder {
    /// The platform (connector) name.
    pub fn platform(mut self, platform: impl Into<String>) -> Self {
        self.platform = platform.into();
        self
    }

    /// The signed-in user.
    pub fn user(mut self, user: User) -> Self {
        self.user = Some(user);
        self
    }

    /// The CRM auth header value (`Bearer …` / `Basic …`).
    pub fn auth_header(mut self, value: impl Into<String>) -> Self {
        self.auth_header = Some(Secret::new(value.into()));
        self
    }

    /// The HTTP request's headers.
    pub fn headers(mut self, headers: HeaderMap) -> Self {
        self.headers = headers;
        self
    }

    /// Adds a query parameter.
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    /// Where [`Context::save_user`] and [`Context::delete_user`] go.
    pub fn persistence(mut self, persistence: impl UserPersistence) -> Self {
        self.persistence = Some(Arc::new(persistence));
        self
    }

    /// Like [`persistence`](Self::persistence), for a store already behind an `Arc`.
    pub fn persistence_arc(mut self, persistence: Arc<dyn UserPersistence>) -> Self {
        self.persistence = Some(persistence);
        self
    }

    /// The session keys [`Context::verify_session_token`] checks tokens with (the runtime sets
    /// its own).
    #[cfg(feature = "server")]
    pub fn session_keys(mut self, keys: SessionKeys) -> Self {
        self.session_keys = Some(keys);
        self
    }

    /// Where [`Context::account_data`] keeps its values (the runtime uses its cache store;
    /// default: a fresh [`MemoryPersistence`]).
    pub fn account_data_persistence(mut self, persistence: impl AccountDataPersistence) -> Self {
        self.account_data = Some(Arc::new(persistence));
        self
    }

    /// Like [`account_data_persistence`](Self::account_data_persistence), for a store already
    /// behind an `Arc`.
    pub fn account_data_persistence_arc(
        mut self,
        persistence: Arc<dyn AccountDataPersistence>,
    ) -> Self {
        self.account_data = Some(persistence);
        self
    }

    /// Finishes the context.
    #[must_use]
    pub fn build(self) -> Context {
        Context {
            platform: self.platform,
            user: self.user,
            auth_header: self.auth_header,
            headers: self.headers,
            query: self.query,
            persistence: self
                .persistence
                .unwrap_or_else(|| Arc::new(MemoryPersistence::default())),
            #[cfg(feature = "server")]
            session_keys: self.session_keys,
            account_data: self
                .account_data
                .unwrap_or_else(|| Arc::new(MemoryPersistence::default())),
        }
    }
}
