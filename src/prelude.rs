//! Everything a connector implementation usually needs, in one `use`: the connector traits
//! (required, sign-in and every capability), the types their signatures name, and what it
//! takes to serve a connector.
//!
//! The prelude does not export a `Result` alias, so `Result` keeps meaning
//! `std::result::Result` in a file that glob-imports it. Connector methods return
//! [`connector::Result<T>`](crate::connector::Result) (`Result<T, ConnectorError>`); import it
//! by name when you want the short form.
//!
//! ```
//! use app_connect_sdk::prelude::*;
//! use app_connect_sdk::connector::Result as ConnectorResult;
//!
//! fn _needs(_: &dyn Connector, _: &Context, _: ConnectorError, _: ReturnMessage, _: LogFormat) {}
//!
//! // std's `Result` is not shadowed.
//! fn _std() -> Result<(), std::fmt::Error> { Ok(()) }
//!
//! // A capability and the types it names.
//! struct Acme;
//! #[async_trait]
//! impl UserList for Acme {
//!     async fn get_user_list(&self, _: &Context) -> ConnectorResult<Vec<CrmUser>> {
//!         Ok(vec![CrmUser::new("u-1", "Ada Lovelace")])
//!     }
//! }
//! #[async_trait]
//! impl CallDisposition for Acme {
//!     async fn upsert_call_disposition(
//!         &self,
//!         _: &Context,
//!         params: UpsertDispositionParams,
//!     ) -> ConnectorResult<LogResult> {
//!         Ok(LogResult::logged(params.existing_call_log.third_party_log_id))
//!     }
//! }
//!
//! // Everything needed to serve a connector, too.
//! type Built = Result<ConnectorServer, app_connect_sdk::server::BuildError>;
//! fn _serve(keys: SessionKeys, connector: impl Connector) -> Built {
//!     ConnectorServer::builder(keys).connector(connector).build()
//! }
//! ```

pub use crate::compose::LogFormat;
pub use crate::connector::{
    ApiKeyConnector, AppointmentStatusActions, Appointments, AuthValidation, CallDisposition,
    Connector, ConnectorError, ContactCreation, ContactSearch, Context, LicenseStatusCheck,
    ManagedAuthOptions, MessageLogging, OAuthConnector, ServerLoggingSettings, SignIn,
    TokenRefresh, UnAuthorize, UserInfoRefresh, UserList,
};
pub use crate::manifest::{FieldKey, Manifest};
pub use crate::models::{
    AdditionalSubmission, AppointmentListResponse, AppointmentRange, AppointmentResponse,
    CallLogInfo, Contact, ContactInfo, ContactOption, CreateAppointmentInput, CreateCallLogParams,
    CreateContactParams, CreateContactResult, CreateMessageLogParams, CrmId, CrmUser, Extra,
    FindContactParams, FindContactResult, FindContactWithNameParams, GetCallLogParams,
    GetCallLogResult, GetUserInfoParams, LicenseStatus, LogResult, ManagedAuthOption,
    MutationResult, OAuthInfo, OAuthInfoParams, OverridingOAuthOption, PlatformUserInfo,
    ReturnMessage, Secret, UpdateCallLogParams, UpdateCallLogResult, UpdateMessageLogParams,
    UpdateMessageLogResult, UpsertDispositionParams, User, UserInfoResult, UserSettings,
};
#[cfg(feature = "server")]
pub use crate::server::ConnectorServer;
#[cfg(feature = "server")]
pub use crate::server::session::SessionKeys;
pub use async_trait::async_trait;
