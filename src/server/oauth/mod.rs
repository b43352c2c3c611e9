//! The runtime's OAuth 2 client: the code exchange of `GET /oauth-callback` and the built-in
//! refresh-token grant run before connector calls (App Connect core's
//! `checkAndRefreshAccessToken`, server-api §2.4).
//!
//! Refresh rules:
//! * a user is refreshed when it has an access token, a refresh token and a `tokenExpiry`
//!   less than [`EXPIRY_MARGIN`] away (core's 2 minutes); without `tokenExpiry` never;
//! * single flight per (platform, user) in the process (an async lock), and across processes
//!   through the store: after taking the lock the stored user is read again, and a token
//!   another process already refreshed is used as it is;
//! * `invalid_grant` → the stored user is read again; if its refresh token changed (another
//!   process rotated it) that user is used (or refreshed once more with the new token); else
//!   the session is revoked (the routes answer 401 `CRM_SESSION_REVOKED`);
//! * transient failures (network, timeout, 5xx, 429, `temporarily_unavailable`) are retried
//!   with backoff ([`RETRY_DELAYS`]) and never sign the user out.

pub(crate) mod client;
mod managed;

pub use managed::ManagedOAuth;

use std::sync::{Arc, LazyLock};
use std::time::Duration;

use chrono::Utc;

use super::locks::KeyedLocks;
use super::store::UserStore;
use crate::connector::{Context, OAuthConnector};
use crate::models::{OAuthInfo, OAuthInfoParams, User};
use client::GrantError;

/// A token expiring sooner than this is refreshed before a connector call.
pub(crate) const EXPIRY_MARGIN: Duration = Duration::from_secs(120);

/// Waits between attempts of a refresh that failed transiently (3 attempts in all).
pub(crate) const RETRY_DELAYS: [Duration; 2] =
    [Duration::from_millis(200), Duration::from_millis(800)];

/// One lock per (platform, user) for the whole process, shared by every server in it.
static REFRESH_LOCKS: LazyLock<KeyedLocks> = LazyLock::new(KeyedLocks::default);

/// Why a refresh did not produce a usable user.
#[derive(Debug)]
pub(crate) enum RefreshFailure {
    /// `invalid_grant` (and no fresher token in the store), or the user vanished: sign in again.
    Revoked,
    /// The provider or the network failed; the user stays signed in.
    Unavailable(String),
    /// The store failed.
    Store,
    /// `getOauthInfo` failed: its answer.
    OAuthInfo(http::Response<Vec<u8>>),
}

/// Whether `user`'s access token must be refreshed now.
pub(crate) fn is_due(user: &User) -> bool {
    let margin = chrono::Duration::from_std(EXPIRY_MARGIN).unwrap_or_default();
    !user.access_token.is_empty()
        && user.refresh_token.as_ref().is_some_and(|t| !t.is_empty())
        && user
            .token_expiry
            .is_some_and(|expiry| expiry < Utc::now() + margin)
}

/// The OAuth client for a stored user: the admin-managed one of its RingCentral account when
/// there is one, else `getOauthInfo` (with its `tokenUrl` and hostname).
pub(crate) async fn oauth_info_for(
    platform: &str,
    oauth: &dyn OAuthConnector,
    managed: Option<&Arc<dyn ManagedOAuth>>,
    cx: &Context,
    user: &User,
) -> Result<OAuthInfo, http::Response<Vec<u8>>> {
    if let (Some(managed), Some(account)) = (managed, user.rc_account_id.as_deref())
        && let Ok(Some(info)) = managed.managed_oauth_info(platform, account).await
    {
        return Ok(info);
    }
    let params = OAuthInfoParams {
        token_url: user.token_url().map(str::to_owned),
        hostname: user.hostname.clone(),
        ..OAuthInfoParams::default()
    };
    super::signed_in::call_connector(
        platform,
        crate::connector::Interface::GetOauthInfo,
        oauth.oauth_info(cx, params),
    )
    .await
}

/// Returns `user` with a fresh access token: itself when not due, else refreshed (and saved)
/// under the rules of this module.
pub(crate) async fn ensure_fresh(
    users: &Arc<dyn UserStore>,
    managed: Option<&Arc<dyn ManagedOAuth>>,
    platform: &str,
    oauth: &dyn OAuthConnector,
    cx: &Context,
    user: User,
) -> Result<User, RefreshFailure> {
    if !is_due(&user) {
        return Ok(user);
    }
    let _guard = REFRESH_LOCKS
        .lock(&format!("{platform}\u{1f}{}", user.id))
        .await;
    // Another request of this process, or another process, may have refreshed meanwhile.
    let mut current = reload(users, platform, &user.id).await?;
    if !is_due(&current) {
        return Ok(current);
    }
    let info = oauth_info_for(platform, oauth, managed, cx, &current)
        .await
        .map_err(RefreshFailure::OAuthInfo)?;
    let mut retried_new_token = false;
    loop {
        let Some(refresh_token) = current.refresh_token.clone() else {
            return Err(RefreshFailure::Revoked);
        };
        match grant_with_retries(&info, &refresh_token).await {
            Ok(tokens) => {
                current.access_token = tokens.access_token;
                current.refresh_token = tokens.refresh_token;
                current.token_expiry = tokens.expires;
                users
                    .put_user(current.clone())
                    .await
                    .map_err(|_| RefreshFailure::Store)?;
                return Ok(current);
            }
            Err(GrantError::InvalidGrant(_)) => {
                let latest = reload(users, platform, &user.id).await?;
                let changed = latest
                    .refresh_token
                    .as_ref()
                    .map(crate::models::Secret::expose)
                    != Some(refresh_token.expose());
                if !changed || retried_new_token {
                    return Err(RefreshFailure::Revoked);
                }
                if !is_due(&latest) {
                    return Ok(latest);
                }
                retried_new_token = true;
                current = latest;
            }
            Err(other) => return Err(RefreshFailure::Unavailable(other.reason())),
        }
    }
}

async fn reload(
    users: &Arc<dyn UserStore>,
    platform: &str,
    id: &str,
) -> Result<User, RefreshFailure> {
    match users.get_user(platform, id).await {
        Ok(Some(user)) if user.is_connected() => Ok(user),
        Ok(_) => Err(RefreshFailure::Revoked),
        Err(_) => Err(RefreshFailure::Store),
    }
}

/// The refresh grant, retried after [`RETRY_DELAYS`] while it fails transiently.
async fn grant_with_retries(
    info: &OAuthInfo,
    refresh_token: &crate::models::Secret,
) -> Result<client::TokenSet, GrantError> {
    let mut delays = RETRY_DELAYS.iter();
    loop {
        match client::refresh(info, refresh_token).await {
            Err(GrantError::Transient(reason)) => match delays.next() {
                Some(delay) => tokio::time::sleep(*delay).await,
                None => return Err(GrantError::Transient(reason)),
            },
            other => return other,
        }
    }
}
