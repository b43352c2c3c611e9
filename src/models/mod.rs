//! Typed wire models of RingCentral App Connect: request and response bodies of the connector
//! server routes, the RingCentral records inside them, and the inputs / outputs of connector
//! interfaces.
//!
//! Policy (details in the [models guide](crate::guides::models)):
//! * names on the wire are exactly App Connect's camelCase; absent options are omitted;
//! * every loose object keeps unknown keys in `extra`, so parse → serialise loses nothing;
//! * open string sets ([`MessageType`], [`CallResult`], …) keep unknown values in `Other`;
//! * scalars App Connect sends in several shapes ([`StartTime`], [`CallDuration`],
//!   [`TimezoneOffset`], [`LenientBool`], [`FlexibleDate`], [`CrmId`]) accept them all and
//!   write back the form they were given;
//! * credentials are [`Secret`]s: never in `Debug`, `Display` or error messages;
//! * [`from_json_slice`] / [`from_json_str`] report the JSON path of a bad value.
//!
//! ```
//! use app_connect_sdk::models::{from_json_str, CreateCallLogRequest, CallDirection};
//!
//! let body = r#"{
//!   "logInfo": {
//!     "sessionId": "987654321", "direction": "Inbound", "startTime": 1782268200000,
//!     "duration": 125, "from": {"phoneNumber": "+14155550100"}, "to": {"phoneNumber": "+16505550199"}
//!   },
//!   "contactId": "crm-contact-123",
//!   "additionalSubmission": {"deals": "d-42"},
//!   "somethingNew": true
//! }"#;
//! let req: CreateCallLogRequest = from_json_str(body)?;
//! assert_eq!(req.log_info.direction, Some(CallDirection::Inbound));
//! assert_eq!(req.log_info.duration.as_ref().and_then(|d| d.seconds()), Some(125));
//! let start = req.log_info.start_time.as_ref().and_then(|t| t.to_utc()).unwrap();
//! assert_eq!(start.to_rfc3339(), "2026-06-24T02:30:00+00:00");
//! assert_eq!(req.extra["somethingNew"], true); // unknown keys are kept
//!
//! // Round trip: same JSON value.
//! let again: serde_json::Value = serde_json::to_value(&req)?;
//! assert_eq!(again, serde_json::from_str::<serde_json::Value>(body)?);
//!
//! // Errors name the path.
//! let err = from_json_str::<CreateCallLogRequest>(r#"{"contactId":"1","logInfo":{"sessionId":"1","from":{"phoneNumber":5}}}"#)
//!     .unwrap_err();
//! assert!(err.to_string().starts_with("logInfo.from.phoneNumber: invalid type: integer `5`"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// Builder setters consume `self`: dropping the result is always a mistake.

#[macro_use]
mod macros;

mod admin;
mod admin_config;
mod appointment;
mod auth;
mod call;
mod common;
mod constructors;
mod contact;
mod interface;
mod lenient;
mod message;
mod release_notes;
mod return_message;
mod server;
mod submission;
mod user;
#[cfg(test)]
#[cfg(feature = "schema")]
mod wire_check;

// One path per type: the submodules are private and every public item is listed here, so
// docs.rs shows the types themselves (as rmcp's `model` does), not a list of globs.
pub use crate::open_enum::Unrecognized;
pub use admin::{CrmUser, LicenseStatus, ManagedAuthOption, ManagedAuthOptionsRequest};
pub use admin_config::{
    AdminConfig, AdminSettingsUpdateRequest, RcExtension, RcUserMatch, UserMapping,
    UserMappingEntry, UserMappingRequest,
};
pub use appointment::{
    Appointment, AppointmentAttendee, AppointmentContactObject, AppointmentContactReference,
    AppointmentCreateRequest, AppointmentListResponse, AppointmentPatchInput,
    AppointmentPatchRequest, AppointmentRange, AppointmentResponse, AppointmentStatusUpdateRequest,
    CreateAppointmentInput,
};
pub use auth::{
    ApiKeyLoginRequest, ApiKeyLoginResponse, AuthType, OAuthInfo, OAuthScopes,
    OverridingOAuthOption, PlatformUserInfo, UserInfoResult,
};
pub use call::{
    CallDirection, CallDispositionRequest, CallLeg, CallLog, CallLogInfo, CallLogLookupItem,
    CallLogLookupResponse, CallLogMutationResponse, CallLogUpdateResponse, CallNoteCacheRequest,
    CallParty, CallRecording, CallResult, CallType, CreateCallLogRequest, UpdateCallLogRequest,
    Voicemail,
};
pub use common::{
    CrmId, Extra, ExtraDataTracking, ModelError, OverridingFormat, Secret, from_json_slice,
    from_json_str, from_json_value,
};
pub use contact::{
    CREATE_NEW_CONTACT_ID, Contact, ContactInfo, ContactMutationResponse, ContactOption,
    ContactSearchQuery, ContactSearchResponse, ContactType, CreateContactRequest,
};
pub use interface::{
    CreateCallLogParams, CreateContactParams, CreateContactResult, CreateMessageLogParams,
    ExistingCallLog, ExistingMessageLog, FindContactParams, FindContactResult,
    FindContactWithNameParams, GetCallLogParams, GetCallLogResult, GetUserInfoParams, LogResult,
    MutationResult, OAuthInfoParams, UpdateCallLogParams, UpdateCallLogResult,
    UpdateMessageLogParams, UpdateMessageLogResult, UpsertDispositionParams,
};
pub use lenient::{CallDuration, FlexibleDate, LenientBool, StartTime, TimezoneOffset};
pub use message::{
    AttachmentType, MessageAttachment, MessageConversationLog, MessageCorrespondent,
    MessageLogRequest, MessageLogResponse, MessageParty, RcMessage, RcMessageType,
    SharedSmsLogContent,
};
pub use release_notes::{ReleaseNoteItem, ReleaseNoteSections, ReleaseNotes};
pub use return_message::{
    MessageDetail, MessageDetailItem, MessageType, ReturnMessage, ReturnMessageOrText,
};
pub use server::{
    AuthValidationResponse, BasicMutationResponse, ErrorBody, ErrorResponse, HealthResponse,
    ImplementedInterfacesResponse, UserInfoHashResponse,
};
pub use submission::AdditionalSubmission;
pub use user::{User, UserSetting, UserSettings, UserSettingsEnvelope, UserSettingsUpdateRequest};
