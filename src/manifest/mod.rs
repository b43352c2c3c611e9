//! The App Connect manifest, typed: parse it, build it, check it, and get its JSON Schema.
//!
//! A manifest declares a connector's platforms: how users log in ([`Auth`]), where contacts and
//! logs open (URL templates), the call log / message log / new contact forms
//! ([`AdditionalField`]) and the settings ([`SettingsSection`]). Authors used to write it by
//! hand with no schema; here it is
//!
//! - **typed**: [`Manifest`] and its nodes cover every documented key and keep unknown keys in
//!   `extra`, so a manifest round-trips without loss;
//! - **buildable**: [`Manifest::builder`] and [`Platform::builder`] read well, and
//!   [`FieldKey`] lets the manifest's `const` and the connector's `additionalInfo` key share one
//!   definition;
//! - **checkable**: [`Manifest::validate`] reports every problem with its JSON path
//!   ([`ValidationIssue`]);
//! - **documented**: `manifest_schema()` (feature `schema`) gives its JSON Schema.
//!
//! See the [manifest guide](crate::guides::manifest) for how the binding mechanisms work.
//!
//! ```
//! use app_connect_sdk::manifest::{AdditionalField, Auth, FieldKey, Manifest, OAuth, Platform};
//!
//! const MATTERS: FieldKey = FieldKey::new("matters");
//!
//! let manifest = Manifest::builder()
//!     .server_url("https://acme-connector.example.com")
//!     .platform(
//!         Platform::builder("acme", Auth::oauth(OAuth::new("https://app.acme.example.com/oauth/authorize", "client-id")))
//!             .display_name("Acme CRM")
//!             .contact_page_url("https://{hostname}/contacts/{contactId}")
//!             .call_log_field(AdditionalField::dropdown(MATTERS, "Matter").contact_dependent()),
//!     )
//!     .build()?;
//! assert_eq!(manifest.platforms.len(), 1);
//! # Ok::<(), app_connect_sdk::manifest::ValidationErrors>(())
//! ```

// Builder setters consume `self`: dropping the result is always a mistake.

mod auth;
mod binding;
mod builder;
mod check;
mod field;
mod field_key;
mod page;
mod parse;
mod platform;
#[cfg(feature = "schema")]
pub(crate) mod schema;
mod settings;
mod top;
mod validate;

pub use auth::{ApiKeyAuth, ApiKeyPage, Auth, AuthField, ManagedFieldType, ManagedScope, OAuth};
pub use builder::{ManifestBuilder, PlatformBuilder};
pub use check::ManifestError;
pub use field::{
    AdditionalField, DefaultSettingRef, DefaultSettingValues, FieldOption, FieldType, UiSchema,
};
pub use field_key::FieldKey;
pub use page::{Feedback, FeedbackElement, Form, Page};
pub use parse::{ManifestParseError, TextPosition};
pub use platform::{
    ContactTypeOption, Developer, Environment, EnvironmentSelection, EnvironmentType, Override,
    OverrideObject, Platform, RcAdditionalSubmission, RequestConfig, ServerSideLogging,
    TriggerType,
};
#[cfg(feature = "schema")]
pub use schema::{SCHEMA_DIALECT, manifest_schema};
pub use settings::{
    AdminSetting, SettingChoice, SettingItem, SettingItemType, SettingOption, SettingsSection,
};
pub use top::{Author, Manifest, Platforms};
pub use validate::{
    FEEDBACK_URL_PLACEHOLDERS, IssueKind, PAGE_URL_PLACEHOLDERS, ValidationErrors, ValidationIssue,
};
