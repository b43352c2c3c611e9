//! The preamble of every route that acts for a user: session, connector, user, CRM auth
//! header, context; and the wrapper that calls connector code.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use async_trait::async_trait;
use futures_util::FutureExt;
use http::Response;

use super::incoming::{Incoming, json_response};
use super::routes::FAILURE_TTL;
use super::store::UserStore;
use super::{ConnectorServer, Observer, Rejection};
use crate::connector::{
    Connector, ConnectorError, Context, ErrorReply, Interface, SignIn, UserPersistence,
};
use crate::models::{ReturnMessage, User};

/// App Connect's answer when the session's user is unknown or signed out.
pub(crate) const USER_NOT_FOUND: &str = "User not found";

/// What a route answers: a response, or a rejection the dispatcher turns into one.
pub(crate) type Outcome = Result<Response<Vec<u8>>, Rejection>;

/// A request with a valid App Connect session and a connected user, as
/// [`ConnectorServer::authenticate`] returns it for a connector author's own routes.
pub struct SignedIn {
    pub(crate) platform: String,
    pub(crate) connector: Arc<dyn Connector>,
    pub(crate) user: User,
    pub(crate) cx: Context,
    /// The server's observer, so calls made after `authenticate` returned are observed.
    pub(crate) observer: Option<Arc<dyn Observer>>,
    /// The request span the session was verified in.
    #[cfg(feature = "tracing")]
    pub(crate) span: tracing::Span,
}

impl SignedIn {
    /// Runs connector code for `interface` as the runtime's own routes do: the server's
    /// [`Observer`] sees the call (interface, duration, outcome, CRM status,
    /// `extraDataTracking`), it is traced in the request's span (feature `tracing`), and a
    /// connector error or panic becomes App Connect's answer (see [`ConnectorError::reply`]),
    /// which a custom route can send back as it is.
    ///
    /// ```
    /// # async fn demo(
    /// #     server: app_connect_sdk::server::ConnectorServer,
    /// #     parts: app_connect_sdk::http::request::Parts,
    /// # ) -> Result<(), app_connect_sdk::http::Response<Vec<u8>>> {
    /// use app_connect_sdk::connector::Interface;
    /// use app_connect_sdk::models::FindContactParams;
    ///
    /// let signed_in = server.authenticate(&parts).await?;
    /// let (connector, cx) = (signed_in.connector(), signed_in.context());
    /// let found = signed_in
    ///     .call(
    ///         Interface::FindContact,
    ///         connector.find_contact(cx, FindContactParams::new("+14155550100")),
    ///     )
    ///     .await?; // Err: App Connect's answer to the failure, ready to send
    /// # let _ = found;
    /// # Ok(()) }
    /// ```
    pub async fn call<T, F>(&self, interface: Interface, future: F) -> Result<T, Response<Vec<u8>>>
    where
        F: Future<Output = crate::connector::Result<T>>,
        T: 'static,
    {
        let call = call_connector(&self.platform, interface, future);
        let call = super::observe::observed(self.observer.clone(), call);
        #[cfg(feature = "tracing")]
        let call = tracing::Instrument::instrument(call, self.span.clone());
        call.await
    }
}

impl SignedIn {
    /// App Connect's answer to `error` raised by `interface`, without running connector code
    /// (an undeclared capability).
    pub(crate) fn refuse(&self, interface: Interface, error: &ConnectorError) -> Response<Vec<u8>> {
        failure_response(error.reply(interface, &self.platform))
    }
}

/// Runs connector code, turning errors and panics into App Connect's answer.
pub(crate) async fn call_connector<T, F>(
    platform: &str,
    interface: Interface,
    future: F,
) -> Result<T, Response<Vec<u8>>>
where
    F: Future<Output = crate::connector::Result<T>>,
    T: 'static,
{
    super::observe::record_interface(interface);
    let started = std::time::Instant::now();
    let mut panicked = false;
    let result = AssertUnwindSafe(future)
        .catch_unwind()
        .await
        .unwrap_or_else(|panic| {
            panicked = true;
            super::observe::panicked(interface.as_str(), panic.as_ref());
            Err(ConnectorError::other(format!(
                "the connector panicked in {interface}"
            )))
        });
    super::observe::notify(platform, interface, started, &result, panicked);
    result.map_err(|error| {
        super::observe::connector_failed(platform, interface, &error);
        failure_response(error.reply(interface, platform))
    })
}

/// App Connect's answer to a handled failure (`{ successful: false, returnMessage,
/// errorCode? }`). The typed [`ErrorReply`] rides along in the response's extensions, so a
/// route whose answer has more fields (`GET /callLog`'s `logs`) renders its own body from it
/// instead of reading this one back.
pub(crate) fn failure_response(reply: ErrorReply) -> Response<Vec<u8>> {
    let mut response = json_response(reply.status, &reply.body());
    response.extensions_mut().insert(reply);
    response
}

/// `{ successful: false, returnMessage: warning }` with HTTP 200: a handled failure.
pub(crate) fn warning(message: impl Into<String>, ttl: u32) -> Response<Vec<u8>> {
    failure_response(ErrorReply::warning(
        ReturnMessage::warning(message).with_ttl(ttl),
    ))
}

/// The stored, connected user of a verified session, with its connector.
pub(crate) struct SessionUser {
    pub(crate) platform: String,
    pub(crate) connector: Arc<dyn Connector>,
    pub(crate) user: User,
}

impl ConnectorServer {
    /// The session's claims, connector and connected user, without refreshing tokens; the
    /// error is the complete answer (`User not found` for an unknown or signed-out user).
    pub(crate) async fn session_user(
        &self,
        incoming: &Incoming<'_>,
    ) -> Result<SessionUser, Outcome> {
        let inner = self.inner();
        let claims = match &incoming.session {
            None => return Err(Err(Rejection::MissingSession)),
            Some(Err(error)) => return Err(Err(Rejection::InvalidSession(error.clone()))),
            Some(Ok(claims)) => claims.clone(),
        };
        let connector = inner
            .connectors
            .get(&claims.platform)
            .cloned()
            .ok_or_else(|| Err(Rejection::SessionPlatformNotServed(claims.platform.clone())))?;
        // Users are keyed by (platform, id): another platform's user with the same id is
        // another row, so its credentials never reach this platform's connector.
        let user = match inner.users.get_user(&claims.platform, &claims.id).await {
            Ok(Some(user)) if user.is_connected() => user,
            Ok(_) => return Err(Ok(warning(USER_NOT_FOUND, FAILURE_TTL))),
            Err(_) => return Err(Ok(crate::server::routes::database_failed())),
        };
        Ok(SessionUser {
            platform: claims.platform,
            connector,
            user,
        })
    }

    /// Checks the session, loads the user and refreshes its CRM token when due; the error is
    /// the complete answer.
    pub(crate) async fn sign_in(&self, incoming: &Incoming<'_>) -> Result<SignedIn, Outcome> {
        let user = self.session_user(incoming).await?;
        self.sign_in_user(incoming, user).await
    }

    /// [`sign_in`](Self::sign_in) for a session user already loaded (a route that answers
    /// some requests without the CRM, such as a cached contact match).
    pub(crate) async fn sign_in_user(
        &self,
        incoming: &Incoming<'_>,
        session_user: SessionUser,
    ) -> Result<SignedIn, Outcome> {
        let SessionUser {
            platform,
            connector,
            user,
        } = session_user;
        let inner = self.inner();
        let persistence: Arc<dyn UserPersistence> = Arc::new(StorePersistence(inner.users.clone()));
        // App Connect's session and the RingCentral token are not the connector's business.
        let base = Context::builder()
            .platform(platform.clone())
            .headers(incoming.connector_headers())
            .persistence_arc(persistence.clone())
            .account_data_persistence_arc(Arc::new(super::store::StoreAccountData(
                inner.caches.clone(),
            )))
            .session_keys(inner.keys.clone());
        let base = incoming
            .connector_query()
            .fold(base, |b, (k, v)| b.query(k.clone(), v.clone()));

        let (user, auth_header) = match connector.auth() {
            SignIn::OAuth(oauth) => {
                let user = self
                    .fresh_oauth_user(&platform, oauth, persistence, user)
                    .await
                    .map_err(Ok)?;
                let header = format!("Bearer {}", user.access_token.expose());
                (user, header)
            }
            SignIn::ApiKey(api_key) => {
                let header = format!("Basic {}", api_key.basic_auth(user.access_token.expose()));
                (user, header)
            }
        };
        let cx = base.user(user.clone()).auth_header(auth_header).build();
        Ok(SignedIn {
            platform,
            connector,
            user,
            cx,
            observer: inner.observer.clone(),
            #[cfg(feature = "tracing")]
            span: tracing::Span::current(),
        })
    }

    /// An OAuth user with a usable access token: the connector's `checkAndRefreshAccessToken`
    /// when declared, else the built-in refresh-token grant (feature `oauth`).
    pub(crate) async fn fresh_oauth_user(
        &self,
        platform: &str,
        oauth: &dyn crate::connector::OAuthConnector,
        persistence: Arc<dyn UserPersistence>,
        user: User,
    ) -> Result<User, Response<Vec<u8>>> {
        let cx = Context::builder()
            .platform(platform)
            .user(user.clone())
            .persistence_arc(persistence)
            .build();
        let revoked = || {
            failure_response(
                ConnectorError::SessionRevoked
                    .reply(Interface::CheckAndRefreshAccessToken, platform),
            )
        };
        if let Some(refresh) = oauth.token_refresh() {
            let refreshed = call_connector(
                platform,
                Interface::CheckAndRefreshAccessToken,
                refresh.check_and_refresh_access_token(&cx, user),
            )
            .await?;
            return refreshed.ok_or_else(revoked);
        }
        #[cfg(feature = "oauth")]
        {
            use super::oauth::{RefreshFailure, ensure_fresh};
            let inner = self.inner();
            match ensure_fresh(
                &inner.users,
                inner.managed_oauth.as_ref(),
                platform,
                oauth,
                &cx,
                user,
            )
            .await
            {
                Ok(user) => Ok(user),
                Err(RefreshFailure::Revoked) => Err(revoked()),
                // The reason is the provider's error code or a transport error: no token.
                Err(RefreshFailure::Unavailable(reason)) => Err(warning(
                    format!(
                        "Cannot refresh the CRM session right now ({reason}). Please try again later."
                    ),
                    5000,
                )),
                Err(RefreshFailure::Store) => Err(crate::server::routes::database_failed()),
                Err(RefreshFailure::OAuthInfo(response)) => Err(response),
            }
        }
        #[cfg(not(feature = "oauth"))]
        {
            let _ = (cx, revoked);
            Ok(user)
        }
    }

    /// A rotated session token for `claims`, only when rotation is due and the session's
    /// platform is served and its user exists and is signed in.
    pub(crate) async fn rotate_for_known_user(
        &self,
        claims: &super::session::SessionClaims,
    ) -> Option<crate::models::Secret> {
        let inner = self.inner();
        let token = inner.keys.rotate_if_due(claims)?;
        if !inner.connectors.contains_key(&claims.platform) {
            return None;
        }
        match inner.users.get_user(&claims.platform, &claims.id).await {
            Ok(Some(user)) if user.is_connected() => Some(token),
            _ => None,
        }
    }

    /// Signs a request of a connector author's own route in, as the runtime's routes do:
    /// verifies the App Connect session (`Authorization: Bearer …` or `?jwtToken=`), loads the
    /// signed-in user, refreshes its CRM token when due and prepares the CRM auth header.
    ///
    /// The error is the complete answer to send back (400 without or with an invalid
    /// session, `User not found`, 401 `CRM_SESSION_REVOKED`, …).
    ///
    /// It is observed as a built-in route is: an `app_connect.request` span (feature
    /// `tracing`) with the request's method and path, the session's platform and user
    /// pseudonym; a refusal is logged; a token refresh is seen by the [`Observer`]. Run the
    /// route's connector calls through [`SignedIn::call`] to have them observed and traced in
    /// the same span.
    ///
    /// ```
    /// # async fn demo(server: app_connect_sdk::server::ConnectorServer) {
    /// let request = app_connect_sdk::http::Request::get("/my/route").body(()).unwrap();
    /// let (parts, ()) = request.into_parts();
    /// match server.authenticate(&parts).await {
    ///     Ok(signed_in) => {
    ///         let cx = signed_in.context();
    ///         let _user = &signed_in.user().id;
    ///         let _header = cx.auth_header(); // "Bearer …" / "Basic …" for the CRM
    ///     }
    ///     Err(response) => assert_eq!(response.status(), 400), // no session token
    /// }
    /// # }
    /// ```
    pub async fn authenticate(
        &self,
        parts: &http::request::Parts,
    ) -> Result<SignedIn, Response<Vec<u8>>> {
        let inner = self.inner();
        let mut incoming = Incoming::new(parts, &[], "");
        #[cfg(feature = "tracing")]
        let span = super::observe::request_span(incoming.method, incoming.path);
        let sign_in = async move {
            let session = incoming
                .session_token()
                .map(|token| inner.keys.verify(token));
            super::observe::record_request(
                session.as_ref().and_then(|verified| verified.as_ref().ok()),
                &incoming,
                inner.hash_key.as_ref(),
            );
            incoming.session = session;
            self.sign_in(&incoming).await.map_err(|outcome| {
                outcome.unwrap_or_else(|rejection| {
                    super::observe::rejected(&rejection);
                    super::incoming::reject(&rejection)
                })
            })
        };
        let sign_in = super::observe::observed(inner.observer.clone(), sign_in);
        #[cfg(feature = "tracing")]
        let sign_in = tracing::Instrument::instrument(sign_in, span);
        sign_in.await
    }
}

impl SignedIn {
    /// The platform (connector name) of the session.
    #[must_use]
    pub fn platform(&self) -> &str {
        &self.platform
    }

    /// The connector serving the platform.
    #[must_use]
    pub fn connector(&self) -> &Arc<dyn Connector> {
        &self.connector
    }

    /// The signed-in user, with fresh tokens.
    #[must_use]
    pub fn user(&self) -> &User {
        &self.user
    }

    /// A ready [`Context`] (user, CRM auth header, headers and query of the request, saves
    /// to the server's user store).
    #[must_use]
    pub fn context(&self) -> &Context {
        &self.cx
    }

    /// The CRM `Authorization` header value (`Bearer …` / `Basic …`).
    #[must_use]
    pub fn auth_header(&self) -> Option<&str> {
        self.cx.auth_header()
    }
}

impl std::fmt::Debug for SignedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedIn")
            .field("platform", &self.platform)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

/// Connectors' `cx.save_user` / `cx.delete_user`, backed by the server's user store.
pub(crate) struct StorePersistence(pub(crate) Arc<dyn UserStore>);

#[async_trait]
impl UserPersistence for StorePersistence {
    async fn save_user(&self, user: &User) -> crate::connector::Result<()> {
        self.0
            .put_user(user.clone())
            .await
            .map_err(ConnectorError::other)
    }

    async fn load_user(&self, platform: &str, id: &str) -> crate::connector::Result<Option<User>> {
        self.0
            .get_user(platform, id)
            .await
            .map_err(ConnectorError::other)
    }

    async fn delete_user(&self, user: &User) -> crate::connector::Result<()> {
        let platform = user.platform.as_deref().unwrap_or_default();
        self.0
            .delete_user(platform, &user.id)
            .await
            .map_err(ConnectorError::other)
    }
}
