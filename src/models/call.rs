//! Call logs: the RingCentral call-log record, call-log routes and the connector's view of a log.

use serde_json::Value;

use super::common::{CrmId, Extra, OverridingFormat, Secret};
use super::contact::ContactInfo;
use super::lenient::{CallDuration, StartTime};
use super::return_message::ReturnMessage;
use super::submission::AdditionalSubmission;

open_enum! {
    /// Call direction (`Inbound` / `Outbound`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// assert_eq!(CallDirection::parse("Inbound"), CallDirection::Inbound);
    /// assert_eq!(CallDirection::parse("Sideways").as_str(), "Sideways");
    /// ```
    pub enum CallDirection {
        /// `Inbound`.
        Inbound => "Inbound",
        /// `Outbound`.
        Outbound => "Outbound",
    }
}

open_enum! {
    /// Call-log record type (`Voice` / `Fax`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// assert_eq!(serde_json::to_string(&CallType::Fax).unwrap(), r#""Fax""#);
    /// ```
    pub enum CallType {
        /// `Voice`.
        Voice => "Voice",
        /// `Fax`.
        Fax => "Fax",
    }
}

open_enum! {
    /// RingCentral call result (`Accepted`, `Missed`, `Voicemail`, …). Open set.
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let r: CallResult = serde_json::from_str(r#""Call connected""#).unwrap();
    /// assert_eq!(r, CallResult::CallConnected);
    /// assert_eq!(CallResult::parse("Partially Sent").to_string(), "Partially Sent");
    /// ```
    pub enum CallResult {
        /// `Accepted`.
        Accepted => "Accepted",
        /// `Call connected`.
        CallConnected => "Call connected",
        /// `In Progress`.
        InProgress => "In Progress",
        /// `Missed`.
        Missed => "Missed",
        /// `Voicemail`.
        Voicemail => "Voicemail",
        /// `Rejected`.
        Rejected => "Rejected",
        /// `Reply`.
        Reply => "Reply",
        /// `Busy`.
        Busy => "Busy",
        /// `No Answer`.
        NoAnswer => "No Answer",
        /// `Hang Up`.
        HangUp => "Hang Up",
        /// `Blocked`.
        Blocked => "Blocked",
        /// `Declined`.
        Declined => "Declined",
        /// `Abandoned`.
        Abandoned => "Abandoned",
        /// `Stopped`.
        Stopped => "Stopped",
        /// `Call Failed`.
        CallFailed => "Call Failed",
        /// `Received` (fax).
        Received => "Received",
        /// `Sent` (fax).
        Sent => "Sent",
        /// `Unknown`.
        Unknown => "Unknown",
    }
}

wire_object! {
    "a call party object";
    /// A call party (`from` / `to`, OpenAPI `RcParty`).
    ///
    /// ```
    /// use app_connect_sdk::models::CallParty;
    /// let p = CallParty::with_number("+14155550100").with_name("Jane");
    /// assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"phoneNumber":"+14155550100","name":"Jane"}"#);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct CallParty {
        /// E.164 phone number.
        pub phone_number: Option<String> => opt "phoneNumber",
        /// Extension number.
        pub extension_number: Option<String> => opt "extensionNumber",
        /// RingCentral extension id.
        pub extension_id: Option<String> => opt "extensionId",
        /// Caller-id name.
        pub name: Option<String> => opt "name",
        /// Location text.
        pub location: Option<String> => opt "location",
    }
}

impl CallParty {
    /// A party with a phone number.
    pub fn with_number(phone_number: impl Into<String>) -> Self {
        CallParty {
            phone_number: Some(phone_number.into()),
            ..Default::default()
        }
    }

    /// Sets the name.
    #[must_use]
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

wire_object! {
    "a recording object";
    /// Call recording metadata (OpenAPI `RcCallRecording`). App Connect uses `link`.
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let r: CallRecording = serde_json::from_str(r#"{"id":"7201","type":"OnDemand","link":"https://example.com/rec/7201"}"#).unwrap();
    /// assert_eq!(r.recording_type.as_deref(), Some("OnDemand"));
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct CallRecording {
        /// Recording id.
        pub id: Option<CrmId> => opt "id",
        /// API URI.
        pub uri: Option<String> => opt "uri",
        /// `Automatic` or `OnDemand`.
        pub recording_type: Option<String> => opt "type",
        /// Content URI (needs an RC token to download; the token is not part of it).
        pub content_uri: Option<String> => opt "contentUri",
        /// Shareable link to the recording (what connectors put in the CRM).
        pub link: Option<String> => opt "link",
    }
}

wire_object! {
    "a voicemail object";
    /// Voicemail attached to a call log (`{ link, messageId }`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let v: Voicemail = serde_json::from_str(r#"{"link":"https://example.com/vm/9","messageId":1724099032099}"#).unwrap();
    /// assert_eq!(v.message_id.unwrap(), "1724099032099");
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct Voicemail {
        /// Link to the voicemail.
        pub link: Option<String> => opt "link",
        /// RingCentral message id of the voicemail.
        pub message_id: Option<CrmId> => opt "messageId",
    }
}

wire_object! {
    "a call leg object";
    /// One leg of a call (OpenAPI `RcCallLogLeg`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let leg: CallLeg = serde_json::from_str(r#"{"legType":"Accept","master":true,"duration":12,"from":{"phoneNumber":"+14155550100"}}"#).unwrap();
    /// assert_eq!(leg.duration.and_then(|d| d.seconds()), Some(12));
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct CallLeg {
        /// Leg type (`Accept`, `FindMe`, …).
        pub leg_type: Option<String> => opt "legType",
        /// Whether this is the master leg.
        pub master: Option<bool> => opt "master",
        /// Direction.
        pub direction: Option<CallDirection> => opt "direction",
        /// Action.
        pub action: Option<String> => opt "action",
        /// Result.
        pub result: Option<CallResult> => opt "result",
        /// Start time.
        pub start_time: Option<StartTime> => opt "startTime",
        /// Duration in seconds.
        pub duration: Option<CallDuration> => opt "duration",
        /// Caller.
        pub from: Option<CallParty> => opt "from",
        /// Callee.
        pub to: Option<CallParty> => opt "to",
        /// Telephony session id.
        pub telephony_session_id: Option<String> => opt "telephonySessionId",
        /// Transport (`PSTN`, `VoIP`).
        pub transport: Option<String> => opt "transport",
        /// Leg type (`Voice`, `Fax`).
        pub call_type: Option<CallType> => opt "type",
        /// Extension reference (`{ id, uri }`).
        pub extension: Option<Value> => opt "extension",
    }
}

wire_object! {
    "a call log object";
    /// The RingCentral call-log record (`logInfo` of `POST /callLog`, `callLog` of `createCallLog`;
    /// OpenAPI `RcCallLogRecord`). Loose: every unknown key is kept in `extra`.
    ///
    /// ```
    /// use app_connect_sdk::models::{CallLog, CallDirection};
    /// let log: CallLog = serde_json::from_str(r#"{"sessionId":"42","direction":"Inbound",
    ///     "from":{"phoneNumber":"+14155550100"},"to":{"phoneNumber":"+16505550199"},"duration":"pending"}"#).unwrap();
    /// assert_eq!(log.direction, Some(CallDirection::Inbound));
    /// assert_eq!(log.other_party().and_then(|p| p.phone_number.as_deref()), Some("+14155550100"));
    /// assert!(log.duration.as_ref().is_some_and(|d| d.is_pending()));
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct CallLog {
        /// Call-log record id.
        pub id: Option<CrmId> => opt "id",
        /// API URI.
        pub uri: Option<String> => opt "uri",
        /// RingCentral account id.
        pub account_id: Option<String> => opt "accountId",
        /// Call session id (required; App Connect's de-duplication key).
        pub session_id: String => req "sessionId",
        /// Telephony session id (becomes App Connect's local log id).
        pub telephony_session_id: Option<String> => opt "telephonySessionId",
        /// `Inbound` / `Outbound`.
        pub direction: Option<CallDirection> => opt "direction",
        /// `Voice` / `Fax`.
        pub call_type: Option<CallType> => opt "type",
        /// Action (`Phone Call`, `VoIP Call`, …).
        pub action: Option<String> => opt "action",
        /// Result (`Accepted`, `Missed`, …).
        pub result: Option<CallResult> => opt "result",
        /// Reason code.
        pub reason: Option<String> => opt "reason",
        /// Reason description.
        pub reason_description: Option<String> => opt "reasonDescription",
        /// Start time: ISO string (client) or epoch ms (server-side logging).
        pub start_time: Option<StartTime> => opt "startTime",
        /// Duration in seconds, or `"pending"`.
        pub duration: Option<CallDuration> => opt "duration",
        /// Duration in milliseconds.
        pub duration_ms: Option<u64> => opt "durationMs",
        /// Caller.
        pub from: Option<CallParty> => opt "from",
        /// Callee.
        pub to: Option<CallParty> => opt "to",
        /// Recording.
        pub recording: Option<CallRecording> => opt "recording",
        /// Voicemail (`{ link, messageId }`).
        pub voicemail: Option<Voicemail> => opt "voicemail",
        /// Call legs.
        pub legs: Option<Vec<CallLeg>> => opt "legs",
        /// Subject chosen by the client or server-side logging.
        pub custom_subject: Option<String> => opt "customSubject",
        /// Last modification time.
        pub last_modified_time: Option<String> => opt "lastModifiedTime",
        /// Billing info (`{ costIncluded, costPurchased }`).
        pub billing: Option<Value> => opt "billing",
        /// Transport (`PSTN`, `VoIP`).
        pub transport: Option<String> => opt "transport",
    }
}

impl CallLog {
    /// A record with only a session id.
    pub fn new(session_id: impl Into<String>) -> Self {
        CallLog {
            session_id: session_id.into(),
            ..Default::default()
        }
    }

    /// The other party: `from` for inbound calls, `to` otherwise (App Connect's rule).
    pub fn other_party(&self) -> Option<&CallParty> {
        if self.direction == Some(CallDirection::Inbound) {
            self.from.as_ref()
        } else {
            self.to.as_ref()
        }
    }

    /// The id App Connect uses for its local log row: `telephonySessionId`, else `id`.
    pub fn local_log_id(&self) -> Option<String> {
        self.telephony_session_id
            .clone()
            .filter(|s| !s.is_empty())
            .or_else(|| self.id.as_ref().map(|id| id.to_string()))
    }

    /// The recording link, if any.
    pub fn recording_link(&self) -> Option<&str> {
        self.recording.as_ref()?.link.as_deref()
    }
}

wire_object! {
    "a callLogInfo object";
    /// What a connector's `getCallLog` returns about an existing CRM log (OpenAPI `CallLogInfo`).
    ///
    /// ```
    /// use app_connect_sdk::models::CallLogInfo;
    /// let info = CallLogInfo::new("Call with Jane").with_note("Renewal");
    /// assert_eq!(serde_json::to_string(&info).unwrap(), r#"{"subject":"Call with Jane","note":"Renewal"}"#);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct CallLogInfo {
        /// Current CRM subject.
        pub subject: Option<String> => opt "subject",
        /// Editable agent note.
        pub note: Option<String> => opt "note",
        /// Entire CRM body (base for re-composition).
        pub full_body: Option<String> => opt "fullBody",
        /// Raw CRM record (passed back as `existingCallLogDetails`).
        pub full_log_response: Option<Value> => opt "fullLogResponse",
        /// Contact name.
        pub contact_name: Option<String> => opt "contactName",
        /// Current dispositions keyed by manifest field `const`.
        pub dispositions: Option<Extra> => opt "dispositions",
    }
}

impl CallLogInfo {
    /// Info with a subject.
    pub fn new(subject: impl Into<String>) -> Self {
        CallLogInfo {
            subject: Some(subject.into()),
            ..Default::default()
        }
    }

    /// Sets the note.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// Sets the full body.
    #[must_use]
    pub fn with_full_body(mut self, body: impl Into<String>) -> Self {
        self.full_body = Some(body.into());
        self
    }

    /// Sets the raw CRM record.
    #[must_use]
    pub fn with_full_log_response(mut self, record: Value) -> Self {
        self.full_log_response = Some(record);
        self
    }
}

wire_object! {
    "a POST /callLog body";
    /// Body of `POST /callLog` (OpenAPI `CreateCallLogRequest`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let req = CreateCallLogRequest::new(CallLog::new("987654321"), "crm-contact-123");
    /// assert_eq!(serde_json::to_string(&req).unwrap(), r#"{"logInfo":{"sessionId":"987654321"},"contactId":"crm-contact-123"}"#);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct CreateCallLogRequest {
        /// The RingCentral call-log record.
        pub log_info: CallLog => req "logInfo",
        /// Extension number of the agent.
        pub extension_number: Option<String> => opt "extensionNumber",
        /// Hashed extension id (browser client).
        pub hashed_extension_id: Option<String> => opt "hashedExtensionId",
        /// Raw extension id (server-side logging).
        pub rc_extension_id: Option<String> => opt "rcExtensionId",
        /// CRM contact id (required).
        pub contact_id: CrmId => req "contactId",
        /// Contact type.
        pub contact_type: Option<String> => opt "contactType",
        /// Contact name.
        pub contact_name: Option<String> => opt "contactName",
        /// Agent note.
        pub note: Option<String> => opt "note",
        /// Values of the manifest's additional fields.
        pub additional_submission: Option<AdditionalSubmission> => opt "additionalSubmission",
        /// AI-generated note.
        pub ai_note: Option<String> => opt "aiNote",
        /// Transcript.
        pub transcript: Option<String> => opt "transcript",
        /// RingSense transcript.
        pub ring_sense_transcript: Option<String> => opt "ringSenseTranscript",
        /// RingSense summary.
        pub ring_sense_summary: Option<String> => opt "ringSenseSummary",
        /// RingSense AI score (any JSON).
        pub ring_sense_ai_score: Option<Value> => opt "ringSenseAIScore",
        /// RingSense bulleted summary.
        pub ring_sense_bulleted_summary: Option<String> => opt "ringSenseBulletedSummary",
        /// RingSense link.
        pub ring_sense_link: Option<String> => opt "ringSenseLink",
        /// Voicemail link.
        pub voicemail_link: Option<String> => opt "voicemailLink",
        /// Voicemail message id.
        pub voicemail_message_id: Option<CrmId> => opt "voicemailMessageId",
        /// Phone-number formats for contact matching.
        pub overriding_format: Option<OverridingFormat> => opt "overridingFormat",
    }
}

impl CreateCallLogRequest {
    /// The `contactInfo` App Connect passes to `createCallLog`: the request's contact id, type
    /// and name (`""` when absent) and the other party's number (`from` for inbound calls,
    /// else `to`).
    ///
    /// ```
    /// use app_connect_sdk::models::{CallLog, CallParty, CreateCallLogRequest, CallDirection};
    /// let mut log = CallLog::new("s1");
    /// log.direction = Some(CallDirection::Inbound);
    /// log.from = Some(CallParty::with_number("+14155550100"));
    /// let info = CreateCallLogRequest::new(log, "42").contact_info();
    /// assert_eq!(serde_json::to_string(&info).unwrap(),
    ///     r#"{"id":"42","phoneNumber":"+14155550100","type":"","name":""}"#);
    /// ```
    pub fn contact_info(&self) -> ContactInfo {
        let mut info = ContactInfo::new(
            self.contact_id.clone(),
            self.log_info
                .other_party()
                .and_then(|p| p.phone_number.clone())
                .unwrap_or_default(),
        );
        info.contact_type = Some(self.contact_type.clone().unwrap_or_default());
        info.name = Some(self.contact_name.clone().unwrap_or_default());
        info
    }

    /// A request for a call log and a contact id.
    pub fn new(log_info: CallLog, contact_id: impl Into<CrmId>) -> Self {
        CreateCallLogRequest {
            log_info,
            contact_id: contact_id.into(),
            ..Default::default()
        }
    }
}

wire_object! {
    "a PATCH /callLog body";
    /// Body of `PATCH /callLog` (OpenAPI `UpdateCallLogRequest`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let req: UpdateCallLogRequest = serde_json::from_str(
    ///     r#"{"sessionId":"1","recordingDownloadLink":"https://media.example.com/r?access_token=abc","duration":60}"#).unwrap();
    /// assert_eq!(req.duration.as_ref().and_then(|d| d.seconds()), Some(60));
    /// assert!(!format!("{req:?}").contains("access_token"));
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct UpdateCallLogRequest {
        /// Call session id (required).
        pub session_id: String => req "sessionId",
        /// Extension number.
        pub extension_number: Option<String> => opt "extensionNumber",
        /// Hashed extension id.
        pub hashed_extension_id: Option<String> => opt "hashedExtensionId",
        /// Raw extension id (server-side logging).
        pub rc_extension_id: Option<String> => opt "rcExtensionId",
        /// RingCentral account id.
        pub account_id: Option<String> => opt "accountId",
        /// Recording link.
        pub recording_link: Option<String> => opt "recordingLink",
        /// Recording download link; may embed a RingCentral token, hence a secret.
        pub recording_download_link: Option<Secret> => opt "recordingDownloadLink",
        /// Voicemail link.
        pub voicemail_link: Option<String> => opt "voicemailLink",
        /// Voicemail message id.
        pub voicemail_message_id: Option<CrmId> => opt "voicemailMessageId",
        /// Subject.
        pub subject: Option<String> => opt "subject",
        /// Agent note.
        pub note: Option<String> => opt "note",
        /// Start time.
        pub start_time: Option<StartTime> => opt "startTime",
        /// Duration in seconds.
        pub duration: Option<CallDuration> => opt "duration",
        /// Result.
        pub result: Option<CallResult> => opt "result",
        /// Direction.
        pub direction: Option<CallDirection> => opt "direction",
        /// Caller.
        pub from: Option<CallParty> => opt "from",
        /// Callee.
        pub to: Option<CallParty> => opt "to",
        /// Call legs.
        pub legs: Option<Vec<CallLeg>> => opt "legs",
        /// AI-generated note.
        pub ai_note: Option<String> => opt "aiNote",
        /// Transcript.
        pub transcript: Option<String> => opt "transcript",
        /// Values of the manifest's additional fields.
        pub additional_submission: Option<AdditionalSubmission> => opt "additionalSubmission",
        /// RingSense transcript.
        pub ring_sense_transcript: Option<String> => opt "ringSenseTranscript",
        /// RingSense summary.
        pub ring_sense_summary: Option<String> => opt "ringSenseSummary",
        /// RingSense AI score (any JSON).
        pub ring_sense_ai_score: Option<Value> => opt "ringSenseAIScore",
        /// RingSense bulleted summary.
        pub ring_sense_bulleted_summary: Option<String> => opt "ringSenseBulletedSummary",
        /// RingSense link.
        pub ring_sense_link: Option<String> => opt "ringSenseLink",
        /// Telephony session id.
        pub telephony_session_id: Option<String> => opt "telephonySessionId",
    }
}

impl UpdateCallLogRequest {
    /// A request for a session id.
    pub fn new(session_id: impl Into<String>) -> Self {
        UpdateCallLogRequest {
            session_id: session_id.into(),
            ..Default::default()
        }
    }
}

wire_object! {
    "a call-log lookup item";
    /// One entry of `GET /callLog` (OpenAPI `CallLogLookupItem`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let item = CallLogLookupItem::matched("s-1", "00T1");
    /// assert_eq!(serde_json::to_string(&item).unwrap(), r#"{"sessionId":"s-1","matched":true,"logId":"00T1"}"#);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct CallLogLookupItem {
        /// Session id asked for.
        pub session_id: String => req "sessionId",
        /// Whether a log exists.
        pub matched: bool => req "matched",
        /// CRM log id.
        pub log_id: Option<CrmId> => opt "logId",
        /// Details from `getCallLog` (with `requireDetails=true`).
        pub log_data: Option<CallLogInfo> => opt "logData",
    }
}

impl CallLogLookupItem {
    /// An unmatched session.
    pub fn unmatched(session_id: impl Into<String>) -> Self {
        CallLogLookupItem {
            session_id: session_id.into(),
            ..Default::default()
        }
    }

    /// A matched session with its CRM log id, written as a string (the contract's type, and how
    /// App Connect stores `thirdPartyLogId`) even when given a number.
    pub fn matched(session_id: impl Into<String>, log_id: impl Into<CrmId>) -> Self {
        CallLogLookupItem {
            session_id: session_id.into(),
            matched: true,
            log_id: Some(CrmId::Str(log_id.into().to_string())),
            ..Default::default()
        }
    }
}

wire_object! {
    "a GET /callLog response";
    /// Response of `GET /callLog` (OpenAPI `CallLogLookupResponse`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let r = CallLogLookupResponse::new(vec![CallLogLookupItem::unmatched("s-2")]);
    /// assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"successful":true,"logs":[{"sessionId":"s-2","matched":false}]}"#);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct CallLogLookupResponse {
        /// Whether the lookup ran.
        pub successful: bool => req "successful",
        /// One entry per session id.
        pub logs: Vec<CallLogLookupItem> => req "logs",
        /// Last message from `getCallLog`.
        pub return_message: Option<ReturnMessage> => opt "returnMessage",
    }
}

wire_object! {
    "a POST /callLog response";
    /// Response of `POST /callLog` (OpenAPI `CallLogMutationResponse`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let r = CallLogMutationResponse::created(42);
    /// assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"successful":true,"logId":42}"#);
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct CallLogMutationResponse {
        /// Whether the log was created.
        pub successful: bool => req "successful",
        /// CRM log id.
        pub log_id: Option<CrmId> => opt "logId",
        /// Message for the user.
        pub return_message: Option<ReturnMessage> => opt "returnMessage",
    }
}

wire_object! {
    "a PATCH /callLog response";
    /// Response of `PATCH /callLog` (OpenAPI `CallLogUpdateResponse`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let r = CallLogUpdateResponse::updated("00T1").with_updated_note("Quote sent");
    /// assert_eq!(serde_json::to_value(&r).unwrap()["updatedNote"], "Quote sent");
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct CallLogUpdateResponse {
        /// Whether the update ran.
        pub successful: bool => req "successful",
        /// CRM log id.
        pub log_id: Option<CrmId> => opt "logId",
        /// The note as updated.
        pub updated_note: Option<String> => opt "updatedNote",
        /// Message for the user.
        pub return_message: Option<ReturnMessage> => opt "returnMessage",
    }
}

wire_object! {
    "a PUT /callDisposition body";
    /// Body of `PUT /callDisposition` (OpenAPI `CallDispositionRequest`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let r: CallDispositionRequest = serde_json::from_str(r#"{"sessionId":"s-1","dispositions":{"outcome":"Qualified lead"}}"#).unwrap();
    /// assert_eq!(r.dispositions.unwrap()["outcome"], "Qualified lead");
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct CallDispositionRequest {
        /// Call session id (required).
        pub session_id: String => req "sessionId",
        /// Extension number (string or number).
        pub extension_number: Option<CrmId> => opt "extensionNumber",
        /// Hashed extension id (string or number).
        pub hashed_extension_id: Option<CrmId> => opt "hashedExtensionId",
        /// Dispositions keyed by manifest field `const`.
        pub dispositions: Option<Extra> => opt "dispositions",
        /// Accepted but not forwarded by App Connect.
        pub additional_submission: Option<AdditionalSubmission> => opt "additionalSubmission",
    }
}

wire_object! {
    "a POST /callLog/cacheNote body";
    /// Body of `POST /callLog/cacheNote` (OpenAPI `CallNoteCacheRequest`).
    ///
    /// ```
    /// use app_connect_sdk::models::*;
    /// let r: CallNoteCacheRequest = serde_json::from_str(r#"{"sessionId":"s-1","note":"Call back"}"#).unwrap();
    /// assert_eq!(r.note, "Call back");
    /// ```
    #[derive(Clone, Default, PartialEq)]
    #[non_exhaustive]
    pub struct CallNoteCacheRequest {
        /// Call session id.
        pub session_id: String => req "sessionId",
        /// The note to cache.
        pub note: String => req "note",
    }
}

impl CallLogLookupItem {
    /// Attaches `getCallLog` details.
    #[must_use]
    pub fn with_log_data(mut self, info: CallLogInfo) -> Self {
        self.log_data = Some(info);
        self
    }
}

impl CallLogLookupResponse {
    /// A successful lookup.
    pub fn new(logs: Vec<CallLogLookupItem>) -> Self {
        CallLogLookupResponse {
            successful: true,
            logs,
            ..Default::default()
        }
    }

    /// Sets the message.
    #[must_use]
    pub fn with_message(mut self, message: ReturnMessage) -> Self {
        self.return_message = Some(message);
        self
    }
}

impl CallLogMutationResponse {
    /// A created log.
    pub fn created(log_id: impl Into<CrmId>) -> Self {
        CallLogMutationResponse {
            successful: true,
            log_id: Some(log_id.into()),
            ..Default::default()
        }
    }

    /// A failure with a message.
    pub fn failure(message: ReturnMessage) -> Self {
        CallLogMutationResponse {
            return_message: Some(message),
            ..Default::default()
        }
    }

    /// Sets the message.
    #[must_use]
    pub fn with_message(mut self, message: ReturnMessage) -> Self {
        self.return_message = Some(message);
        self
    }
}

impl CallLogUpdateResponse {
    /// An updated log. The id is written as a string (the contract's type) even when given a
    /// number.
    pub fn updated(log_id: impl Into<CrmId>) -> Self {
        CallLogUpdateResponse {
            successful: true,
            log_id: Some(CrmId::Str(log_id.into().to_string())),
            ..Default::default()
        }
    }

    /// A failure (unknown session): `{ successful: false }`.
    pub fn failure() -> Self {
        Self::default()
    }

    /// Sets the updated note.
    #[must_use]
    pub fn with_updated_note(mut self, note: impl Into<String>) -> Self {
        self.updated_note = Some(note.into());
        self
    }

    /// Sets the message.
    #[must_use]
    pub fn with_message(mut self, message: ReturnMessage) -> Self {
        self.return_message = Some(message);
        self
    }
}
