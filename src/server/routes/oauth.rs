//! `GET /oauth-callback`: the authorization-code exchange of an OAuth sign-in.

use std::sync::Arc;

use http::{Response, StatusCode};
use serde_json::{Map, Value, json};

use super::login::{Credentials, finish_login, save_user_info};
use crate::connector::{Context, Interface, SignIn};
use crate::models::{GetUserInfoParams, OAuthInfoParams, ReturnMessage};
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
    let mut callback_uri = incoming.required_query("callbackUri")?.to_owned();
    let callback_url = url::Url::parse(&callback_uri)
        .map_err(|e| Rejection::InvalidRequest(format!("`callbackUri` is not a URL: {e}")))?;
    let from_callback = |key: &str| {
        callback_url
            .query_pairs()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
    };
    let state = from_callback("state").or_else(|| incoming.query("state").map(str::to_owned));
    let state_pairs: Vec<(String, String)> = state
        .as_deref()
        .map(|s| {
            url::form_urlencoded::parse(s.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default();
    let from_state = |key: &str| {
        state_pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    let platform = from_state("platform")
        .or_else(|| incoming.query("platform").map(str::to_owned))
        .filter(|p| !p.trim().is_empty())
        .ok_or(Rejection::MissingParameter("platform"))?;
    let connector = server
        .connector(&platform)
        .cloned()
        .ok_or_else(|| Rejection::UnknownPlatform(platform.clone()))?;
    let SignIn::OAuth(oauth) = connector.auth() else {
        return Err(Rejection::InvalidRequest(format!(
            "platform `{platform}` signs in with an API key, not OAuth"
        )));
    };

    // The provider refused (the user denied access, an invalid scope …): nothing to exchange.
    if let Some(error) =
        from_callback("error").or_else(|| incoming.query("error").map(str::to_owned))
    {
        let description = from_callback("error_description")
            .or_else(|| incoming.query("error_description").map(str::to_owned));
        let message = match description {
            Some(d) => {
                format!("Cannot sign in to {platform}: authorization refused ({error}: {d})")
            }
            None => format!("Cannot sign in to {platform}: authorization refused ({error})"),
        };
        return Ok(failed(message));
    }
    let code = match from_callback("code") {
        Some(code) => code,
        None => {
            let code = incoming.required_query("code")?.to_owned();
            // Core appends a separately sent code to the callback URI.
            let separator = if callback_uri.contains('?') { '&' } else { '?' };
            let encoded: String = url::form_urlencoded::byte_serialize(code.as_bytes()).collect();
            callback_uri = format!("{callback_uri}{separator}code={encoded}");
            code
        }
    };
    let hostname = from_state("hostname").or_else(|| incoming.query("hostname").map(str::to_owned));
    let token_url = incoming.query("tokenUrl").map(str::to_owned);
    let rc_account_id = incoming
        .query("rcAccountId")
        .filter(|v| !v.is_empty())
        .map(str::to_owned);

    let inner = server.inner();
    let headers = incoming.connector_headers();
    let cx = Context::builder()
        .platform(platform.clone())
        .headers(headers.clone())
        .persistence_arc(Arc::new(StorePersistence(inner.users.clone())))
        .build();
    let params = OAuthInfoParams {
        token_url: token_url.clone(),
        hostname: hostname.clone(),
        rc_account_id: rc_account_id.clone(),
        user_email: incoming.query("userEmail").map(str::to_owned),
    };
    // An admin's managed OAuth client for this RingCentral account replaces `getOauthInfo`.
    let managed = match (&inner.managed_oauth, &rc_account_id) {
        (Some(source), Some(account)) => {
            match source.managed_oauth_info(&platform, account).await {
                Ok(found) => found,
                Err(_) => {
                    return Ok(super::login::login_failed(
                        crate::server::signed_in::warning("Database operation failed", 5000),
                    ));
                }
            }
        }
        _ => None,
    };
    let info = match managed {
        Some(info) => info,
        None => match call_connector(
            &platform,
            Interface::GetOauthInfo,
            oauth.oauth_info(&cx, params),
        )
        .await
        {
            Ok(info) => info,
            Err(response) => return Ok(super::login::login_failed(response)),
        },
    };
    if let Some(message) = &info.fail_message {
        return Ok(json_response(
            StatusCode::OK,
            &json!({ "returnMessage": { "messageType": "danger", "message": message } }),
        ));
    }
    let resolved_hostname = info.hostname.clone().or(hostname);
    let resolved_token_url = Some(info.access_token_uri.clone())
        .filter(|u| !u.is_empty())
        .or(token_url);
    let overriding = oauth.overriding_oauth_option(&code, &info);
    let tokens = match client::exchange_code(&info, &code, overriding.as_ref()).await {
        Ok(tokens) => tokens,
        Err(error) => {
            let why = match &error {
                GrantError::InvalidGrant(_) => {
                    "the authorization code is invalid or expired; please sign in again".to_owned()
                }
                other => other.reason(),
            };
            return Ok(failed(format!("Cannot sign in to {platform}: {why}")));
        }
    };

    let query: Map<String, Value> = incoming
        .connector_query()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    let cx = Context::builder()
        .platform(platform.clone())
        .headers(headers.clone())
        .auth_header(format!("Bearer {}", tokens.access_token.expose()))
        .persistence_arc(Arc::new(StorePersistence(inner.users.clone())))
        .build();
    let params = GetUserInfoParams {
        hostname: resolved_hostname.clone(),
        platform: Some(platform.clone()),
        token_url: resolved_token_url,
        api_url: incoming.query("apiUrl").map(str::to_owned),
        username: incoming.query("username").map(str::to_owned),
        callback_uri: Some(callback_uri),
        query,
        data: Some(tokens.data.clone()),
        ..GetUserInfoParams::default()
    };
    let result = match call_connector(
        &platform,
        Interface::GetUserInfo,
        connector.get_user_info(&cx, params),
    )
    .await
    {
        Ok(result) => result,
        Err(response) => return Ok(super::login::login_failed(response)),
    };
    let info = match result.platform_user_info {
        Some(info) if result.successful => info,
        _ => {
            let message = result.return_message.unwrap_or_else(|| {
                ReturnMessage::warning(format!("Cannot sign in to {platform}")).with_ttl(5000)
            });
            return Ok(json_response(
                StatusCode::OK,
                &json!({ "returnMessage": message }),
            ));
        }
    };
    let mut info = info;
    if let Some(proxy_id) = incoming.query("proxyId").filter(|p| !p.is_empty()) {
        info.platform_additional_info
            .get_or_insert_with(Default::default)
            .insert("proxyId".to_owned(), Value::from(proxy_id));
    }
    let hostname = info.overriding_hostname.clone().or(resolved_hostname);
    let credentials = Credentials {
        access_token: tokens.access_token,
        refresh_token: tokens.refresh_token,
        token_expiry: tokens.expires,
    };
    let user = match save_user_info(
        server,
        incoming,
        &platform,
        &info,
        hostname,
        credentials,
        rc_account_id,
    )
    .await
    {
        Ok(user) => user,
        Err(response) => return Ok(super::login::login_failed(response)),
    };
    Ok(finish_login(
        server,
        &connector,
        &platform,
        headers,
        user,
        info,
        result.return_message,
    )
    .await)
}

/// 400 `{ returnMessage }` (warning): the sign-in did not happen and nothing was stored.
fn failed(message: String) -> Response<Vec<u8>> {
    json_response(
        StatusCode::BAD_REQUEST,
        &json!({ "returnMessage": ReturnMessage::warning(message).with_ttl(5000) }),
    )
}
