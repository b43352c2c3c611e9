//! [`undeclared_capabilities!`](crate::undeclared_capabilities) and
//! [`assert_capabilities_declared!`](crate::assert_capabilities_declared): catch a capability
//! trait implemented without its accessor.
//!
//! Implementing, say, [`ContactCreation`](super::ContactCreation) declares nothing by itself:
//! the runtime and `implemented_interfaces` only see what
//! [`Connector::contact_creation`](super::Connector::contact_creation) returns. A forgotten
//! accessor silently hides the capability. These macros compare, for a concrete connector type,
//! which capability traits it implements (found at compile time, by autoref specialisation)
//! with which accessors return `Some`.
//!
//! Everything here is support for the macros, not API.

#![doc(hidden)]

use super::{Connector, SignIn};

/// Wraps the connector so each probe's method resolution can prefer the "implemented" impl.
#[derive(Debug)]
pub struct Probe<'a, T: ?Sized>(pub &'a T);

macro_rules! probes {
    ($( $module:ident : $capability:path ),* $(,)?) => {
        $(
            #[doc(hidden)]
            pub mod $module {
                use super::Probe;

                /// Chosen when the connector implements the trait.
                pub trait Yes {
                    /// `true`.
                    fn implemented(&self) -> bool {
                        true
                    }
                }
                impl<T: $capability + ?Sized> Yes for Probe<'_, T> {}

                /// Chosen (one auto-reference later) otherwise.
                pub trait No {
                    /// `false`.
                    fn implemented(&self) -> bool {
                        false
                    }
                }
                impl<T: ?Sized> No for &Probe<'_, T> {}
            }
        )*
    };
}

probes! {
    contact_search: super::super::ContactSearch,
    contact_creation: super::super::ContactCreation,
    call_disposition: super::super::CallDisposition,
    message_logging: super::super::MessageLogging,
    un_authorize: super::super::UnAuthorize,
    user_info_refresh: super::super::UserInfoRefresh,
    auth_validation: super::super::AuthValidation,
    user_list: super::super::UserList,
    license_status: super::super::LicenseStatusCheck,
    managed_auth_options: super::super::ManagedAuthOptions,
    server_logging_settings: super::super::ServerLoggingSettings,
    appointments: super::super::Appointments,
    status_actions: super::super::AppointmentStatusActions,
    token_refresh: super::super::TokenRefresh,
    account_data: super::super::AccountData,
}

/// The capabilities in `implemented` (trait name, implemented?) whose accessor returns `None`.
pub fn missing<C: Connector + ?Sized>(
    connector: &C,
    implemented: &[(&'static str, bool)],
) -> Vec<&'static str> {
    implemented
        .iter()
        .filter(|(name, implemented)| *implemented && !declared(connector, name))
        .map(|(name, _)| *name)
        .collect()
}

fn declared<C: Connector + ?Sized>(c: &C, capability: &str) -> bool {
    match capability {
        "ContactSearch" => c.contact_search().is_some(),
        "ContactCreation" => c.contact_creation().is_some(),
        "CallDisposition" => c.call_disposition().is_some(),
        "MessageLogging" => c.message_logging().is_some(),
        "UnAuthorize" => c.un_authorize().is_some(),
        "UserInfoRefresh" => c.user_info_refresh().is_some(),
        "AuthValidation" => c.auth_validation().is_some(),
        "UserList" => c.user_list().is_some(),
        "LicenseStatusCheck" => c.license_status().is_some(),
        "ManagedAuthOptions" => c.managed_auth_options().is_some(),
        "ServerLoggingSettings" => c.server_logging_settings().is_some(),
        "Appointments" => c.appointments().is_some(),
        "AppointmentStatusActions" => c
            .appointments()
            .is_some_and(|a| a.status_actions().is_some()),
        "TokenRefresh" => match c.auth() {
            SignIn::OAuth(oauth) => oauth.token_refresh().is_some(),
            _ => false,
        },
        "AccountData" => c.account_data().is_some(),
        _ => true,
    }
}

/// The capability traits a connector implements but does not declare through its accessor,
/// as trait names (`["ContactCreation"]`); empty when everything is declared.
///
/// Give it the connector value itself (its concrete type), not an `Arc` or `Box` of it: the
/// traits are looked up on the expression's type.
///
/// ```
/// use app_connect_sdk::connector::{ContactCreation, Context, Result};
/// # use app_connect_sdk::connector::{ApiKeyConnector, Connector, SignIn};
/// # use app_connect_sdk::models::*;
/// # struct Acme;
/// # impl ApiKeyConnector for Acme { fn basic_auth(&self, k: &str) -> String { k.into() } }
/// # #[app_connect_sdk::async_trait]
/// # impl Connector for Acme {
/// #     fn platform(&self) -> &str { "acme" }
/// #     fn auth(&self) -> SignIn<'_> { SignIn::ApiKey(self) }
/// #     async fn get_user_info(&self, _: &Context, _: GetUserInfoParams) -> Result<UserInfoResult> { unimplemented!() }
/// #     async fn find_contact(&self, _: &Context, _: FindContactParams) -> Result<FindContactResult> { unimplemented!() }
/// #     async fn create_call_log(&self, _: &Context, _: CreateCallLogParams) -> Result<LogResult> { unimplemented!() }
/// #     async fn update_call_log(&self, _: &Context, _: UpdateCallLogParams) -> Result<UpdateCallLogResult> { unimplemented!() }
/// #     async fn get_call_log(&self, _: &Context, _: GetCallLogParams) -> Result<GetCallLogResult> { unimplemented!() }
/// #     // `fn contact_creation(&self) -> Option<&dyn ContactCreation> { Some(self) }` forgotten
/// # }
/// #[app_connect_sdk::async_trait]
/// impl ContactCreation for Acme {
///     async fn create_contact(&self, _: &Context, _: CreateContactParams) -> Result<CreateContactResult> {
///         Ok(CreateContactResult::created(Contact::new("1", "Jane")))
///     }
/// }
///
/// assert_eq!(app_connect_sdk::undeclared_capabilities!(Acme), ["ContactCreation"]);
/// ```
#[macro_export]
macro_rules! undeclared_capabilities {
    ($connector:expr) => {{
        let connector = &$connector;
        let probe = $crate::connector::__declared::Probe(connector);
        $crate::connector::__declared::missing(
            connector,
            &[
                ("ContactSearch", $crate::__probe!(probe, contact_search)),
                ("ContactCreation", $crate::__probe!(probe, contact_creation)),
                ("CallDisposition", $crate::__probe!(probe, call_disposition)),
                ("MessageLogging", $crate::__probe!(probe, message_logging)),
                ("UnAuthorize", $crate::__probe!(probe, un_authorize)),
                (
                    "UserInfoRefresh",
                    $crate::__probe!(probe, user_info_refresh),
                ),
                ("AuthValidation", $crate::__probe!(probe, auth_validation)),
                ("UserList", $crate::__probe!(probe, user_list)),
                (
                    "LicenseStatusCheck",
                    $crate::__probe!(probe, license_status),
                ),
                (
                    "ManagedAuthOptions",
                    $crate::__probe!(probe, managed_auth_options),
                ),
                (
                    "ServerLoggingSettings",
                    $crate::__probe!(probe, server_logging_settings),
                ),
                ("Appointments", $crate::__probe!(probe, appointments)),
                (
                    "AppointmentStatusActions",
                    $crate::__probe!(probe, status_actions),
                ),
                ("TokenRefresh", $crate::__probe!(probe, token_refresh)),
                ("AccountData", $crate::__probe!(probe, account_data)),
            ],
        )
    }};
}

/// Panics, naming them, when a connector implements capability traits it does not declare
/// through their accessors (see [`undeclared_capabilities!`](crate::undeclared_capabilities)).
/// Put it in a test of your connector:
///
/// ```
/// # use app_connect_sdk::connector::{ApiKeyConnector, Connector, Context, Result, SignIn};
/// # use app_connect_sdk::models::*;
/// # struct Acme;
/// # impl ApiKeyConnector for Acme { fn basic_auth(&self, k: &str) -> String { k.into() } }
/// # #[app_connect_sdk::async_trait]
/// # impl Connector for Acme {
/// #     fn platform(&self) -> &str { "acme" }
/// #     fn auth(&self) -> SignIn<'_> { SignIn::ApiKey(self) }
/// #     async fn get_user_info(&self, _: &Context, _: GetUserInfoParams) -> Result<UserInfoResult> { unimplemented!() }
/// #     async fn find_contact(&self, _: &Context, _: FindContactParams) -> Result<FindContactResult> { unimplemented!() }
/// #     async fn create_call_log(&self, _: &Context, _: CreateCallLogParams) -> Result<LogResult> { unimplemented!() }
/// #     async fn update_call_log(&self, _: &Context, _: UpdateCallLogParams) -> Result<UpdateCallLogResult> { unimplemented!() }
/// #     async fn get_call_log(&self, _: &Context, _: GetCallLogParams) -> Result<GetCallLogResult> { unimplemented!() }
/// # }
/// // In a `#[test]` function of your connector's tests:
/// app_connect_sdk::assert_capabilities_declared!(Acme);
/// ```
#[macro_export]
macro_rules! assert_capabilities_declared {
    ($connector:expr) => {{
        let missing = $crate::undeclared_capabilities!($connector);
        assert!(
            missing.is_empty(),
            "capability traits implemented but not declared (their `Connector` accessor returns \
             None): {missing:?}; return `Some(self)` from the accessor"
        );
    }};
}

/// One probe: does the probed connector implement the capability of `$module`?
#[doc(hidden)]
#[macro_export]
macro_rules! __probe {
    ($probe:ident, $module:ident) => {{
        #[allow(unused_imports)]
        use $crate::connector::__declared::$module::{No as _, Yes as _};
        (&$probe).implemented()
    }};
}
