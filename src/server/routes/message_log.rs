//! `POST /messageLog`: one CRM activity per conversation and day; later messages are
//! appended to it.

use std::sync::Arc;
use std::time::Duration;

use http::StatusCode;

use crate::compose::message::compose_shared_sms_log;
use crate::connector::{ConnectorError, Interface};
use crate::models::{
    AdditionalSubmission, AttachmentType, Contact, ContactInfo, CreateMessageLogParams, CrmId,
    ExistingMessageLog, MessageLogRequest, MessageLogResponse, RcMessage, ReturnMessage, Secret,
    SharedSmsLogContent, TimezoneOffset, UpdateMessageLogParams,
};
use crate::server::incoming::{Incoming, json_response};
use crate::server::routes::contact::MatchCache;
use crate::server::routes::{FAILURE_TTL, NOTICE_TTL, database_failed};
use crate::server::shared_sms;
use crate::server::signed_in::{Outcome, SignedIn, warning};
use crate::server::store::{MessageLogStore, StoreError, detached, new_holder, pause};
use crate::server::{ConnectorServer, Rejection};

/// Where App Connect points users for MMS media.
const MEDIA_READER: &str = "https://ringcentral.github.io/ringcentral-media-reader/?media=";

/// Links derived from a message's attachments, as App Connect derives them.
#[derive(Default)]
struct MediaLinks {
    recording_link: Option<String>,
    fax_doc_link: Option<String>,
    fax_download_link: Option<Secret>,
    image_link: Option<String>,
    image_download_link: Option<Secret>,
    image_content_type: Option<String>,
    video_link: Option<String>,
}

fn with_token(uri: &str, token: &Secret) -> Secret {
    let separator = if uri.contains('?') { '&' } else { '?' };
    Secret::new(format!("{uri}{separator}access_token={}", token.expose()))
}

fn media_links(message: &RcMessage, token: Option<&Secret>) -> MediaLinks {
    let mut links = MediaLinks::default();
    for attachment in message.attachments.iter().flatten() {
        let uri = attachment.uri.as_deref().unwrap_or_default();
        let content_type = attachment.content_type.as_deref().unwrap_or_default();
        match attachment.attachment_type {
            Some(AttachmentType::AudioRecording) => {
                links.recording_link = attachment.link.clone().or(links.recording_link);
            }
            Some(AttachmentType::RenderedDocument) => {
                if let Some(token) = token {
                    links.fax_doc_link = attachment.link.clone();
                    links.fax_download_link = Some(with_token(uri, token));
                }
            }
            Some(AttachmentType::MmsAttachment) if !uri.is_empty() => {
                let reader: String = url::form_urlencoded::byte_serialize(uri.as_bytes()).collect();
                if content_type.starts_with("image/") {
                    links.image_link = Some(format!("{MEDIA_READER}{reader}"));
                    links.image_content_type = Some(content_type.to_owned());
                    links.image_download_link = token.map(|t| with_token(uri, t));
                } else if content_type.starts_with("video/") {
                    links.video_link = Some(format!("{MEDIA_READER}{reader}"));
                }
            }
            _ => {}
        }
    }
    links
}

/// `POST /messageLog`, in steps: the request, sign-in, App Connect's checks, then the
/// shared-SMS thread as one activity, or each message of the conversation log.
pub(super) async fn log(server: &ConnectorServer, incoming: &Incoming<'_>) -> Outcome {
    // A `null` or absent `contactId` is falsy to App Connect: "Contact not found for number …".
    let request: MessageLogRequest =
        incoming.json_defaulting(&[("contactId", serde_json::Value::from(0))])?;
    // As in App Connect, the session is checked before the messages: no token → 400 even
    // for an empty batch.
    let session = match server.sign_in(incoming).await {
        Ok(session) => session,
        Err(outcome) => return outcome,
    };
    let base_log_id = match check_request(&request, &session) {
        Ok(id) => id,
        Err(outcome) => return *outcome,
    };
    let contact_info = request.contact_info();
    // A shared SMS thread (a non-empty `owner.name`) is logged whole, as one activity.
    if request
        .log_info
        .owner_name()
        .is_some_and(|name| !name.is_empty())
    {
        let shared = SharedThread {
            request: &request,
            contact_info,
            conversation_log_id: base_log_id,
        };
        return log_shared(server, incoming, Arc::new(session), shared).await;
    }
    let group = Grouping::of(&request, &base_log_id);
    let params = MessageParams {
        correspondents: if group.suffix.is_empty() {
            Vec::new()
        } else {
            group_correspondents(server, &session, &request).await
        },
        contact_info,
        additional_submission: request.additional_submission.clone().unwrap_or_default(),
        token: (request.log_info.rc_access_token.clone()).filter(|t| !t.is_empty()),
        owner_name: request.log_info.owner_name().map(str::to_owned),
        assignee_name: request.log_info.assignee_name().map(str::to_owned),
        hashed_account_id: incoming.header("rc-account-id").map(str::to_owned),
    };
    Ok(log_messages(server, Arc::new(session), &request, &group, &params).await)
}

/// App Connect's checks before anything is written: messages to log, a conversation log id,
/// message logging declared, a contact. The conversation log id, or the answer (boxed: it is
/// large beside a `String`).
fn check_request(request: &MessageLogRequest, session: &SignedIn) -> Result<String, Box<Outcome>> {
    let log_info = &request.log_info;
    if log_info.messages.is_empty() {
        return Err(Box::new(Ok(warning("No message to log.", NOTICE_TTL))));
    }
    let base_log_id = log_info
        .conversation_log_id
        .clone()
        .filter(|id| !id.is_empty())
        .ok_or_else(|| {
            Box::new(Err(Rejection::MissingParameter(
                "logInfo.conversationLogId",
            )))
        })?;
    if session.connector.message_logging().is_none() {
        let interface = Interface::CreateMessageLog;
        let refused = session.refuse(interface, &ConnectorError::not_implemented(interface));
        return Err(Box::new(Ok(refused)));
    }
    let contact_id = request.contact_id.to_string();
    if contact_id.is_empty() || contact_id == "0" {
        let phone = request.contact_info().phone_number.unwrap_or_default();
        let not_found = warning(format!("Contact not found for number {phone}"), FAILURE_TTL);
        return Err(Box::new(Ok(not_found)));
    }
    Ok(base_log_id)
}

/// Where a request's messages are linked: group SMS (several correspondents) gets one
/// activity per contact, so its ids are suffixed with the contact id.
struct Grouping {
    suffix: String,
    conversation_log_id: String,
    conversation_id: String,
}

impl Grouping {
    fn of(request: &MessageLogRequest, base_log_id: &str) -> Self {
        let log_info = &request.log_info;
        let suffix = if log_info.correspondents.len() > 1 {
            format!("-{}", request.contact_id)
        } else {
            String::new()
        };
        Grouping {
            conversation_log_id: format!("{base_log_id}{suffix}"),
            conversation_id: (log_info.conversation_id.as_ref())
                .map(|id| format!("{id}{suffix}"))
                .unwrap_or_default(),
            suffix,
        }
    }
}

/// Each message not yet logged, oldest first (the client sends newest first): the first one
/// creates the conversation log's activity, later ones are appended to it. The answer.
async fn log_messages(
    server: &ConnectorServer,
    session: Arc<SignedIn>,
    request: &MessageLogRequest,
    group: &Grouping,
    params: &MessageParams,
) -> http::Response<Vec<u8>> {
    let inner = server.inner();
    let _guard = inner
        .message_locks
        .lock(&format!(
            "{}\u{1f}{}",
            session.platform, group.conversation_log_id
        ))
        .await;
    let mut log_ids: Vec<String> = Vec::new();
    // `None` until a connector is called: App Connect answers `null` when nothing was sent
    // to the CRM, and the connector's message (absent when it gave none) otherwise.
    let mut message_out: Option<Option<ReturnMessage>> = None;
    for message in request.log_info.messages.iter().rev() {
        let key = format!("{}{}", message.id, group.suffix);
        match log_message(server, &session, group, params, message, &key).await {
            None => {}
            Some(Written::Failed(response)) => return response,
            Some(Written::Done(message_back, logged)) => {
                message_out = Some(message_back.or(message_out.flatten()));
                if logged {
                    log_ids.push(key);
                }
            }
        }
    }
    match message_out {
        None => logged(Some(None), log_ids),
        Some(message) => logged(message.map(Some), log_ids),
    }
}

/// One message under its linkage key: `None` when it is logged already (or another process
/// is logging it), else what writing it did.
async fn log_message(
    server: &ConnectorServer,
    session: &Arc<SignedIn>,
    group: &Grouping,
    params: &MessageParams,
    message: &RcMessage,
    key: &str,
) -> Option<Written> {
    let inner = server.inner();
    let store = &inner.message_logs;
    let platform = &session.platform;
    match store.get_message_log(platform, key).await {
        Ok(Some(_)) => return None,
        Ok(None) => {}
        Err(_) => return Some(Written::Failed(database_failed())),
    }
    let holder = new_holder();
    match (store.reserve_message_log(platform, key, &holder, inner.reservation_lease)).await {
        Ok(()) => {}
        // Reserved by another process: that one logs it.
        Err(StoreError::Conflict) => return None,
        Err(_) => return Some(Written::Failed(database_failed())),
    }
    let conversation = &group.conversation_log_id;
    let claim = match claim_conversation(
        &**store,
        platform,
        conversation,
        &holder,
        inner.reservation_lease,
    )
    .await
    {
        Ok(claim) => claim,
        Err(_) => {
            let _ = store.release_message_log(platform, key, &holder).await;
            return Some(Written::Failed(database_failed()));
        }
    };
    let write = params.write(claim, message);
    let row = ExistingMessageLog {
        id: key.to_owned(),
        platform: platform.clone(),
        conversation_id: group.conversation_id.clone(),
        conversation_log_id: conversation.clone(),
        third_party_log_id: String::new(),
        user_id: session.user.id.clone(),
    };
    let job = Job {
        session: Arc::clone(session),
        store: Arc::clone(store),
        holder,
        row,
    };
    Some(job.run(write).await)
}

/// Group SMS: the cached contact matches (`GET /contact`'s account cache) of every
/// correspondent whose first match is not the request's contact, as App Connect core passes
/// them to `createMessageLog`. A correspondent without a cached match is left out.
async fn group_correspondents(
    server: &ConnectorServer,
    session: &SignedIn,
    request: &MessageLogRequest,
) -> Vec<Vec<Contact>> {
    let mut out = Vec::new();
    for correspondent in &request.log_info.correspondents {
        let cache = MatchCache::of(
            server,
            &session.platform,
            &session.user,
            &correspondent.phone_number,
        );
        let Some(contacts) = cache.lookup().await else {
            continue;
        };
        let first_name = contacts.first().and_then(|c| c.name.as_deref());
        if first_name != request.contact_name.as_deref() {
            out.push(contacts);
        }
    }
    out
}

/// What every message of one request passes to the connector.
struct MessageParams {
    /// Group SMS: the other correspondents' cached matches.
    correspondents: Vec<Vec<Contact>>,
    contact_info: ContactInfo,
    additional_submission: AdditionalSubmission,
    token: Option<Secret>,
    owner_name: Option<String>,
    assignee_name: Option<String>,
    hashed_account_id: Option<String>,
}

impl MessageParams {
    /// The connector call for one message: appended to the conversation's activity, or
    /// creating it.
    fn write(&self, claim: Claim, message: &RcMessage) -> Write {
        let links = media_links(message, self.token.as_ref());
        match claim {
            Claim::Existing(existing) => {
                let crm_id = existing.third_party_log_id.clone();
                Write::Update(
                    UpdateMessageLogParams {
                        contact_info: self.contact_info.clone(),
                        existing_message_log: existing,
                        message: Some(message.clone()),
                        additional_submission: self.additional_submission.clone(),
                        image_link: links.image_link,
                        image_download_link: links.image_download_link,
                        image_content_type: links.image_content_type,
                        video_link: links.video_link,
                        assignee_name: self.assignee_name.clone(),
                        owner_name: self.owner_name.clone(),
                        ..UpdateMessageLogParams::default()
                    },
                    crm_id,
                )
            }
            Claim::Create => Write::Create(CreateMessageLogParams {
                contact_info: self.contact_info.clone(),
                correspondents: self.correspondents.clone(),
                message: Some(message.clone()),
                additional_submission: self.additional_submission.clone(),
                recording_link: links.recording_link,
                fax_doc_link: links.fax_doc_link,
                fax_download_link: links.fax_download_link,
                image_link: links.image_link,
                image_download_link: links.image_download_link,
                image_content_type: links.image_content_type,
                video_link: links.video_link,
                assignee_name: self.assignee_name.clone(),
                owner_name: self.owner_name.clone(),
                hashed_account_id: self.hashed_account_id.clone(),
                ..CreateMessageLogParams::default()
            }),
        }
    }
}

/// Whether the conversation log already has its activity, or this holder creates it.
enum Claim {
    Existing(ExistingMessageLog),
    Create,
}

/// The conversation log's row, else its creation reserved for `holder`. While another process
/// holds the reservation, waits for its row (or for its lease to run out).
async fn claim_conversation(
    store: &dyn MessageLogStore,
    platform: &str,
    conversation_log_id: &str,
    holder: &str,
    lease: Duration,
) -> std::result::Result<Claim, StoreError> {
    loop {
        if let Some(existing) = store
            .find_by_conversation_log_id(platform, conversation_log_id)
            .await?
        {
            return Ok(Claim::Existing(existing));
        }
        match store
            .reserve_conversation(platform, conversation_log_id, holder, lease)
            .await
        {
            Ok(()) => return Ok(Claim::Create),
            Err(StoreError::Conflict) => {
                if !pause().await {
                    return Err(StoreError::Conflict);
                }
            }
            Err(other) => return Err(other),
        }
    }
}

/// The connector call of one message: an update of the conversation's activity, or its
/// creation.
enum Write {
    Update(UpdateMessageLogParams, String),
    Create(CreateMessageLogParams),
}

/// What a [`Job`] did: its `returnMessage` and whether the row was linked, or the complete
/// answer of a failure.
enum Written {
    Done(Option<ReturnMessage>, bool),
    Failed(http::Response<Vec<u8>>),
}

/// One reserved message (or shared thread) to write and link.
struct Job {
    session: Arc<SignedIn>,
    store: Arc<dyn MessageLogStore>,
    holder: String,
    /// The linkage row, completed with the CRM id.
    row: ExistingMessageLog,
}

impl Job {
    /// Runs the connector call and completes (or releases) the reservations in a task of its
    /// own, so a dropped request future cannot lose the linkage of a created activity.
    async fn run(self, write: Write) -> Written {
        let lost = || Written::Failed(database_failed());
        detached(self.write(write), lost).await
    }

    async fn write(self, write: Write) -> Written {
        let Job {
            session,
            store,
            holder,
            mut row,
        } = self;
        let Some(logging) = session.connector.message_logging() else {
            let interface = Interface::CreateMessageLog;
            return Written::Failed(
                session.refuse(interface, &ConnectorError::not_implemented(interface)),
            );
        };
        let outcome = match write {
            Write::Update(params, crm_id) => session
                .call(
                    Interface::UpdateMessageLog,
                    logging.update_message_log(&session.cx, params),
                )
                .await
                .map(|result| (result.return_message, Some(crm_id))),
            Write::Create(params) => session
                .call(
                    Interface::CreateMessageLog,
                    logging.create_message_log(&session.cx, params),
                )
                .await
                .map(|result| {
                    let id = result
                        .log_id
                        .as_ref()
                        .map(CrmId::to_string)
                        .filter(|id| !id.is_empty());
                    (result.return_message, id)
                }),
        };
        let release = |row: ExistingMessageLog| {
            let (store, holder) = (Arc::clone(&store), holder.clone());
            async move {
                let _ = store
                    .release_message_log(&row.platform, &row.id, &holder)
                    .await;
                let _ = store
                    .release_conversation(&row.platform, &row.conversation_log_id, &holder)
                    .await;
            }
        };
        match outcome {
            Err(response) => {
                release(row).await;
                Written::Failed(response)
            }
            Ok((message, None)) => {
                release(row).await;
                Written::Done(message, false)
            }
            Ok((message, Some(crm_id))) => {
                row.third_party_log_id = crm_id;
                if store
                    .complete_message_log(&holder, row.clone())
                    .await
                    .is_err()
                {
                    // Whatever is still ours goes, so later messages need not wait a lease.
                    release(row).await;
                    return Written::Failed(database_failed());
                }
                Written::Done(message, true)
            }
        }
    }
}

/// `{ successful: true, returnMessage, logIds }`: `returnMessage` is `Some(None)` (`null`) when
/// no connector was called, `None` (absent) when the connector gave no message.
fn logged(message: Option<Option<ReturnMessage>>, log_ids: Vec<String>) -> http::Response<Vec<u8>> {
    let mut body = MessageLogResponse::logged(log_ids.into_iter().map(CrmId::Str).collect());
    body.return_message = message;
    json_response(StatusCode::OK, &body)
}

/// What the shared-SMS path needs from the request.
struct SharedThread<'a> {
    request: &'a MessageLogRequest,
    contact_info: ContactInfo,
    /// The thread's key, unsuffixed even when there are several correspondents.
    conversation_log_id: String,
}

/// The shared-SMS path: the whole thread is composed in the connector's log format and written
/// as one activity per `conversationLogId`: created the first time (its row is keyed by the
/// `conversationLogId`), then rewritten with the recomposed thread. No per-message de-dup.
async fn log_shared(
    server: &ConnectorServer,
    incoming: &Incoming<'_>,
    session: Arc<SignedIn>,
    shared: SharedThread<'_>,
) -> Outcome {
    let Some(logging) = session.connector.message_logging() else {
        let interface = Interface::CreateMessageLog;
        return Ok(session.refuse(interface, &ConnectorError::not_implemented(interface)));
    };
    let SharedThread {
        request,
        contact_info,
        conversation_log_id,
    } = shared;
    let log_info = &request.log_info;
    let content = shared_content(&session, request);
    let additional_submission = request.additional_submission.clone().unwrap_or_default();
    let owner_name = log_info.owner_name().map(str::to_owned);
    let assignee_name = log_info.assignee_name().map(str::to_owned);
    let inner = server.inner();
    let _guard = inner
        .message_locks
        .lock(&format!("{}\u{1f}{conversation_log_id}", session.platform))
        .await;
    let store = Arc::clone(&inner.message_logs);
    let holder = new_holder();
    let lease = inner.reservation_lease;
    let claim = match claim_conversation(
        &*store,
        &session.platform,
        &conversation_log_id,
        &holder,
        lease,
    )
    .await
    {
        Ok(claim) => claim,
        Err(_) => return Ok(database_failed()),
    };
    let write = match claim {
        Claim::Existing(existing) => {
            // The thread has its activity: rewritten with the recomposed thread, nothing new
            // linked.
            let params = UpdateMessageLogParams {
                contact_info,
                existing_message_log: existing,
                shared_sms_log_content: Some(content),
                additional_submission,
                assignee_name,
                owner_name,
                ..UpdateMessageLogParams::default()
            };
            let update = logging.update_message_log(&session.cx, params);
            return Ok(
                match session.call(Interface::UpdateMessageLog, update).await {
                    Ok(result) => logged(result.return_message.map(Some), Vec::new()),
                    Err(response) => response,
                },
            );
        }
        Claim::Create => Write::Create(CreateMessageLogParams {
            contact_info,
            shared_sms_log_content: Some(content),
            additional_submission,
            assignee_name,
            owner_name,
            hashed_account_id: incoming.header("rc-account-id").map(str::to_owned),
            ..CreateMessageLogParams::default()
        }),
    };
    let job = Job {
        row: thread_row(&session, request, &conversation_log_id),
        session,
        store,
        holder,
    };
    match job.run(write).await {
        Written::Done(message, true) => Ok(logged(message.map(Some), vec![conversation_log_id])),
        Written::Done(message, false) => Ok(logged(message.map(Some), Vec::new())),
        Written::Failed(response) => Ok(response),
    }
}

/// The whole thread composed in the connector's log format, in the user's time zone.
fn shared_content(session: &SignedIn, request: &MessageLogRequest) -> SharedSmsLogContent {
    let timezone = session
        .user
        .timezone_offset
        .as_ref()
        .and_then(TimezoneOffset::to_fixed_offset);
    let composed = compose_shared_sms_log(
        &session.connector.log_format(),
        &shared_sms::conversation(&request.log_info),
        request.contact_name.as_deref().unwrap_or_default(),
        timezone,
    );
    SharedSmsLogContent::new(composed.subject, composed.body)
}

/// A shared thread's linkage row, keyed by its conversationLogId.
fn thread_row(
    session: &SignedIn,
    request: &MessageLogRequest,
    conversation_log_id: &str,
) -> ExistingMessageLog {
    ExistingMessageLog {
        id: conversation_log_id.to_owned(),
        platform: session.platform.clone(),
        conversation_id: (request.log_info.conversation_id.as_ref())
            .map(CrmId::to_string)
            .unwrap_or_default(),
        conversation_log_id: conversation_log_id.to_owned(),
        third_party_log_id: String::new(),
        user_id: session.user.id.clone(),
    }
}
