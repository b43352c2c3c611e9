//! `PUT /callDisposition` (`upsertCallDisposition`).

use http::StatusCode;

use crate::connector::{ConnectorError, Interface};
use crate::models::{
    CallDispositionRequest, CallLogMutationResponse, ExistingCallLog, LogResult, ReturnMessage,
    UpsertDispositionParams,
};
use crate::server::incoming::{Incoming, json_response};
use crate::server::routes::{NOTICE_TTL, database_failed};
use crate::server::signed_in::{Outcome, SignedIn};
use crate::server::store::CallIdentity;
use crate::server::{ConnectorServer, Rejection};

/// `PUT /callDisposition`: body `{ sessionId, extensionNumber?, hashedExtensionId?,
/// dispositions }`; the call log of that session and identity, then the connector's
/// `upsertCallDisposition`. 200 `{ successful, logId?, returnMessage? }`; `Cannot find log` when
/// the call was never logged.
pub(super) async fn upsert(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    let request = params(incoming)?;
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
    let existing = match logged_call(server, &signed, &request).await {
        Ok(existing) => existing,
        Err(answer) => return Ok(answer),
    };
    let params = UpsertDispositionParams {
        existing_call_log: existing,
        dispositions: request.dispositions.unwrap_or_default(),
    };
    match signed
        .call(
            Interface::UpsertCallDisposition,
            hook.upsert_call_disposition(&signed.cx, params),
        )
        .await
    {
        Ok(result) => Ok(json_response(StatusCode::OK, &reply(result))),
        Err(response) => Ok(response),
    }
}

/// The body, with a `sessionId` that is present and not empty.
fn params(incoming: &Incoming<'_>) -> Result<CallDispositionRequest, Rejection> {
    let request: CallDispositionRequest =
        incoming.json_defaulting(&[("sessionId", serde_json::Value::from(""))])?;
    if request.session_id.is_empty() {
        return Err(Rejection::MissingParameter("sessionId"));
    }
    Ok(request)
}

/// The call log of the request's session and extension identity; the error is the answer
/// (`Cannot find log` when the call was never logged).
async fn logged_call(
    server: &ConnectorServer,
    signed: &SignedIn,
    request: &CallDispositionRequest,
) -> Result<ExistingCallLog, http::Response<Vec<u8>>> {
    let text = |id: &Option<crate::models::CrmId>| {
        id.as_ref()
            .map(|id| id.as_str().into_owned())
            .unwrap_or_default()
    };
    let identity = CallIdentity::new(
        text(&request.extension_number),
        text(&request.hashed_extension_id),
    );
    match server
        .inner()
        .call_logs
        .find_call_log(&signed.platform, &request.session_id, &identity)
        .await
    {
        Ok(Some(row)) => Ok(row),
        Ok(None) => {
            let answer = CallLogMutationResponse {
                return_message: Some(
                    ReturnMessage::warning("Cannot find log").with_ttl(NOTICE_TTL),
                ),
                ..CallLogMutationResponse::default()
            };
            Err(json_response(StatusCode::OK, &answer))
        }
        Err(_) => Err(database_failed()),
    }
}

/// `{ successful, logId?, returnMessage? }`: successful when the connector named the log.
fn reply(result: LogResult) -> CallLogMutationResponse {
    CallLogMutationResponse {
        successful: result.log_id.is_some(),
        log_id: result.log_id,
        return_message: result.return_message,
        ..CallLogMutationResponse::default()
    }
}
