//! [`Interface`]: the names of App Connect's connector interfaces, and the
//! implemented-interface map the runtime serves at `GET /implementedInterfaces`.

use std::fmt;

use super::{Connector, SignIn};
use crate::models::ImplementedInterfacesResponse;

macro_rules! interfaces {
    ($( $(#[$doc:meta])* $variant:ident => $name:literal, )*) => {
        /// A connector interface, named as App Connect names it (`createCallLog`, …).
        ///
        /// `#[non_exhaustive]`: App Connect adds interfaces over time.
        ///
        /// # Examples
        ///
        /// ```
        /// use app_connect_sdk::connector::Interface;
        ///
        /// assert_eq!(Interface::CreateCallLog.as_str(), "createCallLog");
        /// assert_eq!("findContactWithName".parse::<Interface>(), Ok(Interface::FindContactWithName));
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Interface {
            $( $(#[$doc])* $variant, )*
        }

        impl Interface {
            /// Every interface, in App Connect's order.
            pub const ALL: &'static [Interface] = &[$(Interface::$variant,)*];

            /// App Connect's name of the interface.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self { $(Interface::$variant => $name,)* }
            }
        }

        impl std::str::FromStr for Interface {
            type Err = UnknownInterface;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($name => Ok(Interface::$variant),)*
                    other => Err(UnknownInterface(other.to_owned())),
                }
            }
        }
    };
}

interfaces! {
    /// `getAuthType`: OAuth or API key.
    GetAuthType => "getAuthType",
    /// `getOauthInfo`: OAuth client settings (OAuth connectors).
    GetOauthInfo => "getOauthInfo",
    /// `getBasicAuth`: the Basic credential for an API key (API-key connectors).
    GetBasicAuth => "getBasicAuth",
    /// `getUserInfo`: the CRM user behind fresh credentials.
    GetUserInfo => "getUserInfo",
    /// `createCallLog`: write one CRM activity for a call.
    CreateCallLog => "createCallLog",
    /// `updateCallLog`: update that activity.
    UpdateCallLog => "updateCallLog",
    /// `getCallLog`: read that activity back.
    GetCallLog => "getCallLog",
    /// `createMessageLog`: write an SMS/fax/voicemail activity.
    CreateMessageLog => "createMessageLog",
    /// `updateMessageLog`: append to that activity.
    UpdateMessageLog => "updateMessageLog",
    /// `createContact`: create a contact for an unknown number.
    CreateContact => "createContact",
    /// `findContact`: match contacts by phone number.
    FindContact => "findContact",
    /// `listAppointments`.
    ListAppointments => "listAppointments",
    /// `createAppointment`.
    CreateAppointment => "createAppointment",
    /// `updateAppointment`.
    UpdateAppointment => "updateAppointment",
    /// `refreshAppointment`.
    RefreshAppointment => "refreshAppointment",
    /// `confirmAppointment`.
    ConfirmAppointment => "confirmAppointment",
    /// `cancelAppointment`.
    CancelAppointment => "cancelAppointment",
    /// `unAuthorize`: log the user out of the CRM.
    UnAuthorize => "unAuthorize",
    /// `upsertCallDisposition`: set dispositions on a logged call.
    UpsertCallDisposition => "upsertCallDisposition",
    /// `findContactWithName`: search contacts by name.
    FindContactWithName => "findContactWithName",
    /// `getUserList`: CRM users, for server-side logging's user mapping.
    GetUserList => "getUserList",
    /// `getManagedAuthOptions`: options of admin-managed auth fields.
    GetManagedAuthOptions => "getManagedAuthOptions",
    /// `getLicenseStatus`.
    GetLicenseStatus => "getLicenseStatus",
    /// `getLogFormatType`: the body format of call logs.
    GetLogFormatType => "getLogFormatType",
    /// `refreshUserInfo`: resync the user after login.
    RefreshUserInfo => "refreshUserInfo",
    /// `authValidation`: check the CRM session still works.
    AuthValidation => "authValidation",
    /// `checkAndRefreshAccessToken`: the connector's own token refresh.
    CheckAndRefreshAccessToken => "checkAndRefreshAccessToken",
    /// `getServerLoggingSettings`.
    GetServerLoggingSettings => "getServerLoggingSettings",
    /// `updateServerLoggingSettings`.
    UpdateServerLoggingSettings => "updateServerLoggingSettings",
    /// `accountData`: a value of the connector's account data table (`GET /accountData`).
    AccountData => "accountData",
}

impl Interface {
    /// The interfaces App Connect's `GET /implementedInterfaces` reports, in its order
    /// (`getOauthInfo` and `getBasicAuth` only for the matching auth type).
    pub const ADVERTISED: &'static [Interface] = &[
        Interface::GetAuthType,
        Interface::GetOauthInfo,
        Interface::GetBasicAuth,
        Interface::GetUserInfo,
        Interface::CreateCallLog,
        Interface::UpdateCallLog,
        Interface::GetCallLog,
        Interface::CreateMessageLog,
        Interface::UpdateMessageLog,
        Interface::CreateContact,
        Interface::FindContact,
        Interface::ListAppointments,
        Interface::CreateAppointment,
        Interface::UpdateAppointment,
        Interface::RefreshAppointment,
        Interface::ConfirmAppointment,
        Interface::CancelAppointment,
        Interface::UnAuthorize,
        Interface::UpsertCallDisposition,
        Interface::FindContactWithName,
        Interface::GetUserList,
        Interface::GetManagedAuthOptions,
        Interface::GetLicenseStatus,
        Interface::GetLogFormatType,
        Interface::RefreshUserInfo,
    ];

    /// Whether `connector` implements this interface.
    ///
    /// This reads the same capability accessors the runtime dispatches through, so what is
    /// reported and what can be called never disagree.
    #[must_use]
    pub fn is_implemented_by<C: Connector + ?Sized>(self, connector: &C) -> bool {
        let appointments = connector.appointments();
        match self {
            Interface::GetAuthType
            | Interface::GetUserInfo
            | Interface::FindContact
            | Interface::CreateCallLog
            | Interface::UpdateCallLog
            | Interface::GetCallLog
            | Interface::GetLogFormatType => true,
            Interface::GetOauthInfo => matches!(connector.auth(), SignIn::OAuth(_)),
            Interface::GetBasicAuth => matches!(connector.auth(), SignIn::ApiKey(_)),
            Interface::CheckAndRefreshAccessToken => match connector.auth() {
                SignIn::OAuth(oauth) => oauth.token_refresh().is_some(),
                SignIn::ApiKey(_) => false,
            },
            Interface::CreateMessageLog | Interface::UpdateMessageLog => {
                connector.message_logging().is_some()
            }
            Interface::CreateContact => connector.contact_creation().is_some(),
            Interface::FindContactWithName => connector.contact_search().is_some(),
            Interface::UpsertCallDisposition => connector.call_disposition().is_some(),
            Interface::ListAppointments
            | Interface::CreateAppointment
            | Interface::UpdateAppointment
            | Interface::RefreshAppointment => appointments.is_some(),
            Interface::ConfirmAppointment | Interface::CancelAppointment => {
                appointments.is_some_and(|a| a.status_actions().is_some())
            }
            Interface::UnAuthorize => connector.un_authorize().is_some(),
            Interface::GetUserList => connector.user_list().is_some(),
            Interface::GetManagedAuthOptions => connector.managed_auth_options().is_some(),
            Interface::GetLicenseStatus => connector.license_status().is_some(),
            Interface::RefreshUserInfo => connector.user_info_refresh().is_some(),
            Interface::AuthValidation => connector.auth_validation().is_some(),
            Interface::GetServerLoggingSettings | Interface::UpdateServerLoggingSettings => {
                connector.server_logging_settings().is_some()
            }
            Interface::AccountData => connector.account_data().is_some(),
        }
    }

    /// App Connect's failure message for this interface and its detail line
    /// (`Error creating call log`, …), as core's `handleApiError` words them.
    pub(crate) fn failure_message(self, platform: &str) -> (String, String) {
        let (message, hint) = match self {
            Interface::CreateCallLog => (
                "Error creating call log",
                "Please check if your account has permission to CREATE logs.".to_owned(),
            ),
            Interface::UpdateCallLog => (
                "Error updating call log",
                format!(
                    "Please check if the log entity still exists on {platform} and your account has permission to EDIT logs."
                ),
            ),
            Interface::GetCallLog => (
                "Error getting call log",
                "Please check if your account has permission to READ logs.".to_owned(),
            ),
            Interface::CreateMessageLog => (
                "Error creating message log",
                "Please check if your account has permission to CREATE logs.".to_owned(),
            ),
            Interface::UpdateMessageLog => (
                "Error updating message log",
                format!(
                    "Please check if the log entity still exists on {platform} and your account has permission to EDIT logs."
                ),
            ),
            Interface::FindContact => (
                "Error finding contact",
                "Please check if your account has permission to GET contacts.".to_owned(),
            ),
            Interface::CreateContact => (
                "Error creating contact",
                "Please check if your account has permission to CREATE contacts.".to_owned(),
            ),
            Interface::FindContactWithName => (
                "Error searching contacts",
                "Please check if your account has permission to GET contacts.".to_owned(),
            ),
            Interface::CreateAppointment => (
                "Error creating appointment",
                "Please check if your account has permission to CREATE appointments.".to_owned(),
            ),
            Interface::UpdateAppointment
            | Interface::ConfirmAppointment
            | Interface::CancelAppointment => (
                "Error updating appointment",
                format!(
                    "Please check if the appointment entity still exists on {platform} and your account has permission to EDIT appointments."
                ),
            ),
            Interface::ListAppointments | Interface::RefreshAppointment => (
                "Error getting appointment",
                "Please check if your account has permission to GET appointments.".to_owned(),
            ),
            other => {
                return (
                    format!("Error performing {}", other.as_str()),
                    "Please check if your account has the necessary permissions.".to_owned(),
                );
            }
        };
        (message.to_owned(), hint)
    }
}

impl fmt::Display for Interface {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing an [`Interface`] from a name App Connect does not use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown connector interface `{0}`")]
pub struct UnknownInterface(pub String);

/// The implemented-interface map of a connector, as `GET /implementedInterfaces` serves it.
///
/// Every advertised interface is a key with `true` or `false`, in App Connect's order;
/// `getOauthInfo` appears only for OAuth connectors and `getBasicAuth` only for API-key ones.
/// `cacheCallNote` is a deployment flag, not a connector capability: pass it in.
///
/// # Examples
///
/// ```no_run
/// # fn demo(connector: &dyn app_connect_sdk::connector::Connector) {
/// use app_connect_sdk::connector::implemented_interfaces;
///
/// let map = implemented_interfaces(connector, false);
/// assert_eq!(map.get("createCallLog"), Some(true));
/// # }
/// ```
#[must_use]
pub fn implemented_interfaces<C: Connector + ?Sized>(
    connector: &C,
    cache_call_note: bool,
) -> ImplementedInterfacesResponse {
    let oauth = matches!(connector.auth(), SignIn::OAuth(_));
    let mut map = ImplementedInterfacesResponse::new();
    for &interface in Interface::ADVERTISED {
        match interface {
            Interface::GetOauthInfo if !oauth => continue,
            Interface::GetBasicAuth if oauth => continue,
            _ => {}
        }
        map.set(interface.as_str(), interface.is_implemented_by(connector));
    }
    map.set("cacheCallNote", cache_call_note);
    map
}
