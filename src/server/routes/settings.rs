//! `GET /user/settings`, `POST /user/settings` and `GET /licenseStatus` (issue 12).

use std::panic::AssertUnwindSafe;

use futures_util::FutureExt as _;
use http::StatusCode;
use serde_json::json;

use crate::connector::{ConnectorError, Interface};
use crate::models::{UserSettings, UserSettingsEnvelope, UserSettingsUpdateRequest};
use crate::server::ConnectorServer;
use crate::server::incoming::{Incoming, json_response};
use crate::server::routes::database_failed;
use crate::server::signed_in::Outcome;

/// `GET /user/settings`: the signed-in user's stored settings map. No connector code runs.
pub(super) async fn get(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    let session = match server.session_user(incoming).await {
        Ok(session) => session,
        Err(answer) => return answer,
    };
    Ok(json_response(StatusCode::OK, &session.user.user_settings))
}

/// The stored settings with `update` applied: each submitted entry replaces the stored one of
/// its id, then the ids in `settingKeysToRemove` go.
fn merged(stored: &UserSettings, update: &UserSettingsUpdateRequest) -> UserSettings {
    let mut merged = stored.clone();
    if let Some(submitted) = &update.user_settings {
        for (id, setting) in submitted.iter() {
            merged.insert(id, setting.clone());
        }
    }
    for id in update.setting_keys_to_remove.iter().flatten() {
        merged.remove(id);
    }
    merged
}

/// `POST /user/settings`: merges `userSettings` into the stored map and removes
/// `settingKeysToRemove`; the connector's `onUpdateUserSettings` decides whether the result is
/// stored. 200 `{ userSettings }` when stored, `{}` when the hook refused or failed (as App
/// Connect answers a connector hook).
pub(super) async fn update(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    let request: UserSettingsUpdateRequest = incoming.json()?;
    let session = match server.sign_in(incoming).await {
        Ok(session) => session,
        Err(answer) => return answer,
    };
    let submitted = request.user_settings.clone().unwrap_or_default();
    let settings = merged(&session.user.user_settings, &request);
    let hook = session
        .connector
        .on_update_user_settings(&session.cx, &submitted, &settings);
    // A panicking hook is refused like a failing one: nothing is stored.
    let accepted = match AssertUnwindSafe(hook).catch_unwind().await {
        Ok(Ok(result)) => result.successful,
        Ok(Err(_)) | Err(_) => false,
    };
    if !accepted {
        return Ok(json_response(StatusCode::OK, &json!({})));
    }
    let mut user = session.user.clone();
    user.user_settings = settings.clone();
    if server.inner().users.put_user(user).await.is_err() {
        return Ok(database_failed());
    }
    let envelope = UserSettingsEnvelope {
        user_settings: Some(settings),
        ..UserSettingsEnvelope::default()
    };
    Ok(json_response(StatusCode::OK, &envelope))
}

/// `GET /licenseStatus`: the connector's `getLicenseStatus`, answered verbatim.
pub(super) async fn license_status(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    let session = match server.sign_in(incoming).await {
        Ok(session) => session,
        Err(answer) => return answer,
    };
    let interface = Interface::GetLicenseStatus;
    let Some(check) = session.connector.license_status() else {
        return Ok(session.refuse(interface, &ConnectorError::not_implemented(interface)));
    };
    match session
        .call(interface, check.get_license_status(&session.cx))
        .await
    {
        Ok(status) => Ok(json_response(StatusCode::OK, &status)),
        Err(response) => Ok(response),
    }
}
