//! `PUT /callDisposition` (`upsertCallDisposition`).

use http::StatusCode;
use serde_json::{Value, json};

use crate::connector::{ConnectorError, Interface};
use crate::models::{Extra, ReturnMessage, UpsertDispositionParams};
use crate::server::incoming::{Incoming, json_response};
use crate::server::signed_in::Outcome;
use crate::server::store::CallIdentity;
use crate::server::{ConnectorServer, Rejection};

/// `PUT /callDisposition`: body `{ sessionId, extensionNumber?, hashedExtensionId?,
/// dispositions }`; the call log of that session and identity, then the connector's
/// `upsertCallDisposition`. 200 `{ successful, logId?, returnMessage? }`; `Cannot find log` when
/// the call was never logged.
pub(super) async fn upsert(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    let body: Value = incoming.json()?;
    let text = |key: &str| body.get(key).and_then(Value::as_str).unwrap_or_default();
    let session_id = text("sessionId");
    if session_id.is_empty() {
        return Err(Rejection::MissingParameter("sessionId"));
    }
    let dispositions: Extra = match body.get("dispositions") {
        Some(Value::Object(map)) => map.clone().into_iter().collect(),
        None | Some(Value::Null) => Extra::default(),
        Some(_) => {
            return Err(Rejection::InvalidRequest(
                "`dispositions` must be an object".to_owned(),
            ));
        }
    };
    let signed = match server.sign_in(incoming).await {
        Ok(signed) => signed,
        Err(answer) => return answer,
    };
    let Some(hook) = signed.connector.call_disposition() else {
        return Ok(signed.refuse(
            Interface::UpsertCallDisposition,
            &ConnectorError::NotImplemented(Interface::UpsertCallDisposition),
        ));
    };
    let identity = CallIdentity::new(text("extensionNumber"), text("hashedExtensionId"));
    let existing = match server
        .inner()
        .call_logs
        .find_call_log(&signed.platform, session_id, &identity)
        .await
    {
        Ok(Some(row)) => row,
        Ok(None) => {
            return Ok(json_response(
                StatusCode::OK,
                &json!({
                    "successful": false,
                    "returnMessage": ReturnMessage::warning("Cannot find log").with_ttl(3000),
                }),
            ));
        }
        Err(_) => {
            return Ok(crate::server::signed_in::warning(
                "Database operation failed",
                5000,
            ));
        }
    };
    let params = UpsertDispositionParams {
        existing_call_log: existing,
        dispositions,
    };
    let result = match signed
        .call(
            Interface::UpsertCallDisposition,
            hook.upsert_call_disposition(&signed.cx, params),
        )
        .await
    {
        Ok(result) => result,
        Err(response) => return Ok(response),
    };
    let mut answer = json!({ "successful": result.log_id.is_some() });
    if let Some(map) = answer.as_object_mut() {
        if let Some(id) = &result.log_id
            && let Ok(value) = serde_json::to_value(id)
        {
            map.insert("logId".to_owned(), value);
        }
        if let Some(message) = &result.return_message
            && let Ok(value) = serde_json::to_value(message)
        {
            map.insert("returnMessage".to_owned(), value);
        }
    }
    Ok(json_response(StatusCode::OK, &answer))
}
