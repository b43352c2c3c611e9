//! The preamble of every route that acts for a user: session, connector, user, CRM auth
//! header, context; and the wrapper that calls connector code.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use async_trait::async_trait;
use futures_util::FutureExt;
use http::{Response, StatusCode};
use serde_json::json;

use super::incoming::{Incoming, json_response};
use super::store::UserStore;
use super::{ConnectorServer, Rejection};
use crate::connector::{Auth, Connector, ConnectorError, Context, Interface, UserPersistence};
use crate::models::{ReturnMessage, User};

/// What a route answers: a response, or a rejection the dispatcher turns into one.
pub(crate) type Outcome = Result<Response<Vec<u8>>, Rejection>;

/// A request with a valid session and a connected user.
pub(crate) struct SignedIn {
    pub(crate) platform: String,
    pub(crate) connector: Arc<dyn Connector>,
    pub(crate) user: User,
    pub(crate) cx: Context,
}

impl SignedIn {
    /// Runs connector code for `interface`: a connector error or panic becomes App Connect's
    /// answer (see [`ConnectorError::reply`]).
    pub(crate) async fn call<T, F>(
        &self,
        interface: Interface,
        future: F,
    ) -> Result<T, Response<Vec<u8>>>
    where
        F: Future<Output = crate::connector::Result<T>>,
    {
        call_connector(&self.platform, interface, future).await
    }
}

impl SignedIn {
    /// App Connect's answer to `error` raised by `interface`, without running connector code
    /// (an undeclared capability).
    pub(crate) fn refuse(&self, interface: Interface, error: &ConnectorError) -> Response<Vec<u8>> {
        let reply = error.reply(interface, &self.platform);
        json_response(reply.status, &reply.to_json())
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
{
    let result = AssertUnwindSafe(future)
        .catch_unwind()
        .await
        .unwrap_or_else(|_| {
            Err(ConnectorError::other(format!(
                "the connector panicked in {interface}"
            )))
        });
    result.map_err(|error| {
        let reply = error.reply(interface, platform);
        json_response(reply.status, &reply.to_json())
    })
}

/// `{ successful: false, returnMessage: warning }` with HTTP 200: a handled failure.
pub(crate) fn warning(message: impl Into<String>, ttl: u32) -> Response<Vec<u8>> {
    json_response(
        StatusCode::OK,
        &json!({
            "successful": false,
            "returnMessage": ReturnMessage::warning(message).with_ttl(ttl),
        }),
    )
}

impl ConnectorServer {
    /// Checks the session and loads the user; the error is the complete answer.
    pub(crate) async fn sign_in(&self, incoming: &Incoming<'_>) -> Result<SignedIn, Outcome> {
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
            .ok_or_else(|| Err(Rejection::UnknownPlatform(claims.platform.clone())))?;
        // Users are keyed by (platform, id): another platform's user with the same id is
        // another row, so its credentials never reach this platform's connector.
        let user = match inner.users.get_user(&claims.platform, &claims.id).await {
            Ok(Some(user)) if user.is_connected() => user,
            Ok(_) => return Err(Ok(warning("User not found", 5000))),
            Err(_) => return Err(Ok(warning("Database operation failed", 5000))),
        };
        let persistence = Arc::new(StorePersistence(inner.users.clone()));
        // App Connect's session and the RingCentral token are not the connector's business.
        let base = Context::builder()
            .platform(claims.platform.clone())
            .headers(incoming.connector_headers())
            .persistence_arc(persistence);
        let base = incoming
            .connector_query()
            .fold(base, |b, (k, v)| b.query(k.clone(), v.clone()));

        let (user, auth_header) = match connector.auth() {
            Auth::OAuth(oauth) => {
                let user = match oauth.token_refresh() {
                    Some(refresh) => {
                        let cx = Context::builder()
                            .platform(claims.platform.clone())
                            .user(user.clone())
                            .persistence_arc(Arc::new(StorePersistence(inner.users.clone())))
                            .build();
                        let refreshed = call_connector(
                            &claims.platform,
                            Interface::CheckAndRefreshAccessToken,
                            refresh.check_and_refresh_access_token(&cx, user),
                        )
                        .await
                        .map_err(Ok)?;
                        match refreshed {
                            Some(user) => user,
                            None => {
                                let reply = ConnectorError::SessionRevoked
                                    .reply(Interface::CheckAndRefreshAccessToken, &claims.platform);
                                return Err(Ok(json_response(reply.status, &reply.to_json())));
                            }
                        }
                    }
                    None => user,
                };
                let header = format!("Bearer {}", user.access_token.expose());
                (user, header)
            }
            Auth::ApiKey(api_key) => {
                let header = format!("Basic {}", api_key.basic_auth(user.access_token.expose()));
                (user, header)
            }
        };
        let cx = base.user(user.clone()).auth_header(auth_header).build();
        Ok(SignedIn {
            platform: claims.platform,
            connector,
            user,
            cx,
        })
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

    async fn delete_user(&self, user: &User) -> crate::connector::Result<()> {
        let platform = user.platform.as_deref().unwrap_or_default();
        self.0
            .delete_user(platform, &user.id)
            .await
            .map_err(ConnectorError::other)
    }
}
