//! SMS / fax / voicemail messages and the `POST /messageLog` route.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::call::CallDirection;
use super::common::{CrmId, Extra, OverridingFormat, Secret};
use super::contact::ContactInfo;
use super::return_message::ReturnMessage;
use super::submission::AdditionalSubmission;

open_enum! {
    /// RingCentral message type.
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// assert_eq!(RcMessageType::parse("VoiceMail"), RcMessageType::VoiceMail);
    /// assert_eq!(serde_json::to_string(&RcMessageType::Sms).unwrap(), r#""SMS""#);
    /// ```
    pub enum RcMessageType {
        /// `SMS`.
        Sms => "SMS",
        /// `MMS`.
        Mms => "MMS",
        /// `Fax`.
        Fax => "Fax",
        /// `VoiceMail`.
        VoiceMail => "VoiceMail",
        /// `Pager`.
        Pager => "Pager",
        /// `Text`.
        Text => "Text",
    }
}

open_enum! {
    /// Type of a message attachment.
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// assert_eq!(AttachmentType::parse("AudioRecording"), AttachmentType::AudioRecording);
    /// ```
    pub enum AttachmentType {
        /// `AudioRecording` (voicemail audio).
        AudioRecording => "AudioRecording",
        /// `AudioTranscription`.
        AudioTranscription => "AudioTranscription",
        /// `Text`.
        Text => "Text",
        /// `SourceDocument`.
        SourceDocument => "SourceDocument",
        /// `RenderedDocument` (fax document).
        RenderedDocument => "RenderedDocument",
        /// `MmsAttachment`.
        MmsAttachment => "MmsAttachment",
    }
}

wire_object! {
    "a message party object";
    /// A message party (OpenAPI `MessageParty`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let p = MessageParty::with_number("+14155550100");
    /// assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"phoneNumber":"+14155550100"}"#);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct MessageParty {
        /// Phone number.
        pub phone_number: Option<String> => opt "phoneNumber",
        /// Extension number.
        pub extension_number: Option<String> => opt "extensionNumber",
        /// Extension id.
        pub extension_id: Option<String> => opt "extensionId",
        /// Name.
        pub name: Option<String> => opt "name",
        /// Location.
        pub location: Option<String> => opt "location",
        /// Recipient id.
        pub recipient_id: Option<String> => opt "recipientId",
        /// Whether this is the target party.
        pub target: Option<bool> => opt "target",
        /// Per-recipient status.
        pub message_status: Option<String> => opt "messageStatus",
    }
}

impl MessageParty {
    /// A party with a phone number.
    pub fn with_number(phone_number: impl Into<String>) -> Self {
        MessageParty {
            phone_number: Some(phone_number.into()),
            ..Default::default()
        }
    }
}

wire_object! {
    "a message attachment object";
    /// A message attachment (OpenAPI `MessageAttachment`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let a: MessageAttachment = serde_json::from_str(r#"{"id":8801,"type":"AudioRecording","contentType":"audio/mpeg","vmDuration":23}"#).unwrap();
    /// assert_eq!(a.attachment_type, Some(AttachmentType::AudioRecording));
    /// assert_eq!(a.vm_duration, Some(23));
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct MessageAttachment {
        /// Attachment id.
        pub id: Option<CrmId> => opt "id",
        /// API URI (needs an RC token to download).
        pub uri: Option<String> => opt "uri",
        /// Shareable link.
        pub link: Option<String> => opt "link",
        /// Attachment type.
        pub attachment_type: Option<AttachmentType> => opt "type",
        /// MIME type.
        pub content_type: Option<String> => opt "contentType",
        /// Voicemail duration in seconds.
        pub vm_duration: Option<i64> => opt "vmDuration",
        /// File name.
        pub file_name: Option<String> => opt "fileName",
        /// Size in bytes.
        pub size: Option<i64> => opt "size",
        /// Image height.
        pub height: Option<i64> => opt "height",
        /// Image width.
        pub width: Option<i64> => opt "width",
    }
}

wire_object! {
    "a RingCentral message object";
    /// A RingCentral message-store record (OpenAPI `RcMessage`).
    ///
    /// ```
    /// use app_connect_sdk::models::{RcMessage, RcMessageType};
    /// let m: RcMessage = serde_json::from_str(r#"{"id":1724099032020,"type":"SMS","subject":"Hi"}"#).unwrap();
    /// assert_eq!(m.message_type, RcMessageType::Sms);
    /// assert_eq!(m.id, "1724099032020");
    /// ```
    #[derive(Clone, PartialEq)]
    #[non_exhaustive]
    pub struct RcMessage {
        /// Message id (required).
        pub id: CrmId => req "id",
        /// Message type (required).
        pub message_type: RcMessageType => req "type",
        /// API URI.
        pub uri: Option<String> => opt "uri",
        /// Extension id.
        pub extension_id: Option<String> => opt "extensionId",
        /// Direction.
        pub direction: Option<CallDirection> => opt "direction",
        /// Sender.
        pub from: Option<MessageParty> => opt "from",
        /// Recipients.
        pub to: Option<Vec<MessageParty>> => opt "to",
        /// The SMS text (or fax/voicemail subject).
        pub subject: Option<String> => opt "subject",
        /// Creation time.
        pub creation_time: Option<String> => opt "creationTime",
        /// Last modification time.
        pub last_modified_time: Option<String> => opt "lastModifiedTime",
        /// Conversation id.
        pub conversation_id: Option<CrmId> => opt "conversationId",
        /// Conversation reference (`{ id, uri }`).
        pub conversation: Option<Value> => opt "conversation",
        /// Attachments.
        pub attachments: Option<Vec<MessageAttachment>> => opt "attachments",
        /// `Alive`, `Deleted`, `Purged`.
        pub availability: Option<String> => opt "availability",
        /// Delivery status.
        pub message_status: Option<String> => opt "messageStatus",
        /// `Read` / `Unread`.
        pub read_status: Option<String> => opt "readStatus",
        /// `Normal` / `High`.
        pub priority: Option<String> => opt "priority",
        /// SMS delivery time.
        pub sms_delivery_time: Option<String> => opt "smsDeliveryTime",
        /// SMS sending attempts.
        pub sms_sending_attempts_count: Option<i64> => opt "smsSendingAttemptsCount",
        /// Fax page count.
        pub fax_page_count: Option<i64> => opt "faxPageCount",
        /// Fax resolution.
        pub fax_resolution: Option<String> => opt "faxResolution",
        /// Delivery error code.
        pub delivery_error_code: Option<String> => opt "deliveryErrorCode",
        /// SMS segment count.
        pub segment_count: Option<i64> => opt "segmentCount",
        /// Voicemail transcription status.
        pub vm_transcription_status: Option<String> => opt "vmTranscriptionStatus",
        /// Owner (shared SMS).
        pub owner: Option<Value> => opt "owner",
        /// Typing time in milliseconds (client-added with `trackSmsTypingDuration`).
        pub typing_duration_ms: Option<i64> => opt "typingDurationMs",
    }
}

impl Default for RcMessage {
    fn default() -> Self {
        RcMessage::new(CrmId::default(), RcMessageType::Sms)
    }
}

impl RcMessage {
    /// A message with an id and a type.
    pub fn new(id: impl Into<CrmId>, message_type: RcMessageType) -> Self {
        RcMessage {
            id: id.into(),
            message_type,
            uri: None,
            extension_id: None,
            direction: None,
            from: None,
            to: None,
            subject: None,
            creation_time: None,
            last_modified_time: None,
            conversation_id: None,
            conversation: None,
            attachments: None,
            availability: None,
            message_status: None,
            read_status: None,
            priority: None,
            sms_delivery_time: None,
            sms_sending_attempts_count: None,
            fax_page_count: None,
            fax_resolution: None,
            delivery_error_code: None,
            segment_count: None,
            vm_transcription_status: None,
            owner: None,
            typing_duration_ms: None,
            extra: Extra::new(),
        }
    }

    /// Attachments of a given type.
    pub fn attachments_of(
        &self,
        kind: &AttachmentType,
    ) -> impl Iterator<Item = &MessageAttachment> {
        self.attachments
            .iter()
            .flatten()
            .filter(move |a| a.attachment_type.as_ref() == Some(kind))
    }
}

wire_object! {
    "a correspondent object";
    /// A correspondent of a conversation (OpenAPI `MessageCorrespondent`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let c: MessageCorrespondent = serde_json::from_str(r#"{"phoneNumber":"+14155550100","name":"Jane"}"#).unwrap();
    /// assert_eq!(c.phone_number, "+14155550100");
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct MessageCorrespondent {
        /// Phone number (required).
        pub phone_number: String => req "phoneNumber",
        /// Name.
        pub name: Option<String> => opt "name",
        /// Contact type.
        pub contact_type: Option<String> => opt "type",
        /// Contact id.
        pub id: Option<CrmId> => opt "id",
    }
}

wire_object! {
    "a message conversation object";
    /// The conversation a client asks to log (`logInfo` of `POST /messageLog`, OpenAPI
    /// `MessageConversationLog`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let log: MessageConversationLog = serde_json::from_str(
    ///     r#"{"conversationLogId":"555-2026-06-24","messages":[],"correspondents":[],"owner":{"name":"Support"},"rcAccessToken":"t-1"}"#).unwrap();
    /// assert!(log.is_shared_sms());
    /// assert!(!format!("{log:?}").contains("t-1"));
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct MessageConversationLog {
        /// Conversation id.
        pub conversation_id: Option<CrmId> => opt "conversationId",
        /// Client-built grouping key (conversation id + day).
        pub conversation_log_id: Option<String> => opt "conversationLogId",
        /// Messages (required).
        pub messages: Vec<RcMessage> => req "messages",
        /// Correspondents (required).
        pub correspondents: Vec<MessageCorrespondent> => req "correspondents",
        /// Owner (shared SMS): `{ name, … }`.
        pub owner: Option<Extra> => opt "owner",
        /// Assignee (shared SMS): `{ name, … }`.
        pub assignee: Option<Extra> => opt "assignee",
        /// Shared-SMS thread items.
        pub entities: Option<Vec<Value>> => opt "entities",
        /// RingCentral access token (for fax/MMS download links); a secret.
        pub rc_access_token: Option<Secret> => opt "rcAccessToken",
    }
}

impl MessageConversationLog {
    /// `owner.name` (its presence makes the log a shared-SMS log).
    pub fn owner_name(&self) -> Option<&str> {
        self.owner.as_ref()?.get("name")?.as_str()
    }

    /// `assignee.name`.
    pub fn assignee_name(&self) -> Option<&str> {
        self.assignee.as_ref()?.get("name")?.as_str()
    }

    /// Whether App Connect treats this as a shared-SMS conversation (`owner.name` present).
    pub fn is_shared_sms(&self) -> bool {
        self.owner_name().is_some()
    }
}

/// Body App Connect composes for shared SMS (`sharedSMSLogContent`).
///
/// ```
/// use app_connect_sdk::models::SharedSmsLogContent;
/// let c = SharedSmsLogContent::new("SMS with Jane", "Hello");
/// assert_eq!(serde_json::to_string(&c).unwrap(), r#"{"subject":"SMS with Jane","body":"Hello"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct SharedSmsLogContent {
    /// Subject.
    pub subject: String,
    /// Body in the connector's log format.
    pub body: String,
}

impl SharedSmsLogContent {
    /// Content with a subject and a body.
    pub fn new(subject: impl Into<String>, body: impl Into<String>) -> Self {
        SharedSmsLogContent {
            subject: subject.into(),
            body: body.into(),
        }
    }
}

wire_object! {
    "a POST /messageLog body";
    /// Body of `POST /messageLog` (OpenAPI `MessageLogRequest`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let req: MessageLogRequest = serde_json::from_str(
    ///     r#"{"contactId":"42","logInfo":{"messages":[{"id":1,"type":"SMS"}],"correspondents":[{"phoneNumber":"+14155550100"}]}}"#).unwrap();
    /// assert_eq!(req.contact_info().phone_number.as_deref(), Some("+14155550100"));
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct MessageLogRequest {
        /// The conversation.
        pub log_info: MessageConversationLog => req "logInfo",
        /// CRM contact id (required).
        pub contact_id: CrmId => req "contactId",
        /// Contact type.
        pub contact_type: Option<String> => opt "contactType",
        /// Contact name.
        pub contact_name: Option<String> => opt "contactName",
        /// Values of the manifest's additional fields.
        pub additional_submission: Option<AdditionalSubmission> => opt "additionalSubmission",
        /// Phone-number formats.
        pub overriding_format: Option<OverridingFormat> => opt "overridingFormat",
    }
}

wire_object! {
    "a POST /messageLog response";
    /// Response of `POST /messageLog` (OpenAPI `MessageLogResponse`). `returnMessage: null` (nothing
    /// new was logged) is distinct from an absent one: `Some(None)` vs `None`.
    ///
    /// ```
    /// use app_connect_sdk::models::MessageLogResponse;
    /// let r: MessageLogResponse = serde_json::from_str(r#"{"successful":true,"logIds":[],"returnMessage":null}"#).unwrap();
    /// assert_eq!(r.return_message, Some(None));
    /// assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"successful":true,"returnMessage":null,"logIds":[]}"#);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct MessageLogResponse {
        /// Whether the request was processed.
        pub successful: bool => req "successful",
        /// Message: absent, `null`, or an object.
        pub return_message: Option<Option<ReturnMessage>> => nul "returnMessage",
        /// Local ids recorded by this request.
        pub log_ids: Option<Vec<CrmId>> => opt "logIds",
    }
}

impl MessageLogResponse {
    /// `{ successful: true, logIds }`.
    pub fn logged(log_ids: Vec<CrmId>) -> Self {
        MessageLogResponse {
            successful: true,
            log_ids: Some(log_ids),
            ..Default::default()
        }
    }

    /// `{ successful: true, logIds: [], returnMessage: null }`: everything was already logged.
    pub fn already_logged() -> Self {
        MessageLogResponse {
            successful: true,
            return_message: Some(None),
            log_ids: Some(Vec::new()),
            extra: Extra::new(),
        }
    }

    /// Sets the message.
    #[must_use]
    pub fn with_message(mut self, message: ReturnMessage) -> Self {
        self.return_message = Some(Some(message));
        self
    }
}

impl MessageLogRequest {
    /// The `contactInfo` App Connect passes to `createMessageLog`: the request's contact id,
    /// type and name (`""` when absent) and the first correspondent's number.
    pub fn contact_info(&self) -> ContactInfo {
        let mut info = ContactInfo::new(
            self.contact_id.clone(),
            self.log_info
                .correspondents
                .first()
                .map(|c| c.phone_number.clone())
                .unwrap_or_default(),
        );
        info.contact_type = Some(self.contact_type.clone().unwrap_or_default());
        info.name = Some(self.contact_name.clone().unwrap_or_default());
        info
    }

    /// A request for a conversation and a contact id.
    pub fn new(log_info: MessageConversationLog, contact_id: impl Into<CrmId>) -> Self {
        MessageLogRequest {
            log_info,
            contact_id: contact_id.into(),
            ..Default::default()
        }
    }
}
