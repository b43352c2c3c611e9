//! `POST /apiKeyLogin`, and the user saving and session issuing every login shares.

use std::sync::Arc;

use http::{Response, StatusCode};
use serde_json::Value;

use crate::connector::{Connector, Context, Interface, SignIn};
use crate::models::{
    ApiKeyLoginRequest, ApiKeyLoginResponse, ErrorBody, ErrorResponse, Extra, GetUserInfoParams,
    PlatformUserInfo, ReturnMessage, Secret, User,
};
use crate::server::incoming::{Incoming, json_response};
use crate::server::routes::FAILURE_TTL;
use crate::server::signed_in::{Outcome, StorePersistence, call_connector, warning};
use crate::server::store::StoreAccountData;
use crate::server::{ConnectorServer, Rejection};

/// `POST /apiKeyLogin`: checks the key with `getUserInfo`, stores the user, answers
/// `{ jwtToken, name, returnMessage }` (or 400 `{ returnMessage }` when the CRM refuses).
pub(super) async fn api_key_login(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    // Params: the platform, its API-key connector, the key.
    let request: ApiKeyLoginRequest = incoming.json()?;
    let platform = request.platform.trim();
    if platform.is_empty() {
        return Err(Rejection::MissingParameter("platform"));
    }
    let connector = server
        .connector(platform)
        .cloned()
        .ok_or_else(|| Rejection::UnknownPlatform(platform.to_owned()))?;
    let SignIn::ApiKey(api_key_auth) = connector.auth() else {
        return Err(Rejection::InvalidRequest(format!(
            "platform `{platform}` signs in with OAuth, not an API key"
        )));
    };
    let (api_key, additional_info) = api_key_of(&request);

    // Connector: who the key belongs to. As for signed-in routes, a session token the client
    // still sends, or its RingCentral token, is not the connector's business.
    let headers = incoming.connector_headers();
    let inner = server.inner();
    let cx = Context::builder()
        .platform(platform)
        .headers(headers.clone())
        .auth_header(format!(
            "Basic {}",
            api_key_auth.basic_auth(api_key.expose())
        ))
        .persistence_arc(Arc::new(StorePersistence(inner.users.clone())))
        .account_data_persistence_arc(Arc::new(StoreAccountData(inner.caches.clone())))
        .build();
    let params = GetUserInfoParams {
        hostname: request.hostname.clone(),
        platform: Some(platform.to_owned()),
        additional_info,
        api_key: Some(api_key.clone()),
        ..GetUserInfoParams::default()
    };
    let (info, return_message) = match user_info(&connector, &cx, platform, params).await {
        Ok(found) => found,
        Err(refused) => return Ok(refused),
    };

    // Store: the user with its key. `rcAccountId` in the body is an ignored compatibility
    // field: App Connect derives the account from a verified RingCentral token, and so does
    // this (a client-chosen value is not stored).
    let credentials = Credentials {
        access_token: info.overriding_api_key.clone().unwrap_or(api_key),
        refresh_token: None,
        token_expiry: None,
    };
    let rc_account_id = super::admin::verified_account(server, incoming).await;
    let saved = save_user_info(
        server,
        incoming,
        platform,
        &info,
        request.hostname.clone(),
        credentials,
        rc_account_id,
    );
    let user = match saved.await {
        Ok(user) => user,
        Err(response) => return Ok(login_failed(response)),
    };

    // Reply: `postSaveUserInfo`, the session token.
    let finished = finish_login(
        server,
        &connector,
        platform,
        headers,
        user,
        info,
        return_message,
    );
    Ok(finished.await)
}

/// The API key of a login (`apiKey`, else `additionalInfo.apiKey`) and the `additionalInfo`
/// handed to `getUserInfo`, which always holds the key. A missing key goes to the connector
/// as an empty one, as App Connect does: the connector says what is wrong.
fn api_key_of(request: &ApiKeyLoginRequest) -> (Secret, Extra) {
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
        .unwrap_or_else(|| Secret::new(String::new()));
    additional_info
        .entry("apiKey")
        .or_insert_with(|| Value::from(api_key.expose()));
    (api_key, additional_info)
}

/// `getUserInfo` for a login: the user and the connector's message, or the 400 answer of a
/// refused key (the connector's message, else "Cannot sign in to … with this API key").
async fn user_info(
    connector: &Arc<dyn Connector>,
    cx: &Context,
    platform: &str,
    params: GetUserInfoParams,
) -> Result<(PlatformUserInfo, Option<ReturnMessage>), Response<Vec<u8>>> {
    let result = call_connector(
        platform,
        Interface::GetUserInfo,
        connector.get_user_info(cx, params),
    )
    .await
    .map_err(login_failed)?;
    match result.platform_user_info {
        Some(info) if result.successful => Ok((info, result.return_message)),
        _ => {
            let message = result.return_message.unwrap_or_else(|| {
                ReturnMessage::warning(format!("Cannot sign in to {platform} with this API key"))
                    .with_ttl(FAILURE_TTL)
            });
            Err(json_response(
                StatusCode::BAD_REQUEST,
                &only_message(message),
            ))
        }
    }
}

/// The CRM credentials a login stores.
pub(super) struct Credentials {
    pub(super) access_token: Secret,
    pub(super) refresh_token: Option<Secret>,
    pub(super) token_expiry: Option<chrono::DateTime<chrono::Utc>>,
}

/// Core's `saveUserInfo`: inserts the user, or updates the stored one (platform, hostname,
/// time zone, credentials, `hashedRcExtensionId` from the `rc-extension-id` header; new
/// `platformAdditionalInfo` keys win, old ones are kept). The error is the answer.
pub(super) async fn save_user_info(
    server: &ConnectorServer,
    incoming: &Incoming<'_>,
    platform: &str,
    info: &PlatformUserInfo,
    hostname: Option<String>,
    credentials: Credentials,
    rc_account_id: Option<String>,
) -> Result<User, Response<Vec<u8>>> {
    let inner = server.inner();
    let id = info.id.to_string();
    let existing = inner
        .users
        .get_user(platform, &id)
        .await
        .map_err(|_| crate::server::routes::database_failed())?;
    let mut user = existing.unwrap_or_else(|| User::new(id.clone(), platform));
    user.platform = Some(platform.to_owned());
    if hostname.is_some() {
        user.hostname = hostname;
    }
    if info.timezone_name.is_some() {
        user.timezone_name = info.timezone_name.clone();
    }
    if info.timezone_offset.is_some() {
        user.timezone_offset = info.timezone_offset.clone();
    }
    user.access_token = credentials.access_token;
    user.refresh_token = credentials.refresh_token;
    user.token_expiry = credentials.token_expiry;
    if rc_account_id.is_some() {
        user.rc_account_id = rc_account_id;
    }
    if let Some(extra) = &info.platform_additional_info {
        for (key, value) in extra {
            user.platform_additional_info
                .insert(key.clone(), value.clone());
        }
    }
    if let Some(hashed) = incoming.header("rc-extension-id") {
        user.hashed_rc_extension_id = Some(hashed.to_owned());
    }
    inner
        .users
        .put_user(user.clone())
        .await
        .map_err(|_| crate::server::routes::database_failed())?;
    Ok(user)
}

/// After the user is saved: `postSaveUserInfo`, a session token, and the login answer
/// `{ jwtToken, name, returnMessage }` (400 when a step fails).
pub(super) async fn finish_login(
    server: &ConnectorServer,
    connector: &Arc<dyn Connector>,
    platform: &str,
    headers: http::HeaderMap,
    user: User,
    info: PlatformUserInfo,
    return_message: Option<ReturnMessage>,
) -> Response<Vec<u8>> {
    let inner = server.inner();
    let cx = Context::builder()
        .platform(platform)
        .user(user)
        .headers(headers)
        .persistence_arc(Arc::new(StorePersistence(inner.users.clone())))
        .account_data_persistence_arc(Arc::new(StoreAccountData(inner.caches.clone())))
        .build();
    let info = match call_connector(
        platform,
        Interface::GetUserInfo,
        connector.post_save_user_info(&cx, info),
    )
    .await
    {
        Ok(info) => info,
        Err(response) => return login_failed(response),
    };
    let Ok(token) = inner.keys.issue(&info.id.to_string(), platform) else {
        return login_failed(warning("Cannot issue a session token", FAILURE_TTL));
    };
    // The contract types `returnMessage` as an object: left out rather than sent as `null`.
    let body = ApiKeyLoginResponse {
        jwt_token: token,
        name: info.name,
        return_message,
        ..ApiKeyLoginResponse::default()
    };
    json_response(StatusCode::OK, &body)
}

/// `{ returnMessage }` alone: a sign-in refused before any session exists.
pub(super) fn only_message(message: ReturnMessage) -> ErrorResponse {
    ErrorResponse::Body(Box::new(ErrorBody {
        return_message: Some(message),
        ..ErrorBody::default()
    }))
}

/// A login that did not produce a session is a 400 (App Connect answers a failed login with
/// 400; a 200 promises `jwtToken`). The body (`successful: false`, `returnMessage`) is kept.
pub(super) fn login_failed(mut response: Response<Vec<u8>>) -> Response<Vec<u8>> {
    if response.status().is_success() {
        *response.status_mut() = StatusCode::BAD_REQUEST;
    }
    response
}
