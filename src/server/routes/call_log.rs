//! `GET /callLog`, `POST /callLog`, `PATCH /callLog`.

use std::fmt::Write as _;
use std::sync::Arc;

use http::{Response, StatusCode};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::connector::{ErrorReply, Interface};
use crate::models::{
    BasicMutationResponse, CallLogLookupItem, CallLogLookupResponse, CallLogMutationResponse,
    CallLogUpdateResponse, CallNoteCacheRequest, CreateCallLogParams, CreateCallLogRequest, CrmId,
    ExistingCallLog, GetCallLogParams, ReturnMessage, ReturnMessageOrText, UpdateCallLogParams,
    UpdateCallLogRequest,
};
use crate::server::composition::{compose_body, create_input, update_input};
use crate::server::incoming::{Incoming, json_response};
use crate::server::routes::{FAILURE_TTL, NOTICE_TTL, database_failed};
use crate::server::signed_in::{Outcome, SignedIn, warning};
use crate::server::store::{
    CALL_NOTE_TTL, CallIdentity, CallLogKey, CallLogStore, StoreError, detached, new_holder,
    now_millis,
};
use crate::server::{ConnectorServer, Rejection};

/// At most this many session ids are looked up per `GET /callLog`, as in App Connect.
const MAX_LOOKUP_SESSIONS: usize = 5;

/// A typed reply as App Connect's JSON answer (HTTP 200).
fn reply(body: &impl serde::Serialize) -> Response<Vec<u8>> {
    json_response(StatusCode::OK, body)
}

/// The extension a call log belongs to (server-api §3.2).
fn identity(
    server: &ConnectorServer,
    extension_number: Option<&str>,
    hashed_extension_id: Option<&str>,
    rc_extension_id: Option<&str>,
) -> CallIdentity {
    let hashed = match hashed_extension_id.filter(|h| !h.is_empty()) {
        Some(hashed) => hashed.to_owned(),
        None => match (
            rc_extension_id.filter(|id| !id.is_empty()),
            &server.inner().hash_key,
        ) {
            (Some(raw), Some(key)) => hash_id(raw, key.expose()),
            _ => String::new(),
        },
    };
    CallIdentity {
        extension_number: extension_number.unwrap_or_default().to_owned(),
        hashed_extension_id: hashed,
    }
}

/// `hex(sha256("<id>:<HASH_KEY>"))`, App Connect's hash of RingCentral ids.
pub(super) fn hash_id(id: &str, key: &str) -> String {
    let digest = Sha256::digest(format!("{id}:{key}").as_bytes());
    digest
        .iter()
        .fold(String::with_capacity(64), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

/// The lock key serialising create and update of one call session.
fn lock_key(platform: &str, session_id: &str) -> String {
    format!("{platform}\u{1f}{session_id}")
}

/// `hashedAccountId` for the connector: the `rc-account-id` header (already hashed), else the
/// body's raw RingCentral account id hashed with the deployment's `HASH_KEY`, as App Connect
/// does for server-side logging, which sends no such header.
fn hashed_account_id(
    server: &ConnectorServer,
    incoming: &Incoming<'_>,
    account_id: Option<&str>,
) -> Option<String> {
    if let Some(hashed) = incoming.header("rc-account-id").filter(|h| !h.is_empty()) {
        return Some(hashed.to_owned());
    }
    let raw = account_id.filter(|id| !id.is_empty())?;
    let key = server.inner().hash_key.as_ref()?;
    Some(hash_id(raw, key.expose()))
}

fn is_from_sscl(incoming: &Incoming<'_>) -> bool {
    incoming.header("user-agent") == Some("SSCL")
}

/// A failed `GET /callLog` (no user, store or connector failure) still carries `logs`, which
/// App Connect's `CallLogLookupResponse` requires: an empty list, so no session looks logged.
/// The body is rendered from the failure's typed [`ErrorReply`] (in the response's
/// extensions), never by reading the reply back.
fn with_empty_logs(response: Response<Vec<u8>>) -> Response<Vec<u8>> {
    /// `{ successful: false, returnMessage, errorCode?, logs: [] }`.
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct LookupFailure<'a> {
        successful: bool,
        return_message: &'a ReturnMessage,
        #[serde(skip_serializing_if = "Option::is_none")]
        error_code: Option<&'static str>,
        logs: [CallLogLookupItem; 0],
    }
    let reply = match response.extensions().get::<ErrorReply>() {
        Some(reply) if response.status() == StatusCode::OK => reply,
        _ => return response,
    };
    let body = LookupFailure {
        successful: false,
        return_message: &reply.return_message,
        error_code: reply.error_code,
        logs: [],
    };
    let mut with_logs = json_response(response.status(), &body);
    *with_logs.headers_mut() = response.headers().clone();
    with_logs
}

/// `GET /callLog?sessionIds=a,b&requireDetails=true`: which sessions are logged, in steps:
/// the query, sign-in, then each session's linkage (and its CRM details when asked).
pub(super) async fn lookup(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    let ids = incoming.required_query("sessionIds")?.to_owned();
    let session = match server.sign_in(incoming).await {
        Ok(session) => session,
        Err(outcome) => return outcome.map(with_empty_logs),
    };
    let query = LookupQuery {
        details: incoming.query_flag("requireDetails"),
        identity: identity(
            server,
            incoming.query("extensionNumber"),
            incoming.query("hashedExtensionId"),
            None,
        ),
    };
    let mut response = CallLogLookupResponse::new(Vec::new());
    for id in ids
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .take(MAX_LOOKUP_SESSIONS)
    {
        match lookup_one(server, &session, &query, id).await {
            Ok((item, message)) => {
                if message.is_some() {
                    response.return_message = message;
                }
                response.logs.push(item);
            }
            Err(failure) => return Ok(with_empty_logs(failure)),
        }
    }
    Ok(reply(&response))
}

/// What a `GET /callLog` asks of every session.
struct LookupQuery {
    details: bool,
    identity: CallIdentity,
}

/// One session of a lookup: its item and the `getCallLog` message; the error is the answer
/// (without `logs`).
async fn lookup_one(
    server: &ConnectorServer,
    session: &SignedIn,
    query: &LookupQuery,
    id: &str,
) -> std::result::Result<(CallLogLookupItem, Option<ReturnMessage>), Response<Vec<u8>>> {
    let row = if id == "0" {
        None
    } else {
        server
            .inner()
            .call_logs
            .find_call_log(&session.platform, id, &query.identity)
            .await
            .map_err(|_| database_failed())?
    };
    let Some(row) = row else {
        return Ok((CallLogLookupItem::unmatched(id), None));
    };
    let mut item = CallLogLookupItem::matched(id, row.third_party_log_id.as_str());
    if !query.details {
        return Ok((item, None));
    }
    let result = session
        .call(
            Interface::GetCallLog,
            session.connector.get_call_log(&session.cx, read_back(&row)),
        )
        .await?;
    item.log_data = result.call_log_info;
    Ok((item, result.return_message))
}

/// What `getCallLog` needs to read a linked activity back.
fn read_back(row: &ExistingCallLog) -> GetCallLogParams {
    GetCallLogParams {
        telephony_session_id: row.id.clone(),
        call_log_id: row.third_party_log_id.clone(),
        contact_id: row.contact_id.clone(),
        ..GetCallLogParams::default()
    }
}

/// `POST /callLog`: creates exactly one CRM activity per call session and extension, in
/// steps: the request, sign-in, the linkage check, the cached note, the connector's params,
/// the reservation, then the create and its linkage (in a task of their own).
pub(super) async fn create(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    // A `null` or absent `contactId` is falsy to App Connect: "Contact not found for number …".
    let mut request: CreateCallLogRequest =
        incoming.json_defaulting(&[("contactId", Value::from(0))])?;
    let session_id = request.log_info.session_id.clone();
    if session_id.trim().is_empty() {
        return Err(Rejection::MissingParameter("logInfo.sessionId"));
    }
    let session = match server.sign_in(incoming).await {
        Ok(session) => session,
        Err(outcome) => return outcome,
    };
    let identity = identity(
        server,
        extension_number(&request).as_deref(),
        request.hashed_extension_id.as_deref(),
        request.rc_extension_id.as_deref(),
    );
    let _guard = server
        .inner()
        .call_locks
        .lock(&lock_key(&session.platform, &session_id))
        .await;
    if let Err(answer) = check_unlogged(server, &session, &request, &identity).await {
        return Ok(answer);
    }
    match cached_note(server, incoming, &session.platform, &request).await {
        Ok(Some(note)) => request.note = Some(note),
        Ok(None) => {}
        Err(_) => return Ok(database_failed()),
    }
    let (params, row) = create_params(server, incoming, &session, request);
    let key = CallLogKey::new(session.platform.clone(), session_id, identity);
    match reserve(server, key, row).await {
        // Once createCallLog is called, the linkage is written even if the host drops this
        // request's future: the create and the completion run in their own task.
        Ok(link) => Ok(detached(create_and_link(session, params, link), database_failed).await),
        Err(answer) => Ok(answer),
    }
}

/// App Connect's checks before a create: the call is not logged yet for this extension, and
/// the request names a contact. The error is the answer.
async fn check_unlogged(
    server: &ConnectorServer,
    session: &SignedIn,
    request: &CreateCallLogRequest,
    identity: &CallIdentity,
) -> std::result::Result<(), Response<Vec<u8>>> {
    let session_id = &request.log_info.session_id;
    match server
        .inner()
        .call_logs
        .find_call_log(&session.platform, session_id, identity)
        .await
    {
        Ok(Some(_)) => return Err(existing_log(session_id)),
        Ok(None) => {}
        Err(_) => return Err(database_failed()),
    }
    if is_missing_id(&request.contact_id) {
        let phone = request.contact_info().phone_number.unwrap_or_default();
        return Err(warning(
            format!("Contact not found for number {phone}"),
            FAILURE_TTL,
        ));
    }
    Ok(())
}

/// Reserves the linkage row before the connector runs, so a second process sharing the store
/// cannot create a second activity (the in-process lock is the fast path). The error is the
/// answer: `Existing log …` when another holder has it.
async fn reserve(
    server: &ConnectorServer,
    key: CallLogKey,
    row: ExistingCallLog,
) -> std::result::Result<Link, Response<Vec<u8>>> {
    let inner = server.inner();
    let holder = new_holder();
    match inner
        .call_logs
        .reserve_call_log(&key, &holder, inner.reservation_lease)
        .await
    {
        Ok(()) => Ok(Link {
            store: Arc::clone(&inner.call_logs),
            key,
            holder,
            row,
        }),
        Err(StoreError::Conflict) => Err(existing_log(&key.session_id)),
        Err(_) => Err(database_failed()),
    }
}

/// The note cached for the call by `POST /callLog/cacheNote`, when the deployment caches
/// notes (`cache_call_note`) and a server-side logging request (`User-Agent: SSCL`) brings
/// no note of its own.
async fn cached_note(
    server: &ConnectorServer,
    incoming: &Incoming<'_>,
    platform: &str,
    request: &CreateCallLogRequest,
) -> Result<Option<String>, StoreError> {
    let inner = server.inner();
    let has_note = request.note.as_deref().is_some_and(|n| !n.is_empty());
    if !inner.cache_call_note || !is_from_sscl(incoming) || has_note {
        return Ok(None);
    }
    inner
        .caches
        .get_call_note(platform, &request.log_info.session_id, now_millis())
        .await
}

/// `POST /callLog/cacheNote`: keeps `{ sessionId, note }` for an hour, for the server-side
/// logging of that call. Like App Connect core it needs a valid session, not a stored user.
pub(super) async fn cache_note(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    let claims = match &incoming.session {
        None => return Err(Rejection::MissingSession),
        Some(Err(error)) => return Err(Rejection::InvalidSession(error.clone())),
        Some(Ok(claims)) => claims,
    };
    if server.connector(&claims.platform).is_none() {
        return Err(Rejection::SessionPlatformNotServed(claims.platform.clone()));
    }
    let request: CallNoteCacheRequest = incoming.json()?;
    if request.session_id.trim().is_empty() {
        return Err(Rejection::MissingParameter("sessionId"));
    }
    let expires_at =
        now_millis().saturating_add(i64::try_from(CALL_NOTE_TTL.as_millis()).unwrap_or(i64::MAX));
    let saved = server
        .inner()
        .caches
        .put_call_note(
            &claims.platform,
            &request.session_id,
            &request.note,
            expires_at,
        )
        .await;
    let response = match saved {
        Ok(()) => BasicMutationResponse {
            successful: true,
            // The legacy plain-string message core sends.
            return_message: Some(ReturnMessageOrText::Text("Note cache saved".to_owned())),
            ..BasicMutationResponse::default()
        },
        Err(_) => BasicMutationResponse::failure(
            ReturnMessage::warning("Error performing saveNoteCache")
                .with_ttl(FAILURE_TTL)
                .with_detail(
                    "Details",
                    ["Please check if your account has the necessary permissions."],
                ),
        ),
    };
    Ok(reply(&response))
}

/// The extension number of a create: the body's, else `logInfo.extensionNumber`.
fn extension_number(request: &CreateCallLogRequest) -> Option<String> {
    request.extension_number.clone().or_else(|| {
        request
            .log_info
            .extra
            .get("extensionNumber")
            // App Connect stringifies it: a number is as good as a string.
            .and_then(|n| match n {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
    })
}

/// The connector's `createCallLog` params and the linkage row to complete (its CRM id still
/// empty).
fn create_params(
    server: &ConnectorServer,
    incoming: &Incoming<'_>,
    session: &SignedIn,
    request: CreateCallLogRequest,
) -> (CreateCallLogParams, ExistingCallLog) {
    let call = &request.log_info;
    let contact_info = request.contact_info();
    let contact_phone = contact_info.phone_number.clone().unwrap_or_default();
    let format = session.connector.log_format();
    let composed = compose_body(
        &format,
        &session.user,
        &create_input(&request, Some(&contact_phone)),
        "",
    );
    // What the linkage row needs, taken before the request is moved into the params.
    let row = ExistingCallLog {
        id: call
            .local_log_id()
            .unwrap_or_else(|| call.session_id.clone()),
        session_id: call.session_id.clone(),
        platform: session.platform.clone(),
        user_id: session.user.id.clone(),
        contact_id: request.contact_id.to_string(),
        ..ExistingCallLog::default()
    };
    let voicemail_link = request
        .voicemail_link
        .or_else(|| call.voicemail.as_ref().and_then(|v| v.link.clone()));
    let voicemail_message_id = request
        .voicemail_message_id
        .as_ref()
        .or_else(|| call.voicemail.as_ref().and_then(|v| v.message_id.as_ref()))
        .map(ToString::to_string);
    let hashed_account_id = hashed_account_id(server, incoming, call.account_id.as_deref());
    let params = CreateCallLogParams {
        contact_info,
        call_log: request.log_info,
        note: request.note,
        additional_submission: request.additional_submission.unwrap_or_default(),
        ai_note: request.ai_note,
        transcript: request.transcript,
        voicemail_link,
        voicemail_message_id,
        ring_sense_transcript: request.ring_sense_transcript,
        ring_sense_summary: request.ring_sense_summary,
        ring_sense_ai_score: request.ring_sense_ai_score,
        ring_sense_bulleted_summary: request.ring_sense_bulleted_summary,
        ring_sense_link: request.ring_sense_link,
        composed_log_details: composed,
        hashed_account_id,
        is_from_sscl: is_from_sscl(incoming),
        ..CreateCallLogParams::default()
    };

    (params, row)
}

/// A reserved linkage row, completed with the CRM id once the activity exists.
struct Link {
    store: Arc<dyn CallLogStore>,
    key: CallLogKey,
    holder: String,
    row: ExistingCallLog,
}

/// `createCallLog`, then the linkage: completed with the CRM id, or released when the
/// connector fails or returns no id.
async fn create_and_link(
    session: SignedIn,
    params: CreateCallLogParams,
    link: Link,
) -> Response<Vec<u8>> {
    let Link {
        store,
        key,
        holder,
        mut row,
    } = link;
    let result = match session
        .call(
            Interface::CreateCallLog,
            session.connector.create_call_log(&session.cx, params),
        )
        .await
    {
        Ok(result) => result,
        Err(response) => {
            let _ = store.release_call_log(&key, &holder).await;
            return response;
        }
    };
    let Some(log_id) = result.log_id.filter(|id| !is_missing_id(id)) else {
        let _ = store.release_call_log(&key, &holder).await;
        let refused = CallLogMutationResponse {
            return_message: result.return_message,
            ..CallLogMutationResponse::default()
        };
        return reply(&refused);
    };
    row.extension_number = key.identity.extension_number.clone();
    row.hashed_extension_id = key.identity.hashed_extension_id.clone();
    row.third_party_log_id = log_id.to_string();
    if store.complete_call_log(&holder, row).await.is_err() {
        let _ = store.release_call_log(&key, &holder).await;
        return database_failed();
    }
    let mut created = CallLogMutationResponse::created(log_id);
    created.return_message = result.return_message;
    reply(&created)
}

/// `Existing log for session …`: the call is logged (or being logged by another process).
fn existing_log(session_id: &str) -> Response<Vec<u8>> {
    warning(format!("Existing log for session {session_id}"), NOTICE_TTL)
}

/// `PATCH /callLog`: reads the CRM body back, recomposes it and updates the activity.
pub(super) async fn update(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    let request: UpdateCallLogRequest = incoming.json()?;
    if request.session_id.trim().is_empty() {
        return Err(Rejection::MissingParameter("sessionId"));
    }
    let session = match server.sign_in(incoming).await {
        Ok(session) => session,
        Err(outcome) => return outcome,
    };
    let identity = identity(
        server,
        request.extension_number.as_deref(),
        request.hashed_extension_id.as_deref(),
        request.rc_extension_id.as_deref(),
    );
    let inner = server.inner();
    let _guard = inner
        .call_locks
        .lock(&lock_key(&session.platform, &request.session_id))
        .await;
    let row = match inner
        .call_logs
        .find_call_log(&session.platform, &request.session_id, &identity)
        .await
    {
        Ok(Some(row)) => row,
        Ok(None) => {
            return Ok(warning(
                format!("Cannot find log for session {}", request.session_id),
                NOTICE_TTL,
            ));
        }
        Err(_) => return Ok(database_failed()),
    };
    update_row(server, &session, incoming, &request, row).await
}

/// The update of a found row: the recomposed body, the connector's `updateCallLog`, the
/// reply with the stored CRM id.
async fn update_row(
    server: &ConnectorServer,
    session: &SignedIn,
    incoming: &Incoming<'_>,
    request: &UpdateCallLogRequest,
    row: ExistingCallLog,
) -> Outcome {
    let (composed, details) = match recompose(session, request, &row).await {
        Ok(recomposed) => recomposed,
        Err(response) => return Ok(response),
    };
    let mut params = update_params(request, row.clone(), composed, details);
    params.hashed_account_id = hashed_account_id(server, incoming, request.account_id.as_deref());
    params.is_from_sscl = is_from_sscl(incoming);
    let result = match session
        .call(
            Interface::UpdateCallLog,
            session.connector.update_call_log(&session.cx, params),
        )
        .await
    {
        Ok(result) => result,
        Err(response) => return Ok(response),
    };
    let mut updated = CallLogUpdateResponse::updated(row.third_party_log_id);
    updated.updated_note = result.updated_note;
    updated.return_message = result.return_message;
    Ok(reply(&updated))
}

/// The body recomposed over what the CRM holds (`getCallLog`'s `fullBody`, else `note`) and
/// its `fullLogResponse`; nothing for a connector whose format is not composed. The error is
/// the answer.
async fn recompose(
    session: &SignedIn,
    request: &UpdateCallLogRequest,
    row: &ExistingCallLog,
) -> std::result::Result<(String, Option<Value>), Response<Vec<u8>>> {
    let format = session.connector.log_format();
    if !format.is_composed() {
        return Ok((String::new(), None));
    }
    // Unlike App Connect core, a failed read-back stops the update: composing over an
    // empty body would overwrite what the user wrote in the CRM.
    let current = session
        .call(
            Interface::GetCallLog,
            session.connector.get_call_log(&session.cx, read_back(row)),
        )
        .await?;
    let info = current.call_log_info.unwrap_or_default();
    let existing = info
        .full_body
        .as_deref()
        .filter(|b| !b.is_empty())
        .or(info.note.as_deref())
        .unwrap_or_default();
    let input = update_input(request, &row.session_id);
    Ok((
        compose_body(&format, &session.user, &input, existing),
        info.full_log_response,
    ))
}

/// The connector's `updateCallLog` params: the request's fields, the stored row and the
/// recomposed body.
fn update_params(
    request: &UpdateCallLogRequest,
    row: ExistingCallLog,
    composed: String,
    details: Option<Value>,
) -> UpdateCallLogParams {
    UpdateCallLogParams {
        existing_call_log: row,
        recording_link: request.recording_link.clone(),
        recording_download_link: request.recording_download_link.clone(),
        voicemail_link: request.voicemail_link.clone(),
        voicemail_message_id: request
            .voicemail_message_id
            .as_ref()
            .map(ToString::to_string),
        subject: request.subject.clone(),
        note: request.note.clone(),
        start_time: request.start_time.clone(),
        duration: request.duration.clone(),
        result: request.result.clone(),
        ai_note: request.ai_note.clone(),
        transcript: request.transcript.clone(),
        legs: request.legs.clone().unwrap_or_default(),
        ring_sense_transcript: request.ring_sense_transcript.clone(),
        ring_sense_summary: request.ring_sense_summary.clone(),
        ring_sense_ai_score: request.ring_sense_ai_score.clone(),
        ring_sense_bulleted_summary: request.ring_sense_bulleted_summary.clone(),
        ring_sense_link: request.ring_sense_link.clone(),
        additional_submission: request.additional_submission.clone().unwrap_or_default(),
        composed_log_details: composed,
        existing_call_log_details: details,
        ..UpdateCallLogParams::default()
    }
}

/// App Connect treats a missing, empty or zero id as "no id".
fn is_missing_id(id: &CrmId) -> bool {
    let text = id.to_string();
    text.is_empty() || text == "0"
}

#[cfg(test)]
mod tests {
    use super::hash_id;

    #[test]
    fn ids_are_hashed_as_app_connect_does() {
        // sha256("101:key"), computed independently (python hashlib).
        let hash = hash_id("101", "key");
        assert_eq!(
            hash,
            "e1a89853d9c77ba3cb2a55d085cac39bcab58b5e6f5e1b2ccefac7118ee496c1"
        );
        assert_ne!(hash, hash_id("102", "key"));
        assert_ne!(hash, hash_id("101", "other"));
    }
}
