//! How users sign in: [`SignIn`], [`OAuthConnector`], [`ApiKeyConnector`] and the
//! [`TokenRefresh`] hook.

use async_trait::async_trait;

use super::{Context, Result};
use crate::models::{AuthType, OAuthInfo, OAuthInfoParams, OverridingOAuthOption, User};

/// How a connector's users sign in, returned by [`Connector::auth`](super::Connector::auth).
///
/// A connector usually implements the matching trait itself and returns `SignIn::OAuth(self)`
/// or `SignIn::ApiKey(self)`.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub enum SignIn<'a> {
    /// OAuth 2 (`getAuthType` = `oauth`, with `getOauthInfo`).
    OAuth(&'a dyn OAuthConnector),
    /// An API key (`getAuthType` = `apiKey`, with `getBasicAuth`).
    ApiKey(&'a dyn ApiKeyConnector),
}

impl SignIn<'_> {
    /// `getAuthType`: `oauth` or `apiKey`.
    #[must_use]
    pub fn auth_type(&self) -> AuthType {
        match self {
            SignIn::OAuth(_) => AuthType::OAuth,
            SignIn::ApiKey(_) => AuthType::ApiKey,
        }
    }
}

impl std::fmt::Debug for SignIn<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SignIn::OAuth(_) => f.write_str("SignIn::OAuth"),
            SignIn::ApiKey(_) => f.write_str("SignIn::ApiKey"),
        }
    }
}

/// OAuth sign-in: `getOauthInfo` and the OAuth hooks.
#[async_trait]
pub trait OAuthConnector: Send + Sync {
    /// `getOauthInfo`: the OAuth client settings (client id and secret, token and redirect
    /// URIs) for a user's CRM host.
    async fn oauth_info(&self, cx: &Context, params: OAuthInfoParams) -> Result<OAuthInfo>;

    /// `getOverridingOAuthOption` hook: extra headers, query or body for exchanging the
    /// authorization `code`. `None` (the default) uses the standard exchange.
    fn overriding_oauth_option(
        &self,
        code: &str,
        info: &OAuthInfo,
    ) -> Option<OverridingOAuthOption> {
        let _ = (code, info);
        None
    }

    /// Declares `checkAndRefreshAccessToken`: the connector refreshes tokens itself, before
    /// each request of an OAuth user.
    ///
    /// Without this hook the server runtime (feature `oauth`) runs its own refresh-token grant
    /// against `getOauthInfo`'s `accessTokenUri` when the token expires within 2 minutes
    /// (docs/server.md, "OAuth sign-in and token refresh"); declare it only for a CRM whose
    /// refresh differs from the standard grant.
    fn token_refresh(&self) -> Option<&dyn TokenRefresh> {
        None
    }
}

/// API-key sign-in: `getBasicAuth`.
pub trait ApiKeyConnector: Send + Sync {
    /// `getBasicAuth`: the credential part of `Authorization: Basic <credential>` for
    /// `api_key` (without the `Basic ` prefix), for example base64 of `"<api_key>:"`.
    fn basic_auth(&self, api_key: &str) -> String;
}

/// `checkAndRefreshAccessToken`: a connector's own token refresh, run before each request
/// of an OAuth user.
#[async_trait]
pub trait TokenRefresh: Send + Sync {
    /// Returns the user with fresh tokens (saved through `cx.save_user`), or `None` when the
    /// session cannot be refreshed and the user must connect again (the runtime answers
    /// HTTP 401 with `errorCode: "CRM_SESSION_REVOKED"`).
    async fn check_and_refresh_access_token(
        &self,
        cx: &Context,
        user: User,
    ) -> Result<Option<User>>;
}
