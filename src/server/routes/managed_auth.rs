//! `POST /admin/managedAuth/options`: the options of a dynamic, user-scoped admin-managed
//! auth field (`getManagedAuthOptions`).

use http::StatusCode;
use serde_json::Value;

use crate::connector::{Context, Interface};
use crate::models::{Extra, ManagedAuthOption, ManagedAuthOptionsRequest};
use crate::server::incoming::{Incoming, json_response, text_response};
use crate::server::signed_in::{Outcome, call_connector};
use crate::server::{ConnectorServer, Rejection};

/// `POST /admin/managedAuth/options?platform=` with `{ fieldConst, accountValues? }`:
/// RingCentral admin token required (no session: no CRM user exists yet). The field must be a
/// managed, `managedScope: "user"`, `managedFieldType: "dynamic"` field of the platform's
/// API-key page in the served manifest; the connector gets the request's values of the
/// account-scoped managed fields. 200 `[{ value, label }]` (`[]` without the capability);
/// 400 text `Missing platform name` / `Missing managed auth field`.
pub(super) async fn options(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    let Some(platform) = incoming.query("platform").filter(|p| !p.is_empty()) else {
        return Ok(text_response(
            StatusCode::BAD_REQUEST,
            "Missing platform name",
        ));
    };
    let request = match params(incoming)? {
        Some(request) => request,
        None => {
            return Ok(text_response(
                StatusCode::BAD_REQUEST,
                "Missing managed auth field",
            ));
        }
    };
    if let Err(answer) = super::admin::admin_account(server, incoming).await {
        return answer;
    }
    let connector = server
        .connector(platform)
        .cloned()
        .ok_or_else(|| Rejection::UnknownPlatform(platform.to_owned()))?;
    let fields = api_key_fields(server, platform);
    let dynamic = fields.iter().any(|field| {
        field.get("const").and_then(Value::as_str) == Some(request.field_const.as_str())
            && managed(field, "user")
            && field.get("managedFieldType").and_then(Value::as_str) == Some("dynamic")
    });
    if !dynamic {
        return Err(Rejection::InvalidRequest(format!(
            "Managed auth field \"{}\" is not a dynamic user field",
            request.field_const
        )));
    }
    let Some(source) = connector.managed_auth_options() else {
        return Ok(json_response(
            StatusCode::OK,
            &Vec::<ManagedAuthOption>::new(),
        ));
    };
    let values = account_values(&fields, request.account_values.as_ref());
    let cx = Context::builder()
        .platform(platform)
        .headers(incoming.connector_headers())
        .build();
    let found = call_connector(
        platform,
        Interface::GetManagedAuthOptions,
        source.get_managed_auth_options(&cx, &request.field_const, &values),
    )
    .await;
    match found {
        Ok(options) => {
            let options: Vec<ManagedAuthOption> = options
                .into_iter()
                .map(|o| ManagedAuthOption::new(o.value.as_str().into_owned(), o.label))
                .collect();
            Ok(json_response(StatusCode::OK, &options))
        }
        // Core answers a failing connector with 400 `{ error }`; the contract lists no other.
        Err(response) => Ok(super::login::login_failed(response)),
    }
}

/// The body; `None` when it or its `fieldConst` is absent or empty.
fn params(incoming: &Incoming<'_>) -> Result<Option<ManagedAuthOptionsRequest>, Rejection> {
    if incoming.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let request: ManagedAuthOptionsRequest =
        incoming.json_defaulting(&[("fieldConst", Value::from(""))])?;
    Ok(Some(request).filter(|r| !r.field_const.is_empty()))
}

/// The fields of the platform's API-key page in the served manifest.
fn api_key_fields(server: &ConnectorServer, platform: &str) -> Vec<Value> {
    server
        .inner()
        .manifest
        .as_ref()
        .and_then(|m| {
            m.get("platforms")?
                .get(platform)?
                .pointer("/auth/apiKey/page/content")
        })
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// Whether `field` is admin-managed with this `managedScope`.
fn managed(field: &Value, scope: &str) -> bool {
    field.get("managed").and_then(Value::as_bool) == Some(true)
        && field.get("managedScope").and_then(Value::as_str) == Some(scope)
}

/// The submitted values of the account-scoped, non-dynamic managed fields (core adds the
/// stored ones first; this runtime does not store managed values yet).
fn account_values(fields: &[Value], submitted: Option<&Extra>) -> Extra {
    let Some(submitted) = submitted else {
        return Extra::new();
    };
    fields
        .iter()
        .filter(|field| {
            managed(field, "account")
                && field.get("managedFieldType").and_then(Value::as_str) != Some("dynamic")
        })
        .filter_map(|field| field.get("const")?.as_str())
        .filter_map(|key| Some((key.to_owned(), submitted.get(key)?.clone())))
        .collect()
}
