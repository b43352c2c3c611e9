//! `GET /user/settings`, `POST /user/settings` and `GET /licenseStatus` (issue 12).

use std::panic::AssertUnwindSafe;

use futures_util::FutureExt as _;
use http::StatusCode;
use serde_json::Value;

use crate::connector::{ConnectorError, Interface};
use crate::models::{UserSetting, UserSettings, UserSettingsEnvelope, UserSettingsUpdateRequest};
use crate::server::ConnectorServer;
use crate::server::incoming::{Incoming, json_response};
use crate::server::routes::database_failed;
use crate::server::signed_in::Outcome;

/// `GET /user/settings`: the signed-in user's stored settings map, merged with the admin
/// settings of the account (`?rcAccountId`, or the RingCentral token's account) when it has
/// some ([`with_admin`]). No connector code runs.
pub(super) async fn get(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    let session = match server.session_user(incoming).await {
        Ok(session) => session,
        Err(answer) => return answer,
    };
    let own = &session.user.user_settings;
    let settings = match super::admin::admin_settings_for(server, incoming, &session.platform).await
    {
        Some(admin) => with_admin(&admin, own),
        None => own.clone(),
    };
    Ok(json_response(StatusCode::OK, &settings))
}

/// Core's merge of a user's settings with the account's admin settings, over the admin's keys
/// then the user's: a key the admin marked `isRemoved` goes; a key the admin does not define
/// or marks `customizable`, which the user has, is the user's `{ value, defaultValue, options }`
/// with `customizable: true`; any other key is the admin's entry. `plugin_` keys merge their
/// `value.config` field by field ([`plugin_config`]).
pub(super) fn with_admin(admin: &UserSettings, own: &UserSettings) -> UserSettings {
    let mut merged = UserSettings::new();
    let keys = admin
        .keys()
        .chain(own.keys().filter(|k| admin.get(k).is_none()));
    for key in keys {
        let by_admin = admin.get(key);
        if by_admin.is_some_and(|a| a.is_removed == Some(true)) {
            continue;
        }
        let customizable = by_admin.is_none_or(|a| a.customizable == Some(true));
        match own.get(key) {
            Some(mine) if customizable => {
                let mut entry = UserSetting {
                    customizable: Some(true),
                    value: mine.value.clone(),
                    default_value: mine.default_value.clone(),
                    options: mine.options.clone(),
                    ..UserSetting::default()
                };
                if key.starts_with("plugin_") && !plugin_config(&mut entry, by_admin) {
                    continue;
                }
                merged.insert(key, entry);
            }
            _ => {
                if let Some(entry) = by_admin {
                    merged.insert(key, entry.clone());
                }
            }
        }
    }
    merged
}

/// A plugin entry's `value.config` merged with the admin's: a field the admin fixed (not
/// `customizable`), or one the user left empty that the admin filled, is the admin's; the
/// others keep the user's value and take the admin's `customizable` (default `true`). No
/// config of the user's: the admin's; of neither: `false` (the key is dropped).
fn plugin_config(entry: &mut UserSetting, admin: Option<&UserSetting>) -> bool {
    let by_admin = admin
        .and_then(|a| a.value.as_ref()?.get("config")?.as_object())
        .cloned();
    let Some(Value::Object(value)) = entry.value.as_mut() else {
        return true;
    };
    let own = value
        .get("config")
        .and_then(Value::as_object)
        .filter(|c| !c.is_empty())
        .cloned();
    let config = match (own, by_admin) {
        (Some(mut own), Some(by_admin)) => {
            for (field, mine) in own.iter_mut() {
                let theirs = by_admin.get(field);
                let fixed = theirs.is_some_and(|t| !truthy(t.get("customizable")));
                let filled =
                    !truthy(mine.get("value")) && theirs.is_some_and(|t| truthy(t.get("value")));
                if let Some(theirs) = theirs.filter(|_| fixed || filled) {
                    *mine = theirs.clone();
                } else if let Value::Object(mine) = mine {
                    let customizable = theirs
                        .and_then(|t| t.get("customizable"))
                        .cloned()
                        .unwrap_or(Value::Bool(true));
                    mine.insert("customizable".to_owned(), customizable);
                }
            }
            own
        }
        (Some(own), None) => own,
        (None, Some(by_admin)) => by_admin,
        (None, None) => return false,
    };
    value.insert("config".to_owned(), Value::Object(config));
    true
}

/// JavaScript truthiness of an optional JSON value (absent is falsy).
fn truthy(value: Option<&Value>) -> bool {
    value.is_some_and(crate::compose::js_truthy)
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
        return Ok(json_response(
            StatusCode::OK,
            &UserSettingsEnvelope::default(),
        ));
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
