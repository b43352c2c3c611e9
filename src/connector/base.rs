//! The [`Connector`] trait: the interfaces every connector implements, and the accessors
//! through which it declares its optional capabilities.

use async_trait::async_trait;

use super::{
    Appointments, AuthValidation, CallDisposition, ContactCreation, ContactSearch, Context,
    LicenseStatusCheck, ManagedAuthOptions, MessageLogging, Result, ServerLoggingSettings,
    UnAuthorize, UserInfoRefresh, UserList, auth::SignIn,
};
use crate::compose::LogFormat;
use crate::models::{
    CreateCallLogParams, FindContactParams, FindContactResult, GetCallLogParams, GetCallLogResult,
    GetUserInfoParams, LogResult, MutationResult, PlatformUserInfo, UpdateCallLogParams,
    UpdateCallLogResult, UserInfoResult, UserSettings,
};

/// A CRM connector: what App Connect needs to log calls into one CRM.
///
/// # Required and optional interfaces
///
/// The required methods are the interfaces a working connector cannot do without: sign a
/// user in ([`auth`](Connector::auth), [`get_user_info`](Connector::get_user_info)), match a
/// caller ([`find_contact`](Connector::find_contact)), and write, update and read back one
/// CRM activity per call ([`create_call_log`](Connector::create_call_log),
/// [`update_call_log`](Connector::update_call_log), [`get_call_log`](Connector::get_call_log);
/// reading back is what lets an update keep the user's edits).
///
/// Everything else is a *capability*: a small trait of its own (say [`ContactCreation`]),
/// reached through an accessor that returns `None` by default. Implementing the trait and
/// returning `Some(self)` from the accessor is what declares it. The runtime both advertises
/// (`GET /implementedInterfaces`) and dispatches through the same accessor, so what a
/// connector says it can do and what it does cannot drift apart.
///
/// # Examples
///
/// ```
/// use app_connect_sdk::async_trait;
/// use app_connect_sdk::connector::{
///     ApiKeyConnector, SignIn, ContactCreation, Connector, Context, Result,
/// };
/// use app_connect_sdk::models::*;
///
/// struct Acme;
///
/// impl ApiKeyConnector for Acme {
///     fn basic_auth(&self, api_key: &str) -> String {
///         api_key.to_owned()
///     }
/// }
///
/// #[async_trait]
/// impl Connector for Acme {
///     fn platform(&self) -> &str {
///         "acmecrm"
///     }
///     fn auth(&self) -> SignIn<'_> {
///         SignIn::ApiKey(self)
///     }
///     async fn get_user_info(&self, _: &Context, _: GetUserInfoParams) -> Result<UserInfoResult> {
///         Ok(UserInfoResult::success(PlatformUserInfo::new("1-acmecrm", "Ada")))
///     }
///     async fn find_contact(&self, _: &Context, _: FindContactParams) -> Result<FindContactResult> {
///         Ok(FindContactResult::found(vec![]))
///     }
///     async fn create_call_log(&self, _: &Context, _: CreateCallLogParams) -> Result<LogResult> {
///         Ok(LogResult::logged("activity-1"))
///     }
///     async fn update_call_log(&self, _: &Context, _: UpdateCallLogParams) -> Result<UpdateCallLogResult> {
///         Ok(UpdateCallLogResult::default())
///     }
///     async fn get_call_log(&self, _: &Context, _: GetCallLogParams) -> Result<GetCallLogResult> {
///         Ok(GetCallLogResult::default())
///     }
///     // Declares the createContact capability.
///     fn contact_creation(&self) -> Option<&dyn ContactCreation> {
///         Some(self)
///     }
/// }
///
/// #[async_trait]
/// impl ContactCreation for Acme {
///     async fn create_contact(&self, _: &Context, p: CreateContactParams) -> Result<CreateContactResult> {
///         Ok(CreateContactResult::created(Contact::new("c-9", p.new_contact_name)))
///     }
/// }
///
/// let map = app_connect_sdk::connector::implemented_interfaces(&Acme, false);
/// assert_eq!(map.get("createContact"), Some(true));
/// assert_eq!(map.get("findContactWithName"), Some(false));
/// ```
#[async_trait]
#[auto_impl::auto_impl(Arc, Box)]
#[diagnostic::on_unimplemented(
    note = "implement `Connector` for your CRM; see docs/connector-trait.md in app-connect-sdk"
)]
pub trait Connector: Send + Sync + 'static {
    /// The platform name: the key of this connector in the manifest's `platforms` and the
    /// `platform` claim of its users' session tokens.
    fn platform(&self) -> &str;

    /// How users sign in: OAuth or an API key (`getAuthType`, and `getOauthInfo` or
    /// `getBasicAuth`).
    fn auth(&self) -> SignIn<'_>;

    /// The body format of call logs (`getLogFormatType`). For text/plain, text/html and
    /// text/markdown the runtime composes the body ([`crate::compose`]) and passes it as
    /// `composed_log_details`; any other format leaves the body to the connector.
    fn log_format(&self) -> LogFormat {
        LogFormat::PlainText
    }

    /// `getUserInfo`: the CRM user behind fresh credentials (after OAuth or API-key login).
    ///
    /// `cx.auth_header()` carries the new credentials; there is no stored user yet. The id
    /// returned becomes the user's key; by convention it ends in `-<platform>`.
    async fn get_user_info(
        &self,
        cx: &Context,
        params: GetUserInfoParams,
    ) -> Result<UserInfoResult>;

    /// `findContact`: the CRM contacts matching a phone number.
    ///
    /// Return every match (an empty list when there is none), each with the
    /// `additionalInfo` option lists its contact-dependent form fields need. A
    /// [`Contact::create_new_placeholder`](crate::models::Contact::create_new_placeholder)
    /// entry offers "Create new contact…".
    async fn find_contact(
        &self,
        cx: &Context,
        params: FindContactParams,
    ) -> Result<FindContactResult>;

    /// `createCallLog`: write one CRM activity for a call and return its id.
    ///
    /// The runtime calls this at most once per call session and extension.
    async fn create_call_log(&self, cx: &Context, params: CreateCallLogParams)
    -> Result<LogResult>;

    /// `updateCallLog`: update the activity written by [`create_call_log`](Self::create_call_log)
    /// (recording link, final duration and result, edited note, AI artefacts).
    ///
    /// For composed formats, `params.composed_log_details` is the full new body, recomposed
    /// over the body [`get_call_log`](Self::get_call_log) returned, so user edits survive.
    async fn update_call_log(
        &self,
        cx: &Context,
        params: UpdateCallLogParams,
    ) -> Result<UpdateCallLogResult>;

    /// `getCallLog`: read the activity back: its subject, the agent note, the full current
    /// body (`fullBody`) and the selected dispositions.
    async fn get_call_log(
        &self,
        cx: &Context,
        params: GetCallLogParams,
    ) -> Result<GetCallLogResult>;

    /// `postSaveUserInfo` hook, called right after a login stored the user. What it returns
    /// replaces `info` (the id and name the session token is minted from). The default
    /// returns `info` unchanged.
    async fn post_save_user_info(
        &self,
        cx: &Context,
        info: PlatformUserInfo,
    ) -> Result<PlatformUserInfo> {
        let _ = cx;
        Ok(info)
    }

    /// `onUpdateUserSettings` hook: `submitted` are the settings the user changed, `merged`
    /// the result. The runtime stores `merged` only when this returns `successful: true`,
    /// which is the default.
    async fn on_update_user_settings(
        &self,
        cx: &Context,
        submitted: &UserSettings,
        merged: &UserSettings,
    ) -> Result<MutationResult> {
        let _ = (cx, submitted, merged);
        Ok(MutationResult::success())
    }

    /// Declares `findContactWithName` (search by name).
    fn contact_search(&self) -> Option<&dyn ContactSearch> {
        None
    }

    /// Declares `createContact`.
    fn contact_creation(&self) -> Option<&dyn ContactCreation> {
        None
    }

    /// Declares `upsertCallDisposition`.
    fn call_disposition(&self) -> Option<&dyn CallDisposition> {
        None
    }

    /// Declares `createMessageLog` and `updateMessageLog` (SMS, fax and voicemail logging).
    fn message_logging(&self) -> Option<&dyn MessageLogging> {
        None
    }

    /// Declares `unAuthorize` (logout that revokes CRM credentials).
    fn un_authorize(&self) -> Option<&dyn UnAuthorize> {
        None
    }

    /// Declares `refreshUserInfo`.
    fn user_info_refresh(&self) -> Option<&dyn UserInfoRefresh> {
        None
    }

    /// Declares `authValidation`.
    fn auth_validation(&self) -> Option<&dyn AuthValidation> {
        None
    }

    /// Declares `getUserList` (server-side logging's user mapping).
    fn user_list(&self) -> Option<&dyn UserList> {
        None
    }

    /// Declares `getLicenseStatus`.
    fn license_status(&self) -> Option<&dyn LicenseStatusCheck> {
        None
    }

    /// Declares `getManagedAuthOptions`.
    fn managed_auth_options(&self) -> Option<&dyn ManagedAuthOptions> {
        None
    }

    /// Declares `getServerLoggingSettings` and `updateServerLoggingSettings`.
    fn server_logging_settings(&self) -> Option<&dyn ServerLoggingSettings> {
        None
    }

    /// Declares the appointment interfaces.
    fn appointments(&self) -> Option<&dyn Appointments> {
        None
    }

    /// `accountData`: account-level values served at `GET /accountData` (see
    /// [`AccountData`](super::AccountData)).
    fn account_data(&self) -> Option<&dyn super::AccountData> {
        None
    }
}
