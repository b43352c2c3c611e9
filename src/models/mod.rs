//! Typed wire models of RingCentral App Connect: request and response bodies of the connector
//! server routes, the RingCentral records inside them, and the inputs / outputs of connector
//! interfaces.
//!
//! Policy (details in `docs/models.md`):
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

#[cfg(doctest)]
#[doc = include_str!("../../docs/models.md")]
mod models_md {}

pub mod admin;
pub mod appointment;
pub mod auth;
pub mod call;
pub mod common;
pub mod contact;
pub mod interface;
pub mod lenient;
pub mod message;
pub mod return_message;
pub mod server;
pub mod submission;
pub mod user;

pub use admin::*;
pub use appointment::*;
pub use auth::*;
pub use call::*;
pub use common::*;
pub use contact::*;
pub use interface::*;
pub use lenient::*;
pub use message::*;
pub use return_message::*;
pub use server::*;
pub use submission::*;
pub use user::*;
