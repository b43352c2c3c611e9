//! `POST /apiKeyLogin`.

use std::sync::Arc;

use http::{Response, StatusCode};
use serde_json::{Value, json};

use crate::connector::{Auth, Context, Interface};
use crate::models::{ApiKeyLoginRequest, GetUserInfoParams, ReturnMessage, Secret, User};
use crate::server::incoming::{Incoming, json_response};
use crate::server::signed_in::{Outcome, StorePersistence, call_connector, warning};
use crate::server::{ConnectorServer, Rejection};

/// `POST /apiKeyLogin`: checks the key with `getUserInfo`, stores the user, answers
/// `{ jwtToken, name, returnMessage }` (or 400 `{ returnMessage }` when the CRM refuses).
pub(super) async fn api_key_login(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    let request: ApiKeyLoginRequest = incoming.json()?;
    let platform = request.platform.trim();
    if platform.is_empty() {
        return Err(Rejection::MissingParameter("platform"));
    }
    let connector = server
        .connector(platform)
        .cloned()
        .ok_or_else(|| Rejection::UnknownPlatform(platform.to_owned()))?;
    let Auth::ApiKey(api_key_auth) = connector.auth() else {
        return Err(Rejection::InvalidRequest(format!(
            "platform `{platform}` signs in with OAuth, not an API key"
        )));
    };
    let mut additional_info = request.additional_info.clone().unwrap_or_default();
    let api_key = request
        .api_key
        .clone()
        .filter(|k| !k.is_empty())
        .or_else(|| {
            additional_info
                .get("apiKey")
                .and_then(Value::as_str)
                .filter(|k| !k.is_empty())
                .map(|k| Secret::new(k.to_owned()))
        })
        .ok_or(Rejection::MissingParameter("apiKey"))?;
    additional_info
        .entry("apiKey")
        .or_insert_with(|| Value::from(api_key.expose()));

    let inner = server.inner();
    // As for signed-in routes: a session token the client still sends, or its RingCentral
    // token, is not the connector's business.
    let headers = incoming.connector_headers();
    let header = format!("Basic {}", api_key_auth.basic_auth(api_key.expose()));
    let cx = Context::builder()
        .platform(platform)
        .headers(headers.clone())
        .auth_header(header)
        .persistence_arc(Arc::new(StorePersistence(inner.users.clone())))
        .build();
    let params = GetUserInfoParams {
        hostname: request.hostname.clone(),
        platform: Some(platform.to_owned()),
        additional_info,
        api_key: Some(api_key.clone()),
        ..GetUserInfoParams::default()
    };
    let result = match call_connector(
        platform,
        Interface::GetUserInfo,
        connector.get_user_info(&cx, params),
    )
    .await
    {
        Ok(result) => result,
        Err(response) => return Ok(login_failed(response)),
    };
    let info = match result.platform_user_info {
        Some(info) if result.successful => info,
        _ => {
            let message = result.return_message.unwrap_or_else(|| {
                ReturnMessage::warning(format!("Cannot sign in to {platform} with this API key"))
                    .with_ttl(5000)
            });
            return Ok(json_response(
                StatusCode::BAD_REQUEST,
                &json!({ "returnMessage": message }),
            ));
        }
    };

    let id = info.id.to_string();
    let existing = match inner.users.get_user(platform, &id).await {
        Ok(existing) => existing,
        Err(_) => return Ok(login_failed(warning("Database operation failed", 5000))),
    };
    let mut user = existing.unwrap_or_else(|| User::new(id.clone(), platform));
    user.platform = Some(platform.to_owned());
    if request.hostname.is_some() {
        user.hostname = request.hostname.clone();
    }
    if info.timezone_name.is_some() {
        user.timezone_name = info.timezone_name.clone();
    }
    if info.timezone_offset.is_some() {
        user.timezone_offset = info.timezone_offset.clone();
    }
    user.access_token = info.overriding_api_key.clone().unwrap_or(api_key);
    user.refresh_token = None;
    user.token_expiry = None;
    if let Some(extra) = &info.platform_additional_info {
        for (key, value) in extra {
            user.platform_additional_info
                .insert(key.clone(), value.clone());
        }
    }
    if let Some(hashed) = incoming.header("rc-extension-id") {
        user.hashed_rc_extension_id = Some(hashed.to_owned());
    }
    // `rcAccountId` in the body is an ignored compatibility field (App Connect derives the
    // account from a verified RingCentral token): a client-chosen value is not stored.
    if inner.users.put_user(user.clone()).await.is_err() {
        return Ok(login_failed(warning("Database operation failed", 5000)));
    }

    let cx = Context::builder()
        .platform(platform)
        .user(user)
        .headers(headers)
        .persistence_arc(Arc::new(StorePersistence(inner.users.clone())))
        .build();
    let info = match call_connector(
        platform,
        Interface::GetUserInfo,
        connector.post_save_user_info(&cx, info),
    )
    .await
    {
        Ok(info) => info,
        Err(response) => return Ok(login_failed(response)),
    };
    let Ok(token) = inner.keys.issue(&info.id.to_string(), platform) else {
        return Ok(login_failed(warning("Cannot issue a session token", 5000)));
    };
    let mut body = json!({ "jwtToken": token.expose(), "name": info.name });
    // The contract types `returnMessage` as an object: omit it rather than send `null`.
    if let (Some(message), Some(map)) = (result.return_message, body.as_object_mut())
        && let Ok(value) = serde_json::to_value(message)
    {
        map.insert("returnMessage".to_owned(), value);
    }
    Ok(json_response(StatusCode::OK, &body))
}

/// A login that did not produce a session is a 400 (App Connect answers a failed login with
/// 400; a 200 promises `jwtToken`). The body (`successful: false`, `returnMessage`) is kept.
fn login_failed(mut response: Response<Vec<u8>>) -> Response<Vec<u8>> {
    if response.status().is_success() {
        *response.status_mut() = StatusCode::BAD_REQUEST;
    }
    response
}
