//! The admin routes (issue 12): `GET`/`POST /admin/settings`, `GET /user/preloadSettings`,
//! `POST /admin/userMapping`, `POST /admin/reinitializeUserMapping` and
//! `GET`/`POST /admin/serverLoggingSettings`; and the account's admin settings that
//! `GET /user/settings` merges.

use http::StatusCode;
use http::header::{CONTENT_TYPE, HeaderValue};
use serde_json::Value;

use crate::connector::Interface;
use crate::models::{
    AdminConfig, BasicMutationResponse, ErrorResponse, Extra, ReturnMessage, UserSettings,
    UserSettingsEnvelope,
};
use crate::server::incoming::{Incoming, json_response, text_response};
use crate::server::ringcentral::{self, RcFailure};
use crate::server::routes::{FAILURE_TTL, database_failed};
use crate::server::signed_in::Outcome;
use crate::server::{ConnectorServer, Rejection};

/// What core answers (403, text) when the RingCentral user is not an account admin.
pub(crate) const ADMIN_VALIDATION_FAILED: &str = "Admin validation failed";

/// The platform of a request that may come without a session (`POST /admin/settings`,
/// `GET /user/preloadSettings`): the session's, else `?platform=`, else the only one served.
fn admin_platform(server: &ConnectorServer, incoming: &Incoming<'_>) -> Result<String, Rejection> {
    let connectors = &server.inner().connectors;
    if let Some(Ok(claims)) = &incoming.session
        && connectors.contains_key(&claims.platform)
    {
        return Ok(claims.platform.clone());
    }
    if let Some(platform) = incoming.query("platform").filter(|p| !p.is_empty()) {
        return if connectors.contains_key(platform) {
            Ok(platform.to_owned())
        } else {
            Err(Rejection::UnknownPlatform(platform.to_owned()))
        };
    }
    match connectors.keys().next() {
        Some(only) if connectors.len() == 1 => Ok(only.clone()),
        _ => Err(Rejection::MissingParameter("platform")),
    }
}

/// App Connect's key of an account's admin configuration: `hex(sha256("<id>:<HASH_KEY>"))`.
fn hashed_account(server: &ConnectorServer, account_id: &str) -> Result<String, Rejection> {
    let key = server.inner().hash_key.as_ref().ok_or_else(|| {
        Rejection::InvalidRequest(
            "this server has no hash key configured (ServerBuilder::hash_key)".to_owned(),
        )
    })?;
    Ok(super::call_log::hash_id(account_id, key.expose()))
}

/// The identity of the request's RingCentral token.
async fn rc_identity(
    server: &ConnectorServer,
    incoming: &Incoming<'_>,
) -> Result<ringcentral::RcIdentity, Rejection> {
    let token =
        ringcentral::access_token(incoming).ok_or(Rejection::MissingParameter("rcAccessToken"))?;
    lookup(server, &token)
        .await
        .map_err(|failure| Rejection::InvalidRequest(failure.to_string()))
}

#[cfg(feature = "oauth")]
async fn lookup(
    server: &ConnectorServer,
    token: &crate::models::Secret,
) -> Result<ringcentral::RcIdentity, RcFailure> {
    server.inner().ringcentral.identify(token).await
}

#[cfg(not(feature = "oauth"))]
async fn lookup(
    _: &ConnectorServer,
    _: &crate::models::Secret,
) -> Result<ringcentral::RcIdentity, RcFailure> {
    Err(RcFailure::Unsupported)
}

/// The hashed RingCentral account id of the request's RingCentral token, when it sends one
/// that RingCentral accepts: what an API-key sign-in stores as the user's `rcAccountId`, so
/// account data and contact matches are cached per account as core caches them. No token, a
/// refused one or no hash key leaves it unset (the sign-in itself goes on).
pub(super) async fn verified_account(
    server: &ConnectorServer,
    incoming: &Incoming<'_>,
) -> Option<String> {
    let token = ringcentral::access_token(incoming)?;
    match lookup(server, &token).await {
        Ok(identity) => hashed_account(server, &identity.account_id).ok(),
        Err(failure) => {
            #[cfg(feature = "tracing")]
            tracing::warn!(
                target: "app_connect_sdk::server",
                error = %failure,
                "no rcAccountId stored: the RingCentral identity is unknown"
            );
            #[cfg(not(feature = "tracing"))]
            let _ = failure;
            None
        }
    }
}

/// The hashed account id of an account admin; the error is the complete answer (403
/// `Admin validation failed` for a user who is not one).
pub(super) async fn admin_account(
    server: &ConnectorServer,
    incoming: &Incoming<'_>,
) -> Result<String, Outcome> {
    let identity = rc_identity(server, incoming).await.map_err(Err)?;
    if !identity.is_admin {
        return Err(Ok(text_response(
            StatusCode::FORBIDDEN,
            ADMIN_VALIDATION_FAILED,
        )));
    }
    hashed_account(server, &identity.account_id).map_err(Err)
}

/// The admin user settings `GET /user/settings` merges for this request: those of
/// `?rcAccountId` (already hashed, as core reads it), else of the RingCentral token's account.
/// A failure only means no admin settings (core logs it and answers the user's own).
pub(super) async fn admin_settings_for(
    server: &ConnectorServer,
    incoming: &Incoming<'_>,
    platform: &str,
) -> Option<UserSettings> {
    let account = match incoming.query("rcAccountId").filter(|a| !a.is_empty()) {
        Some(account) => account.to_owned(),
        None => {
            let token = ringcentral::access_token(incoming)?;
            let identity = match lookup(server, &token).await {
                Ok(identity) => identity,
                Err(failure) => {
                    // Core logs it and answers the user's own settings.
                    #[cfg(feature = "tracing")]
                    tracing::warn!(
                        target: "app_connect_sdk::server",
                        error = %failure,
                        "no admin settings merged: the RingCentral identity is unknown"
                    );
                    #[cfg(not(feature = "tracing"))]
                    let _ = failure;
                    return None;
                }
            };
            hashed_account(server, &identity.account_id).ok()?
        }
    };
    let config = server
        .inner()
        .admin
        .get_admin_config(platform, &account)
        .await
        .ok()??;
    config.user_settings
}

/// `GET /admin/settings`: the account's admin configuration, or
/// `{ customConnector: null, userSettings: {} }` when it has none. Session and RingCentral
/// admin token required.
pub(super) async fn get_settings(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    let session = match server.session_user(incoming).await {
        Ok(session) => session,
        Err(answer) => return answer,
    };
    let account = match admin_account(server, incoming).await {
        Ok(account) => account,
        Err(answer) => return answer,
    };
    match server
        .inner()
        .admin
        .get_admin_config(&session.platform, &account)
        .await
    {
        Ok(Some(config)) => Ok(json_response(StatusCode::OK, &config)),
        Ok(None) => {
            let mut empty = AdminConfig {
                user_settings: Some(UserSettings::new()),
                ..AdminConfig::default()
            };
            empty
                .extra
                .insert("customConnector".to_owned(), Value::Null);
            Ok(json_response(StatusCode::OK, &empty))
        }
        Err(_) => Ok(database_failed()),
    }
}

/// `POST /admin/settings` with `{ adminSettings }`: the submitted keys replace the stored
/// ones (core's upsert). RingCentral admin token required; no session needed (the platform
/// is the session's, `?platform=`, or the only one served). 200 text `Admin settings updated`.
pub(super) async fn update_settings(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    let mut body: Value = incoming.json()?;
    normalise_mappings(&mut body);
    let request: crate::models::AdminSettingsUpdateRequest = crate::models::from_json_value(body)?;
    let platform = admin_platform(server, incoming)?;
    let account = match admin_account(server, incoming).await {
        Ok(account) => account,
        Err(answer) => return answer,
    };
    let admin = &server.inner().admin;
    let mut config = match admin.get_admin_config(&platform, &account).await {
        Ok(stored) => stored.unwrap_or_default(),
        Err(_) => return Ok(database_failed()),
    };
    let submitted = request.admin_settings;
    if submitted.user_settings.is_some() {
        config.user_settings = submitted.user_settings;
    }
    if submitted.user_mappings.is_some() {
        config.user_mappings = submitted.user_mappings;
    }
    for (key, value) in submitted.extra {
        // An explicit `null` clears a modelled key (core's update writes the column null).
        match key.as_str() {
            "userSettings" => config.user_settings = None,
            "userMappings" => config.user_mappings = None,
            _ => {
                config.extra.insert(key, value);
            }
        }
    }
    if admin
        .put_admin_config(&platform, &account, config)
        .await
        .is_err()
    {
        return Ok(database_failed());
    }
    let mut response = text_response(StatusCode::OK, "Admin settings updated");
    // Express sends a string as text/html, and the contract says so.
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    Ok(response)
}

/// Legacy mappings: an `rcExtensionId` string becomes a one-element list, numeric ids text.
fn normalise_mappings(body: &mut Value) {
    let Some(Value::Array(mappings)) = body.pointer_mut("/adminSettings/userMappings") else {
        return;
    };
    let text = |value: &mut Value| {
        if let Value::Number(n) = value {
            *value = Value::String(n.to_string());
        }
    };
    for mapping in mappings.iter_mut().filter_map(Value::as_object_mut) {
        if let Some(id) = mapping.get_mut("crmUserId") {
            text(id);
        }
        if let Some(ids) = mapping.get_mut("rcExtensionId") {
            if !ids.is_array() {
                *ids = Value::Array(vec![ids.take()]);
            }
            ids.as_array_mut().into_iter().flatten().for_each(text);
        }
    }
}

/// `GET /user/preloadSettings`: the account's admin user settings before CRM login, by
/// `?rcAccountId` (hashed) or the RingCentral token. 200 `{ userSettings? }`; 400 text
/// `Cannot find rc user login` with neither.
pub(super) async fn preload_settings(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    let by_query = incoming.query("rcAccountId").filter(|a| !a.is_empty());
    if by_query.is_none() && ringcentral::access_token(incoming).is_none() {
        return Ok(text_response(
            StatusCode::BAD_REQUEST,
            "Cannot find rc user login",
        ));
    }
    let platform = admin_platform(server, incoming)?;
    let account = match by_query {
        Some(account) => account.to_owned(),
        None => {
            let identity = rc_identity(server, incoming).await?;
            hashed_account(server, &identity.account_id)?
        }
    };
    let config = match server
        .inner()
        .admin
        .get_admin_config(&platform, &account)
        .await
    {
        Ok(config) => config,
        Err(_) => return Ok(database_failed()),
    };
    let envelope = UserSettingsEnvelope {
        user_settings: config.and_then(|c| c.user_settings),
        ..UserSettingsEnvelope::default()
    };
    Ok(json_response(StatusCode::OK, &envelope))
}

/// `POST /admin/userMapping`: the CRM's users (`getUserList`) matched to the account's
/// extensions; stored mappings are reused and new matches stored.
pub(super) async fn user_mapping(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    super::user_mapping::map_users(server, incoming, false).await
}

/// `POST /admin/reinitializeUserMapping`: like `/admin/userMapping`, but every stored mapping
/// is replaced by fresh matches.
pub(super) async fn reinitialize_user_mapping(
    server: &ConnectorServer,
    incoming: &Incoming<'_>,
) -> Outcome {
    super::user_mapping::map_users(server, incoming, true).await
}

/// The session's user and the hashed account of its RingCentral admin (for the user-mapping
/// routes); the error is the complete answer.
pub(super) async fn admin_session(
    server: &ConnectorServer,
    incoming: &Incoming<'_>,
) -> Result<(String, String), Outcome> {
    let session = server.session_user(incoming).await?;
    let account = admin_account(server, incoming).await?;
    Ok((session.platform, account))
}

/// `GET /admin/serverLoggingSettings`: the connector's `getServerLoggingSettings`, or `{}`
/// when it is not declared; a failure is 400. Session required (no RingCentral admin check,
/// as core).
pub(super) async fn get_server_logging(
    server: &ConnectorServer,
    incoming: &Incoming<'_>,
) -> Outcome {
    let signed = match server.sign_in(incoming).await {
        Ok(signed) => signed,
        Err(answer) => return answer,
    };
    let Some(settings) = signed.connector.server_logging_settings() else {
        return Ok(json_response(StatusCode::OK, &Extra::new()));
    };
    match signed
        .call(
            Interface::GetServerLoggingSettings,
            settings.get_server_logging_settings(&signed.cx),
        )
        .await
    {
        Ok(values) => Ok(json_response(StatusCode::OK, &values)),
        // Core answers a failing connector with 400 `{ error }`.
        Err(response) => Ok(super::login::login_failed(response)),
    }
}

/// `POST /admin/serverLoggingSettings` with `{ additionalFieldValues }`: the connector's
/// `updateServerLoggingSettings`. 200 `{ successful, returnMessage }` (`{}` when not
/// declared); 400 text `Missing additionalFieldValues`; a failure is core's 400
/// `Server logging settings update failed`.
pub(super) async fn update_server_logging(
    server: &ConnectorServer,
    incoming: &Incoming<'_>,
) -> Outcome {
    if incoming.session.is_none() {
        return Err(Rejection::MissingSession);
    }
    let values = match additional_field_values(incoming)? {
        Some(values) => values,
        None => {
            return Ok(text_response(
                StatusCode::BAD_REQUEST,
                "Missing additionalFieldValues",
            ));
        }
    };
    let signed = match server.sign_in(incoming).await {
        Ok(signed) => signed,
        Err(answer) => return answer,
    };
    let Some(settings) = signed.connector.server_logging_settings() else {
        return Ok(json_response(StatusCode::OK, &Extra::new()));
    };
    match signed
        .call(
            Interface::UpdateServerLoggingSettings,
            settings.update_server_logging_settings(&signed.cx, values),
        )
        .await
    {
        Ok(result) => {
            let reply = BasicMutationResponse {
                successful: result.successful,
                return_message: result.return_message.map(Into::into),
                ..BasicMutationResponse::default()
            };
            Ok(json_response(StatusCode::OK, &reply))
        }
        Err(_) => Ok(json_response(
            StatusCode::BAD_REQUEST,
            &ErrorResponse::message(
                ReturnMessage::warning("Server logging settings update failed")
                    .with_ttl(FAILURE_TTL),
            ),
        )),
    }
}

/// The body's `additionalFieldValues` object; `None` when the body or the key is absent.
fn additional_field_values(incoming: &Incoming<'_>) -> Result<Option<Extra>, Rejection> {
    if incoming.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let body: Value = incoming.json()?;
    match body.get("additionalFieldValues") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(values)) => Ok(Some(values.clone())),
        Some(_) => Err(Rejection::InvalidRequest(
            "`additionalFieldValues` must be an object".to_owned(),
        )),
    }
}
