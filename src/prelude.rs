//! Everything a connector implementation usually needs, in one `use`.
//!
//! ```
//! use app_connect_sdk::prelude::*;
//!
//! fn _needs(_: &dyn Connector, _: &Context, _: ConnectorError, _: ReturnMessage, _: LogFormat) {}
//!
//! // Everything needed to serve a connector, too.
//! type Built = std::result::Result<ConnectorServer, app_connect_sdk::server::BuildError>;
//! fn _serve(keys: SessionKeys, connector: impl Connector) -> Built {
//!     ConnectorServer::builder(keys).connector(connector).build()
//! }
//! ```

pub use crate::compose::LogFormat;
pub use crate::connector::{
    ApiKeyConnector, CallDisposition, Connector, ConnectorError, ContactCreation, ContactSearch,
    Context, MessageLogging, OAuthConnector, Result, SignIn,
};
pub use crate::manifest::{FieldKey, Manifest};
pub use crate::models::{
    AdditionalSubmission, CallLogInfo, Contact, ContactInfo, ContactOption, CreateCallLogParams,
    CreateContactParams, CreateContactResult, CreateMessageLogParams, FindContactParams,
    FindContactResult, FindContactWithNameParams, GetCallLogParams, GetCallLogResult,
    GetUserInfoParams, LogResult, OAuthInfo, OAuthInfoParams, PlatformUserInfo, ReturnMessage,
    UpdateCallLogParams, UpdateCallLogResult, UpdateMessageLogParams, UpdateMessageLogResult, User,
    UserInfoResult,
};
pub use crate::server::ConnectorServer;
pub use crate::server::session::SessionKeys;
pub use async_trait::async_trait;
