//! The session lifecycle: `POST /unAuthorize`, `GET /authValidation`,
//! `POST /user/refreshInfo`, `GET /hostname`, `GET /userInfoHash`.

use std::sync::Arc;

use http::StatusCode;

use crate::connector::{Context, Interface, SignIn};
use crate::models::{
    BasicMutationResponse, ErrorResponse, ReturnMessage, Secret, UserInfoHashResponse,
};
use crate::server::incoming::{Incoming, json_response, text_response};
use crate::server::routes::{DATABASE_FAILED, FAILURE_TTL};
use crate::server::signed_in::{Outcome, SessionUser, StorePersistence, call_connector};
use crate::server::{ConnectorServer, Rejection};

/// `POST /unAuthorize`: the connector's `unAuthorize` (when declared), then the runtime clears
/// the stored CRM credentials, so that every route refuses the session (`User not found`) until
/// the user signs in again. 200 with the connector's `returnMessage` object itself.
pub(super) async fn un_authorize(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    let session = match server.session_user(incoming).await {
        Ok(session) => session,
        Err(answer) => return answer,
    };
    let users = server.inner().users.clone();
    let mut message = ReturnMessage::success("Logged out").with_ttl(1000);
    if let Some(hook) = session.connector.un_authorize() {
        let cx = plain_context(incoming, &session, users.clone());
        let result = match call_connector(
            &session.platform,
            Interface::UnAuthorize,
            hook.un_authorize(&cx),
        )
        .await
        {
            Ok(result) => result,
            Err(mut response) => {
                if response.status().is_success() {
                    *response.status_mut() = StatusCode::BAD_REQUEST;
                }
                return Ok(response);
            }
        };
        if let Some(returned) = result.return_message {
            message = returned;
        }
    }
    // The connector may have saved or deleted the user: clear what is stored now.
    match users.get_user(&session.platform, &session.user.id).await {
        Ok(Some(mut user)) => {
            user.access_token = Secret::default();
            user.refresh_token = None;
            user.token_expiry = None;
            if users.put_user(user).await.is_err() {
                return Ok(cannot_sign_out());
            }
        }
        Ok(None) => {}
        Err(_) => return Ok(cannot_sign_out()),
    }
    Ok(json_response(StatusCode::OK, &message))
}

/// `GET /authValidation`: refreshes the CRM token when due, then the connector's
/// `authValidation` (when declared). 200 `{ successful, returnMessage }`; an unknown or
/// signed-out user and a revoked CRM session are `successful: false` (core maps neither to 401
/// here).
pub(super) async fn auth_validation(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    let signed = match server.sign_in(incoming).await {
        Ok(signed) => signed,
        Err(Err(rejection)) => return Err(rejection),
        Err(Ok(response)) => return Ok(as_unsuccessful(response)),
    };
    let Some(hook) = signed.connector.auth_validation() else {
        return Ok(json_response(
            StatusCode::OK,
            &BasicMutationResponse::success(),
        ));
    };
    match signed
        .call(Interface::AuthValidation, hook.auth_validation(&signed.cx))
        .await
    {
        Ok(result) => Ok(json_response(StatusCode::OK, &result)),
        Err(response) => Ok(as_unsuccessful(response)),
    }
}

/// `POST /user/refreshInfo`: the connector's `refreshUserInfo`; `{ successful: true }` without
/// touching the user when it is not declared. Failures (revocation included) are 200
/// `successful: false`.
pub(super) async fn refresh_info(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    let session = match server.session_user(incoming).await {
        Ok(session) => session,
        Err(Err(rejection)) => return Err(rejection),
        Err(Ok(response)) => return Ok(as_unsuccessful(response)),
    };
    if session.connector.user_info_refresh().is_none() {
        return Ok(json_response(
            StatusCode::OK,
            &BasicMutationResponse::success(),
        ));
    }
    let signed = match server.sign_in(incoming).await {
        Ok(signed) => signed,
        Err(Err(rejection)) => return Err(rejection),
        Err(Ok(response)) => return Ok(as_unsuccessful(response)),
    };
    let Some(hook) = signed.connector.user_info_refresh() else {
        return Ok(json_response(
            StatusCode::OK,
            &BasicMutationResponse::success(),
        ));
    };
    match signed
        .call(
            Interface::RefreshUserInfo,
            hook.refresh_user_info(&signed.cx),
        )
        .await
    {
        Ok(result) => Ok(json_response(StatusCode::OK, &result)),
        Err(response) => Ok(as_unsuccessful(response)),
    }
}

/// `GET /hostname`: the signed-in user's stored CRM hostname as text (may be empty).
pub(super) async fn hostname(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    match server.session_user(incoming).await {
        Ok(session) => Ok(text_response(
            StatusCode::OK,
            session.user.hostname.as_deref().unwrap_or_default(),
        )),
        Err(Err(rejection)) => Err(rejection),
        // `User not found` is a 400 on this route.
        Err(Ok(_)) => Err(Rejection::InvalidRequest(
            crate::server::signed_in::USER_NOT_FOUND.to_owned(),
        )),
    }
}

/// `GET /userInfoHash?extensionId=&accountId=`: `hex(sha256("<id>:<HASH_KEY>"))` of each (a
/// missing one hashes `undefined`, as core does). 400 when the server has no hash key.
pub(super) fn user_info_hash(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    let key = server.inner().hash_key.as_ref().ok_or_else(|| {
        Rejection::InvalidRequest(
            "this server has no hash key configured (ServerBuilder::hash_key)".to_owned(),
        )
    })?;
    let extension = incoming.query("extensionId").unwrap_or("undefined");
    let account = incoming.query("accountId").unwrap_or("undefined");
    let hashes = UserInfoHashResponse {
        extension_id: super::call_log::hash_id(extension, key.expose()),
        account_id: super::call_log::hash_id(account, key.expose()),
        ..UserInfoHashResponse::default()
    };
    Ok(json_response(StatusCode::OK, &hashes))
}

/// A context for the session's user without refreshing its tokens.
fn plain_context(
    incoming: &Incoming<'_>,
    session: &SessionUser,
    users: Arc<dyn crate::server::store::UserStore>,
) -> Context {
    let mut builder = Context::builder()
        .platform(session.platform.clone())
        .user(session.user.clone())
        .headers(incoming.connector_headers())
        .persistence_arc(Arc::new(StorePersistence(users)));
    let header = match session.connector.auth() {
        SignIn::OAuth(_) => format!("Bearer {}", session.user.access_token.expose()),
        SignIn::ApiKey(api_key) => {
            format!(
                "Basic {}",
                api_key.basic_auth(session.user.access_token.expose())
            )
        }
    };
    builder = builder.auth_header(header);
    builder.build()
}

/// A failure answer as HTTP 200 `{ successful: false, returnMessage }`, keeping the
/// failure's `returnMessage` object.
fn as_unsuccessful(response: http::Response<Vec<u8>>) -> http::Response<Vec<u8>> {
    let message = serde_json::from_slice::<ErrorResponse>(response.body())
        .ok()
        .and_then(|body| match body {
            ErrorResponse::Body(body) => body.return_message,
            _ => None,
        })
        .unwrap_or_else(|| ReturnMessage::warning("Authentication failed").with_ttl(FAILURE_TTL));
    json_response(StatusCode::OK, &BasicMutationResponse::failure(message))
}

/// 400 `{ error: "Database operation failed" }`: the credentials could not be cleared (core's
/// answer to an exception of `/unAuthorize`).
fn cannot_sign_out() -> http::Response<Vec<u8>> {
    json_response(
        StatusCode::BAD_REQUEST,
        &ErrorResponse::error(DATABASE_FAILED),
    )
}
