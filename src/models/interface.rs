//! In-process inputs and outputs of the connector interfaces (what App Connect's core passes to
//! a connector function and what it expects back). The user and the auth header are not part of
//! these: the runtime passes them in a context.
//!
//! Results derive `Serialize`/`Deserialize` with App Connect's camelCase names, so a host can
//! forward them as JSON; absent options are omitted.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::call::{CallLeg, CallLog, CallLogInfo, CallResult};
use super::common::{CrmId, Extra, ExtraDataTracking, Secret};
use super::contact::{Contact, ContactInfo};
use super::lenient::{CallDuration, LenientBool, StartTime};
use super::message::{RcMessage, SharedSmsLogContent};
use super::return_message::ReturnMessage;
use super::submission::AdditionalSubmission;
use super::user::RedactedMap;

/// Reads a boolean that may arrive as `"true"`/`"false"` (see [`LenientBool`]).
fn lenient_bool<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    LenientBool::deserialize(deserializer).map(|b| b.get())
}

/// Adds `with_message` / `with_tracking` builders to a result type.
macro_rules! result_builders {
    ($ty:ident) => {
        impl $ty {
            /// Sets the message shown to the user.
            #[must_use]
            pub fn with_message(mut self, message: ReturnMessage) -> Self {
                self.return_message = Some(message);
                self
            }

            /// Sets the analytics data (`extraDataTracking`).
            #[must_use]
            pub fn with_tracking(mut self, tracking: ExtraDataTracking) -> Self {
                self.extra_data_tracking = Some(tracking);
                self
            }
        }
    };
}

/// Result of `findContact` / `findContactWithName`.
///
/// ```
/// use app_connect_sdk::models::{FindContactResult, Contact};
/// let r = FindContactResult::found(vec![Contact::new(1, "Jane"), Contact::create_new_placeholder()]);
/// assert!(r.successful && r.has_real_match());
/// assert!(!FindContactResult::not_found().has_real_match());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct FindContactResult {
    /// `true` even when nothing matched; `false` to refuse (e.g. extension lookups).
    pub successful: bool,
    /// Matches (`[]` for none), possibly with the "create new" placeholder.
    #[serde(default)]
    pub matched_contact_info: Vec<Contact>,
    /// Message; when absent and nothing matched, App Connect shows "Contact not found".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_message: Option<ReturnMessage>,
    /// Analytics data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_data_tracking: Option<ExtraDataTracking>,
}

result_builders!(FindContactResult);

impl FindContactResult {
    /// A successful search with these matches.
    pub fn found(contacts: Vec<Contact>) -> Self {
        FindContactResult {
            successful: true,
            matched_contact_info: contacts,
            ..Default::default()
        }
    }

    /// A successful search without matches.
    pub fn not_found() -> Self {
        Self::found(Vec::new())
    }

    /// A refused search (`successful: false`) with a message.
    pub fn refused(message: ReturnMessage) -> Self {
        FindContactResult {
            successful: false,
            return_message: Some(message),
            ..Default::default()
        }
    }

    /// Whether at least one match is a real contact (not the placeholder).
    pub fn has_real_match(&self) -> bool {
        self.matched_contact_info
            .iter()
            .any(|c| !c.is_new_contact())
    }
}

/// Result of `createContact`; success iff `contact_info` is set.
///
/// ```
/// use app_connect_sdk::models::{CreateContactResult, Contact};
/// assert!(CreateContactResult::created(Contact::new(5, "Jane")).contact_info.is_some());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CreateContactResult {
    /// The created contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_info: Option<Contact>,
    /// Message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_message: Option<ReturnMessage>,
    /// Analytics data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_data_tracking: Option<ExtraDataTracking>,
}

result_builders!(CreateContactResult);

impl CreateContactResult {
    /// A created contact.
    pub fn created(contact: Contact) -> Self {
        CreateContactResult {
            contact_info: Some(contact),
            ..Default::default()
        }
    }

    /// A failure with a message.
    pub fn failure(message: ReturnMessage) -> Self {
        CreateContactResult {
            return_message: Some(message),
            ..Default::default()
        }
    }
}

/// Result of the interfaces that write one CRM activity: `createCallLog`,
/// `createMessageLog` and `upsertCallDisposition`. Success iff `log_id` is set.
///
/// * `createCallLog`: without `log_id` App Connect reports the call was not logged.
/// * `createMessageLog`: a missing `log_id` is *silent* in App Connect (the route still
///   reports success), so signal failures through `return_message`.
/// * `upsertCallDisposition`: without `log_id` nothing was set (`successful: false`).
///
/// ```
/// use app_connect_sdk::models::{LogResult, ReturnMessage};
/// let r = LogResult::logged(42).with_message(ReturnMessage::success("Call logged"));
/// assert_eq!(serde_json::to_string(&r).unwrap(),
///     r#"{"logId":42,"returnMessage":{"message":"Call logged","messageType":"success"}}"#);
/// assert!(LogResult::failure(ReturnMessage::info("Nothing to set")).log_id.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct LogResult {
    /// CRM id of the activity written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_id: Option<CrmId>,
    /// Message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_message: Option<ReturnMessage>,
    /// Analytics data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_data_tracking: Option<ExtraDataTracking>,
}

result_builders!(LogResult);

impl LogResult {
    /// The activity `log_id` was written (created, or its dispositions set).
    pub fn logged(log_id: impl Into<CrmId>) -> Self {
        LogResult {
            log_id: Some(log_id.into()),
            ..Default::default()
        }
    }

    /// Nothing written, with a message saying why.
    pub fn failure(message: ReturnMessage) -> Self {
        LogResult {
            return_message: Some(message),
            ..Default::default()
        }
    }
}

/// Result of `updateCallLog` (nothing is required).
///
/// ```
/// use app_connect_sdk::models::*;
/// let r = UpdateCallLogResult::updated("Quote sent");
/// assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"updatedNote":"Quote sent"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct UpdateCallLogResult {
    /// The note as now stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_note: Option<String>,
    /// Message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_message: Option<ReturnMessage>,
    /// Analytics data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_data_tracking: Option<ExtraDataTracking>,
}

result_builders!(UpdateCallLogResult);

impl UpdateCallLogResult {
    /// An empty (successful) result.
    pub fn new() -> Self {
        Self::default()
    }

    /// A result carrying the updated note.
    pub fn updated(note: impl Into<String>) -> Self {
        UpdateCallLogResult {
            updated_note: Some(note.into()),
            ..Default::default()
        }
    }
}

/// Result of `getCallLog`.
///
/// ```
/// use app_connect_sdk::models::*;
/// let r = GetCallLogResult::found(CallLogInfo::new("Call with Jane"));
/// assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"callLogInfo":{"subject":"Call with Jane"}}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct GetCallLogResult {
    /// The log (`None` is tolerated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_log_info: Option<CallLogInfo>,
    /// Message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_message: Option<ReturnMessage>,
    /// Analytics data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_data_tracking: Option<ExtraDataTracking>,
}

result_builders!(GetCallLogResult);

impl GetCallLogResult {
    /// A found log.
    pub fn found(info: CallLogInfo) -> Self {
        GetCallLogResult {
            call_log_info: Some(info),
            ..Default::default()
        }
    }

    /// No log, with a message.
    pub fn not_found(message: ReturnMessage) -> Self {
        GetCallLogResult {
            return_message: Some(message),
            ..Default::default()
        }
    }
}

/// Result of `updateMessageLog` (must be an object; nothing is required).
///
/// ```
/// use app_connect_sdk::models::*;
/// assert_eq!(serde_json::to_string(&UpdateMessageLogResult::new()).unwrap(), "{}");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct UpdateMessageLogResult {
    /// Message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_message: Option<ReturnMessage>,
    /// Analytics data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_data_tracking: Option<ExtraDataTracking>,
}

result_builders!(UpdateMessageLogResult);

impl UpdateMessageLogResult {
    /// An empty (successful) result.
    pub fn new() -> Self {
        Self::default()
    }
}

/// `{ successful, returnMessage? }`: result of `refreshUserInfo`, `unAuthorize`,
/// `authValidation`, `updateServerLoggingSettings`, `onUpdateUserSettings`.
///
/// ```
/// use app_connect_sdk::models::{MutationResult, ReturnMessage};
/// let r = MutationResult::failure(ReturnMessage::warning("Token revoked"));
/// assert_eq!(serde_json::to_value(&r).unwrap()["successful"], false);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct MutationResult {
    /// Whether it worked.
    pub successful: bool,
    /// Message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_message: Option<ReturnMessage>,
}

impl MutationResult {
    /// `{ successful: true }`.
    pub fn success() -> Self {
        MutationResult {
            successful: true,
            return_message: None,
        }
    }

    /// `{ successful: false, returnMessage }`.
    pub fn failure(message: ReturnMessage) -> Self {
        MutationResult {
            successful: false,
            return_message: Some(message),
        }
    }

    /// Sets the message.
    #[must_use]
    pub fn with_message(mut self, message: ReturnMessage) -> Self {
        self.return_message = Some(message);
        self
    }
}

/// Input of `findContact`.
///
/// ```
/// use app_connect_sdk::models::*;
/// let p = FindContactParams::new("+14155550100");
/// assert!(!p.is_extension);
/// let q: FindContactParams = serde_json::from_str(r#"{"phoneNumber":"101","isExtension":"true"}"#).unwrap();
/// assert!(q.is_extension);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct FindContactParams {
    /// E.164 number (or a bare extension number when `is_extension`).
    pub phone_number: String,
    /// Comma-separated formats (`(###) ###-####`); `#`/`*` are digit placeholders.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overriding_format: Option<String>,
    /// Whether `phone_number` is an extension number (also read from `"true"`/`"false"`).
    #[serde(deserialize_with = "lenient_bool")]
    pub is_extension: bool,
    /// The user asked to refresh cached account data (also read from `"true"`/`"false"`).
    #[serde(deserialize_with = "lenient_bool")]
    pub is_force_refresh_account_data: bool,
}

impl FindContactParams {
    /// Params for a phone number.
    pub fn new(phone_number: impl Into<String>) -> Self {
        FindContactParams {
            phone_number: phone_number.into(),
            ..Default::default()
        }
    }

    /// The individual overriding formats.
    pub fn formats(&self) -> Vec<&str> {
        self.overriding_format
            .as_deref()
            .map(|f| {
                f.split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Input of `findContactWithName`.
///
/// ```
/// use app_connect_sdk::models::*;
/// assert_eq!(FindContactWithNameParams::new("Jane").name, "Jane");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct FindContactWithNameParams {
    /// The name searched for.
    pub name: String,
}

impl FindContactWithNameParams {
    /// Params for a name.
    pub fn new(name: impl Into<String>) -> Self {
        FindContactWithNameParams { name: name.into() }
    }
}

/// Input of `createContact`.
///
/// ```
/// use app_connect_sdk::models::*;
/// let mut p = CreateContactParams::default();
/// p.phone_number = "+14155550100".into();
/// p.new_contact_name = "Jane Smith".into();
/// p.additional_submission.insert("source", "Phone");
/// assert_eq!(p.additional_submission.get_str("source"), Some("Phone"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CreateContactParams {
    /// Number of the new contact.
    pub phone_number: String,
    /// Name of the new contact.
    pub new_contact_name: String,
    /// Type (a manifest `contactTypes[].value`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_contact_type: Option<String>,
    /// Values of `page.newContact.additionalFields`.
    pub additional_submission: AdditionalSubmission,
}

/// Input of `createCallLog`.
///
/// ```
/// use app_connect_sdk::models::*;
/// let mut p = CreateCallLogParams::default();
/// p.contact_info = ContactInfo::new("42", "+14155550100");
/// p.call_log = CallLog::new("987654321");
/// p.composed_log_details = "Call with Jane".into();
/// assert_eq!(serde_json::to_value(&p).unwrap()["isFromSSCL"], false);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CreateCallLogParams {
    /// The contact to log against (built by App Connect from the request).
    pub contact_info: ContactInfo,
    /// The RingCentral call record.
    pub call_log: CallLog,
    /// Agent note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Values of the manifest's additional fields.
    pub additional_submission: AdditionalSubmission,
    /// AI-generated note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ai_note: Option<String>,
    /// Transcript.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transcript: Option<String>,
    /// Voicemail link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voicemail_link: Option<String>,
    /// Voicemail message id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voicemail_message_id: Option<String>,
    /// RingSense transcript.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ring_sense_transcript: Option<String>,
    /// RingSense summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ring_sense_summary: Option<String>,
    /// RingSense AI score (any JSON).
    #[serde(rename = "ringSenseAIScore", skip_serializing_if = "Option::is_none")]
    pub ring_sense_ai_score: Option<Value>,
    /// RingSense bulleted summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ring_sense_bulleted_summary: Option<String>,
    /// RingSense link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ring_sense_link: Option<String>,
    /// Log body composed by App Connect (`""` for a custom log format).
    pub composed_log_details: String,
    /// Hashed RingCentral account id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hashed_account_id: Option<String>,
    /// The request came from server-side call logging.
    #[serde(rename = "isFromSSCL", deserialize_with = "lenient_bool")]
    pub is_from_sscl: bool,
}

/// The local linkage row of a logged call (`existingCallLog`). Ids are strings.
///
/// ```
/// use app_connect_sdk::models::*;
/// let row: ExistingCallLog = serde_json::from_str(r#"{"id":"s-1","sessionId":"987","thirdPartyLogId":"42","contactId":"7"}"#).unwrap();
/// assert_eq!(row.third_party_log_id, "42");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ExistingCallLog {
    /// Local id (telephony session id or RC record id).
    pub id: String,
    /// Call session id.
    pub session_id: String,
    /// Extension number (`""` by default).
    pub extension_number: String,
    /// Hashed extension id (`""` by default).
    pub hashed_extension_id: String,
    /// Platform.
    pub platform: String,
    /// CRM log id (always a string).
    pub third_party_log_id: String,
    /// App Connect user id.
    pub user_id: String,
    /// CRM contact id (always a string).
    pub contact_id: String,
}

/// Input of `updateCallLog`.
///
/// ```
/// use app_connect_sdk::models::*;
/// let mut p = UpdateCallLogParams::default();
/// p.existing_call_log.third_party_log_id = "42".into();
/// p.recording_download_link = Some(Secret::new("https://media.example.com/r?access_token=abc"));
/// assert!(!format!("{p:?}").contains("access_token"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct UpdateCallLogParams {
    /// The local linkage row (CRM id = `third_party_log_id`).
    pub existing_call_log: ExistingCallLog,
    /// Recording link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recording_link: Option<String>,
    /// Recording download link (may embed a RingCentral token).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recording_download_link: Option<Secret>,
    /// Voicemail link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voicemail_link: Option<String>,
    /// Voicemail message id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voicemail_message_id: Option<String>,
    /// Subject.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Agent note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Start time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<StartTime>,
    /// Duration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<CallDuration>,
    /// Result.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<CallResult>,
    /// AI-generated note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ai_note: Option<String>,
    /// Transcript.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transcript: Option<String>,
    /// Call legs (`[]` by default).
    pub legs: Vec<CallLeg>,
    /// RingSense transcript.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ring_sense_transcript: Option<String>,
    /// RingSense summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ring_sense_summary: Option<String>,
    /// RingSense AI score (any JSON).
    #[serde(rename = "ringSenseAIScore", skip_serializing_if = "Option::is_none")]
    pub ring_sense_ai_score: Option<Value>,
    /// RingSense bulleted summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ring_sense_bulleted_summary: Option<String>,
    /// RingSense link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ring_sense_link: Option<String>,
    /// Values of the manifest's additional fields.
    pub additional_submission: AdditionalSubmission,
    /// Log body composed by App Connect (`""` for a custom log format).
    pub composed_log_details: String,
    /// `getCallLog().callLogInfo.fullLogResponse`, or `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub existing_call_log_details: Option<Value>,
    /// Hashed RingCentral account id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hashed_account_id: Option<String>,
    /// The request came from server-side call logging.
    #[serde(rename = "isFromSSCL", deserialize_with = "lenient_bool")]
    pub is_from_sscl: bool,
}

/// Input of `getCallLog`.
///
/// ```
/// use app_connect_sdk::models::*;
/// let p: GetCallLogParams = serde_json::from_str(r#"{"telephonySessionId":"s-1","callLogId":"42","contactId":"7"}"#).unwrap();
/// assert_eq!(p.call_log_id, "42");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct GetCallLogParams {
    /// Local log id.
    pub telephony_session_id: String,
    /// CRM log id (`thirdPartyLogId`).
    pub call_log_id: String,
    /// Stored CRM contact id.
    pub contact_id: String,
}

/// Input of `upsertCallDisposition`.
///
/// ```
/// use app_connect_sdk::models::*;
/// let mut p = UpsertDispositionParams::default();
/// p.dispositions.insert("deals".into(), serde_json::json!("D-1"));
/// assert_eq!(p.dispositions["deals"], "D-1");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct UpsertDispositionParams {
    /// The local linkage row.
    pub existing_call_log: ExistingCallLog,
    /// Dispositions keyed by manifest field `const`.
    pub dispositions: Extra,
}

/// The local linkage row of a logged message (`existingMessageLog`).
///
/// ```
/// use app_connect_sdk::models::*;
/// let row: ExistingMessageLog = serde_json::from_str(r#"{"id":"1724099032020","thirdPartyLogId":"n-9"}"#).unwrap();
/// assert_eq!(row.third_party_log_id, "n-9");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ExistingMessageLog {
    /// Local id (message id, or conversation log id for shared SMS).
    pub id: String,
    /// Platform.
    pub platform: String,
    /// Conversation id.
    pub conversation_id: String,
    /// Conversation log id (conversation + day).
    pub conversation_log_id: String,
    /// CRM log id.
    pub third_party_log_id: String,
    /// App Connect user id.
    pub user_id: String,
}

/// Input of `createMessageLog` (normal messages carry `message`; shared SMS carries
/// `shared_sms_log_content`).
///
/// ```
/// use app_connect_sdk::models::*;
/// let mut p = CreateMessageLogParams::default();
/// p.message = Some(RcMessage::new(1, RcMessageType::Sms));
/// p.fax_download_link = Some(Secret::new("https://media.example.com/f?access_token=abc"));
/// assert!(!format!("{p:?}").contains("access_token"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CreateMessageLogParams {
    /// The contact to log against.
    pub contact_info: ContactInfo,
    /// The message (normal path).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<RcMessage>,
    /// Composed shared-SMS content (shared path).
    #[serde(
        rename = "sharedSMSLogContent",
        skip_serializing_if = "Option::is_none"
    )]
    pub shared_sms_log_content: Option<SharedSmsLogContent>,
    /// Group SMS: matched contacts of the other correspondents (one list per number).
    pub correspondents: Vec<Vec<Contact>>,
    /// Values of the manifest's additional fields.
    pub additional_submission: AdditionalSubmission,
    /// Voicemail audio link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recording_link: Option<String>,
    /// Fax document link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fax_doc_link: Option<String>,
    /// Fax download link (embeds a RingCentral token).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fax_download_link: Option<Secret>,
    /// MMS image link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_link: Option<String>,
    /// MMS image download link (embeds a RingCentral token).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_download_link: Option<Secret>,
    /// MMS image MIME type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_content_type: Option<String>,
    /// MMS video link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub video_link: Option<String>,
    /// Shared SMS: assignee name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee_name: Option<String>,
    /// Shared SMS: owner name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_name: Option<String>,
    /// Hashed RingCentral account id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hashed_account_id: Option<String>,
}

/// Input of `updateMessageLog` (no recording / fax links, no correspondents).
///
/// ```
/// use app_connect_sdk::models::*;
/// let mut p = UpdateMessageLogParams::default();
/// p.existing_message_log.third_party_log_id = "n-9".into();
/// p.shared_sms_log_content = Some(SharedSmsLogContent::new("SMS", "Hello"));
/// assert!(p.message.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct UpdateMessageLogParams {
    /// The contact.
    pub contact_info: ContactInfo,
    /// The local linkage row (CRM id = `third_party_log_id`).
    pub existing_message_log: ExistingMessageLog,
    /// The new message (normal path).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<RcMessage>,
    /// Composed shared-SMS content (shared path).
    #[serde(
        rename = "sharedSMSLogContent",
        skip_serializing_if = "Option::is_none"
    )]
    pub shared_sms_log_content: Option<SharedSmsLogContent>,
    /// Values of the manifest's additional fields.
    pub additional_submission: AdditionalSubmission,
    /// MMS image link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_link: Option<String>,
    /// MMS image download link (embeds a RingCentral token).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_download_link: Option<Secret>,
    /// MMS image MIME type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_content_type: Option<String>,
    /// MMS video link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub video_link: Option<String>,
    /// Shared SMS: assignee name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee_name: Option<String>,
    /// Shared SMS: owner name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_name: Option<String>,
}

/// Input of `getUserInfo` (OAuth callback or API-key login). `Debug` redacts the API key,
/// credential-like fields and the raw token response.
///
/// ```
/// use app_connect_sdk::models::*;
/// let mut p = GetUserInfoParams::default();
/// p.api_key = Some(Secret::new("k-123"));
/// p.data = Some(serde_json::json!({"access_token": "at-1"}));
/// let debug = format!("{p:?}");
/// assert!(!debug.contains("k-123") && !debug.contains("at-1"));
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct GetUserInfoParams {
    /// Resolved CRM hostname.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// Platform name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// API key login: values of the auth page fields (`additionalInfo.apiKey` defaulted).
    pub additional_info: Extra,
    /// API key login: the resolved key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key: Option<Secret>,
    /// OAuth: resolved token URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    /// OAuth: API URL from the callback.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_url: Option<String>,
    /// OAuth: username from the callback.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// OAuth: full callback URI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_uri: Option<String>,
    /// OAuth: the whole callback query.
    pub query: Extra,
    /// OAuth: raw token-endpoint response (holds tokens).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
}

impl fmt::Debug for GetUserInfoParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GetUserInfoParams")
            .field("hostname", &self.hostname)
            .field("platform", &self.platform)
            .field("additional_info", &RedactedMap(&self.additional_info))
            .field("api_key", &self.api_key)
            .field("token_url", &self.token_url)
            .field("api_url", &self.api_url)
            .field("username", &self.username)
            .field(
                "callback_uri",
                &self.callback_uri.as_ref().map(|_| "[redacted]"),
            )
            .field("query", &RedactedMap(&self.query))
            .field("data", &self.data.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

/// Input of `getOauthInfo`.
///
/// ```
/// use app_connect_sdk::models::*;
/// let p: OAuthInfoParams = serde_json::from_str(r#"{"tokenUrl":"https://crm.example.com/oauth/token"}"#).unwrap();
/// assert!(p.hostname.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct OAuthInfoParams {
    /// Saved `platformAdditionalInfo.tokenUrl` or callback `tokenUrl`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    /// CRM hostname.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// RingCentral account id (callback only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rc_account_id: Option<String>,
    /// User email (callback only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_email: Option<String>,
}
