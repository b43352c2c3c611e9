//! A conformance kit: App Connect's connector checklist as `cargo test` (feature `testing`).
//!
//! [`Conformance`] drives a [`ConnectorServer`] in process, route by route, the way the App
//! Connect client does: sign-in, contact lookup (a match, no match, an extension number),
//! contact creation and a call logged against the new contact, call logging, a duplicate
//! create, an update (recording link, edited note and subject) while a user's edit sits in the
//! CRM body, the read-back with details, the disposition, SMS logging (one activity per
//! conversation and day, later messages appended, none twice), a shared-SMS thread and logout.
//! A step runs only where the connector declares the capability (`GET /implementedInterfaces`).
//!
//! At every step the kit checks:
//!
//! - the answer parses as the contract's response type (the JSON path of a bad value is named);
//! - each matched or created contact feeds the manifest's contact-dependent fields
//!   ([`Platform::check_contact`], when a manifest is given);
//! - the CRM holds exactly one activity per call and per message group, read back through
//!   [`CrmActivities`], a small trait you implement over your CRM fake (or your sandbox).
//!
//! An OAuth connector signs in through [`FakeOAuthProvider`], the OAuth 2 provider the kit
//! supplies (a real HTTP server on loopback): see [`Conformance::oauth`].
//!
//! A failure is a [`ConformanceError`] naming the step, with the request, the response and
//! what was expected (secrets redacted). See the [testing guide](crate::guides::testing).

mod activities;
mod error;
mod oauth;
mod run;

pub use activities::{Activity, CrmActivities};
pub use error::ConformanceError;
pub use oauth::{FakeOAuthProvider, Grants};
pub use run::{Conformance, Report, Step, StepOutcome};

#[cfg(doc)]
use crate::{manifest::Platform, server::ConnectorServer};
