//! `GET /oauth-callback`: the authorization-code exchange of an OAuth sign-in.

use std::sync::Arc;

use http::{Response, StatusCode};
use serde_json::{Map, Value};

use super::login::only_message;
use super::login::{Credentials, finish_login, save_user_info};
use super::{FAILURE_TTL, database_failed};
use crate::connector::{Context, Interface, OAuthConnector, SignIn};
use crate::models::{
    GetUserInfoParams, MessageType, OAuthInfo, OAuthInfoParams, PlatformUserInfo, ReturnMessage,
    UserInfoResult,
};
use crate::server::incoming::{Incoming, json_response};
use crate::server::oauth::client::{self, GrantError};
use crate::server::signed_in::{Outcome, StorePersistence, call_connector};
use crate::server::{ConnectorServer, Rejection};

/// `GET /oauth-callback?callbackUri=…`: platform and hostname from `state`, `getOauthInfo`,
/// `getOverridingOAuthOption`, code exchange, `getUserInfo`, the user saved, `postSaveUserInfo`,
/// and `{ jwtToken, name, returnMessage }`.
///
/// A refused authorization (`error=access_denied`), an exchange the provider refuses and an
/// unsuccessful `getUserInfo` store nothing and answer a `returnMessage` saying why.
pub(super) async fn callback(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    let mut request = Callback::read(incoming)?;
    let connector = server
        .connector(&request.platform)
        .cloned()
        .ok_or_else(|| Rejection::UnknownPlatform(request.platform.clone()))?;
    let SignIn::OAuth(oauth) = connector.auth() else {
        return Err(Rejection::InvalidRequest(format!(
            "platform `{}` signs in with an API key, not OAuth",
            request.platform
        )));
    };
    // The provider refused (the user denied access, an invalid scope …): nothing to exchange.
    if let Some(message) = request.refusal(incoming) {
        return Ok(failed(message));
    }
    let code = request.code(incoming)?;
    let headers = incoming.connector_headers();
    let info = match oauth_info(server, &request, &headers, oauth).await {
        Ok(info) => info,
        Err(response) => return Ok(response),
    };
    if let Some(message) = &info.fail_message {
        let message = ReturnMessage::new(MessageType::Danger, message.clone());
        return Ok(json_response(StatusCode::OK, &only_message(message)));
    }
    let tokens = match exchange(&request, &info, &code, oauth).await {
        Ok(tokens) => tokens,
        Err(response) => return Ok(response),
    };
    let hostname = info.hostname.clone().or(request.hostname.clone());
    let token_url = Some(info.access_token_uri.clone())
        .filter(|u| !u.is_empty())
        .or(request.token_url.clone());
    let signed_up = SignedUp {
        tokens,
        hostname,
        token_url,
    };
    let (result, info) = match user_info(server, incoming, &request, &connector, &signed_up).await {
        Ok(found) => found,
        Err(response) => return Ok(response),
    };
    let hostname = info.overriding_hostname.clone().or(signed_up.hostname);
    let tokens = signed_up.tokens;
    let credentials = Credentials {
        access_token: tokens.access_token,
        refresh_token: tokens.refresh_token,
        token_expiry: tokens.expires,
    };
    let platform = &request.platform;
    let rc_account_id = request.rc_account_id.clone();
    let saved = save_user_info(
        server,
        incoming,
        platform,
        &info,
        hostname,
        credentials,
        rc_account_id,
    );
    let user = match saved.await {
        Ok(user) => user,
        Err(response) => return Ok(super::login::login_failed(response)),
    };
    let message = result.return_message;
    Ok(finish_login(server, &connector, platform, headers, user, info, message).await)
}

/// What the code exchange produced: the tokens, and where the user's CRM is.
struct SignedUp {
    tokens: client::TokenSet,
    hostname: Option<String>,
    token_url: Option<String>,
}

/// The parameters of a callback: from the callback URI, its `state`, and the query.
struct Callback {
    callback_uri: String,
    callback_url: url::Url,
    state: Vec<(String, String)>,
    platform: String,
    hostname: Option<String>,
    token_url: Option<String>,
    rc_account_id: Option<String>,
    user_email: Option<String>,
}

impl Callback {
    fn read(incoming: &Incoming<'_>) -> Result<Self, Rejection> {
        let callback_uri = incoming.required_query("callbackUri")?.to_owned();
        let callback_url = url::Url::parse(&callback_uri)
            .map_err(|e| Rejection::InvalidRequest(format!("`callbackUri` is not a URL: {e}")))?;
        let mut request = Callback {
            callback_uri,
            callback_url,
            state: Vec::new(),
            platform: String::new(),
            hostname: None,
            token_url: incoming.query("tokenUrl").map(str::to_owned),
            rc_account_id: incoming
                .query("rcAccountId")
                .filter(|v| !v.is_empty())
                .map(str::to_owned),
            user_email: incoming.query("userEmail").map(str::to_owned),
        };
        let state = request
            .in_callback("state")
            .or_else(|| incoming.query("state").map(str::to_owned));
        request.state = state
            .as_deref()
            .map(|s| {
                url::form_urlencoded::parse(s.as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect()
            })
            .unwrap_or_default();
        request.platform = request
            .in_state("platform")
            .or_else(|| incoming.query("platform").map(str::to_owned))
            .filter(|p| !p.trim().is_empty())
            .ok_or(Rejection::MissingParameter("platform"))?;
        request.hostname = request
            .in_state("hostname")
            .or_else(|| incoming.query("hostname").map(str::to_owned));
        Ok(request)
    }

    /// A parameter of the callback URI's query.
    fn in_callback(&self, key: &str) -> Option<String> {
        self.callback_url
            .query_pairs()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
    }

    /// A non-empty parameter of `state`.
    fn in_state(&self, key: &str) -> Option<String> {
        self.state
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    }

    /// Why the provider refused the authorization, when it did.
    fn refusal(&self, incoming: &Incoming<'_>) -> Option<String> {
        let platform = &self.platform;
        let either = |key: &str| {
            self.in_callback(key)
                .or_else(|| incoming.query(key).map(str::to_owned))
        };
        let error = either("error")?;
        Some(match either("error_description") {
            Some(d) => {
                format!("Cannot sign in to {platform}: authorization refused ({error}: {d})")
            }
            None => format!("Cannot sign in to {platform}: authorization refused ({error})"),
        })
    }

    /// The authorization code: in the callback URI, else the query (appended to the callback
    /// URI, as core does).
    fn code(&mut self, incoming: &Incoming<'_>) -> Result<String, Rejection> {
        if let Some(code) = self.in_callback("code") {
            return Ok(code);
        }
        let code = incoming.required_query("code")?.to_owned();
        let separator = if self.callback_uri.contains('?') {
            '&'
        } else {
            '?'
        };
        let encoded: String = url::form_urlencoded::byte_serialize(code.as_bytes()).collect();
        self.callback_uri = format!("{}{separator}code={encoded}", self.callback_uri);
        Ok(code)
    }
}

/// The OAuth client: an admin's managed client for this RingCentral account, else the
/// connector's `getOauthInfo`; the error is the answer.
async fn oauth_info(
    server: &ConnectorServer,
    request: &Callback,
    headers: &http::HeaderMap,
    oauth: &dyn OAuthConnector,
) -> Result<OAuthInfo, Response<Vec<u8>>> {
    let inner = server.inner();
    let platform = &request.platform;
    if let (Some(source), Some(account)) = (&inner.managed_oauth, &request.rc_account_id) {
        match source.managed_oauth_info(platform, account).await {
            Ok(Some(info)) => return Ok(info),
            Ok(None) => {}
            Err(_) => return Err(super::login::login_failed(database_failed())),
        }
    }
    let cx = Context::builder()
        .platform(platform.clone())
        .headers(headers.clone())
        .persistence_arc(Arc::new(StorePersistence(inner.users.clone())))
        .build();
    let params = OAuthInfoParams {
        token_url: request.token_url.clone(),
        hostname: request.hostname.clone(),
        rc_account_id: request.rc_account_id.clone(),
        user_email: request.user_email.clone(),
    };
    call_connector(
        platform,
        Interface::GetOauthInfo,
        oauth.oauth_info(&cx, params),
    )
    .await
    .map_err(super::login::login_failed)
}

/// The authorization-code exchange; the error is the answer.
async fn exchange(
    request: &Callback,
    info: &OAuthInfo,
    code: &str,
    oauth: &dyn OAuthConnector,
) -> Result<client::TokenSet, Response<Vec<u8>>> {
    let overriding = oauth.overriding_oauth_option(code, info);
    client::exchange_code(info, code, overriding.as_ref())
        .await
        .map_err(|error| {
            let why = match &error {
                GrantError::InvalidGrant(_) => {
                    "the authorization code is invalid or expired; please sign in again".to_owned()
                }
                other => other.reason(),
            };
            failed(format!("Cannot sign in to {}: {why}", request.platform))
        })
}

/// The connector's `getUserInfo` with the new tokens; the error is the answer (a refusal
/// stores nothing).
async fn user_info(
    server: &ConnectorServer,
    incoming: &Incoming<'_>,
    request: &Callback,
    connector: &Arc<dyn crate::connector::Connector>,
    signed_up: &SignedUp,
) -> Result<(UserInfoResult, PlatformUserInfo), Response<Vec<u8>>> {
    let tokens = &signed_up.tokens;
    let platform = &request.platform;
    let query: Map<String, Value> = incoming
        .connector_query()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    let cx = Context::builder()
        .platform(platform.clone())
        .headers(incoming.connector_headers())
        .auth_header(format!("Bearer {}", tokens.access_token.expose()))
        .persistence_arc(Arc::new(StorePersistence(server.inner().users.clone())))
        .build();
    let params = GetUserInfoParams {
        hostname: signed_up.hostname.clone(),
        platform: Some(platform.clone()),
        token_url: signed_up.token_url.clone(),
        api_url: incoming.query("apiUrl").map(str::to_owned),
        username: incoming.query("username").map(str::to_owned),
        callback_uri: Some(request.callback_uri.clone()),
        query,
        data: Some(tokens.data.clone()),
        ..GetUserInfoParams::default()
    };
    let mut result = call_connector(
        platform,
        Interface::GetUserInfo,
        connector.get_user_info(&cx, params),
    )
    .await
    .map_err(super::login::login_failed)?;
    let info = match result.platform_user_info.take() {
        Some(info) if result.successful => info,
        _ => {
            let message = result.return_message.take().unwrap_or_else(|| {
                ReturnMessage::warning(format!("Cannot sign in to {platform}"))
                    .with_ttl(FAILURE_TTL)
            });
            return Err(json_response(StatusCode::OK, &only_message(message)));
        }
    };
    let mut info = info;
    if let Some(proxy_id) = incoming.query("proxyId").filter(|p| !p.is_empty()) {
        info.platform_additional_info
            .get_or_insert_with(Default::default)
            .insert("proxyId".to_owned(), Value::from(proxy_id));
    }
    Ok((result, info))
}

/// 400 `{ returnMessage }` (warning): the sign-in did not happen and nothing was stored.
fn failed(message: String) -> Response<Vec<u8>> {
    json_response(
        StatusCode::BAD_REQUEST,
        &only_message(ReturnMessage::warning(message).with_ttl(FAILURE_TTL)),
    )
}
