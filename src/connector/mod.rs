//! Connector traits: what a CRM connector implements, and how it reports failure.
//!
//! - [`Connector`] holds the required interfaces (sign-in, contact lookup, and writing,
//!   updating and reading back one CRM activity per call) and the accessors through which a
//!   connector declares its optional capabilities.
//! - Each optional capability is a small trait ([`ContactCreation`], [`MessageLogging`], …).
//!   Implementing it and returning `Some(self)` from its accessor is the whole declaration:
//!   [`implemented_interfaces`] reads the same accessors the runtime dispatches through.
//! - Every call gets a [`Context`]: the user, the prepared CRM auth header, the HTTP
//!   request's headers and query, and [`Context::save_user`] / [`Context::delete_user`].
//! - Failures are [`ConnectorError`]s; [`ConnectorError::reply`] is the one place that turns
//!   them into App Connect's answers.
//!
//! `Arc<dyn Connector>` and `Box<dyn Connector>` are connectors too, so one server can hold
//! a connector chosen at run time. The guide is
//! [Implementing a connector](crate::guides::connector_trait).

#[doc(hidden)]
#[path = "declared.rs"]
pub mod __declared;
mod account_data;
mod auth;
mod base;
mod capabilities;
mod context;
mod error;
mod interface;
#[cfg(feature = "proxy")]
#[cfg_attr(docsrs, doc(cfg(feature = "proxy")))]
pub mod proxy;
mod reply;

pub use account_data::{
    AccountData, AccountDataCache, AccountDataPersistence, CachedValue, DEFAULT_ACCOUNT_DATA_TTL,
};
pub use auth::{ApiKeyConnector, OAuthConnector, SignIn, TokenRefresh};
pub use base::Connector;
pub use capabilities::{
    AppointmentStatusActions, Appointments, AuthValidation, CallDisposition, ContactCreation,
    ContactSearch, LicenseStatusCheck, ManagedAuthOptions, MessageLogging, ServerLoggingSettings,
    UnAuthorize, UserInfoRefresh, UserList,
};
pub use context::{Context, ContextBuilder, MemoryPersistence, UserPersistence};
pub use error::{BoxError, ConnectorError, Result};
pub use interface::{Interface, UnknownInterface, implemented_interfaces};
pub use reply::{CRM_SESSION_REVOKED, ErrorReply};
