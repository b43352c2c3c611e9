//! The implemented-interfaces map follows the code: implementing a capability is what
//! declares it, and nothing else changes.

use std::sync::Arc;

use app_connect_sdk::async_trait;
use app_connect_sdk::connector::{
    ApiKeyConnector, Connector, ConnectorError, ContactCreation, Context, Interface,
    MessageLogging, OAuthConnector, Result, SignIn, TokenRefresh, UserList,
};
use app_connect_sdk::models::*;
use serde_json::{Map, Value};

/// Required interfaces only.
struct Minimal;

/// The same connector, with SMS logging and contact creation.
struct WithSmsAndContacts;

/// Required interfaces only, OAuth sign-in.
struct MinimalOAuth;

impl ApiKeyConnector for Minimal {
    fn basic_auth(&self, api_key: &str) -> String {
        format!("{api_key}:")
    }
}

impl ApiKeyConnector for WithSmsAndContacts {
    fn basic_auth(&self, api_key: &str) -> String {
        format!("{api_key}:")
    }
}

#[async_trait]
impl OAuthConnector for MinimalOAuth {
    async fn oauth_info(&self, _: &Context, _: OAuthInfoParams) -> Result<OAuthInfo> {
        Ok(OAuthInfo::default())
    }
}

/// Implements `Connector` with the required interfaces, plus the given accessors.
macro_rules! connector_with {
    ($ty:ty, $auth:expr $(, $accessor:ident -> $cap:ident)*) => {
        #[async_trait]
        impl Connector for $ty {
            fn platform(&self) -> &str {
                "testcrm"
            }
            fn auth(&self) -> SignIn<'_> {
                $auth(self)
            }
            async fn get_user_info(&self, _: &Context, _: GetUserInfoParams) -> Result<UserInfoResult> {
                Ok(UserInfoResult::default())
            }
            async fn find_contact(&self, _: &Context, _: FindContactParams) -> Result<FindContactResult> {
                Ok(FindContactResult::found(Vec::new()))
            }
            async fn create_call_log(&self, _: &Context, _: CreateCallLogParams) -> Result<LogResult> {
                Ok(LogResult::logged("1"))
            }
            async fn update_call_log(&self, _: &Context, _: UpdateCallLogParams) -> Result<UpdateCallLogResult> {
                Ok(UpdateCallLogResult::default())
            }
            async fn get_call_log(&self, _: &Context, _: GetCallLogParams) -> Result<GetCallLogResult> {
                Ok(GetCallLogResult::default())
            }
            $(
                fn $accessor(&self) -> Option<&dyn $cap> {
                    Some(self)
                }
            )*
        }
    };
}

connector_with!(Minimal, SignIn::ApiKey);
connector_with!(MinimalOAuth, SignIn::OAuth);
connector_with!(
    WithSmsAndContacts,
    SignIn::ApiKey,
    message_logging -> MessageLogging,
    contact_creation -> ContactCreation
);

#[async_trait]
impl MessageLogging for WithSmsAndContacts {
    async fn create_message_log(
        &self,
        _: &Context,
        _: CreateMessageLogParams,
    ) -> Result<LogResult> {
        Ok(LogResult::default())
    }
    async fn update_message_log(
        &self,
        _: &Context,
        _: UpdateMessageLogParams,
    ) -> Result<UpdateMessageLogResult> {
        Ok(UpdateMessageLogResult::default())
    }
}

#[async_trait]
impl ContactCreation for WithSmsAndContacts {
    async fn create_contact(
        &self,
        _: &Context,
        _: CreateContactParams,
    ) -> Result<CreateContactResult> {
        Ok(CreateContactResult::default())
    }
}

/// The implemented-interface map as the JSON object the route serves.
fn implemented_interfaces<C: Connector + ?Sized>(
    connector: &C,
    cache_call_note: bool,
) -> Map<String, Value> {
    let map = app_connect_sdk::connector::implemented_interfaces(connector, cache_call_note);
    match serde_json::to_value(map) {
        Ok(Value::Object(map)) => map,
        other => panic!("not an object: {other:?}"),
    }
}

fn true_keys(map: &Map<String, Value>) -> Vec<&str> {
    map.iter()
        .filter(|(_, v)| **v == Value::Bool(true))
        .map(|(k, _)| k.as_str())
        .collect()
}

#[test]
fn required_only_reports_exactly_the_required_interfaces() {
    let map = implemented_interfaces(&Minimal, false);
    assert_eq!(
        true_keys(&map),
        [
            "getAuthType",
            "getBasicAuth",
            "getUserInfo",
            "createCallLog",
            "updateCallLog",
            "getCallLog",
            "findContact",
            "getLogFormatType",
        ]
    );
    // Every other advertised key is present and false.
    assert!(map.values().all(Value::is_boolean));
    assert!(
        !map.contains_key("getOauthInfo"),
        "API-key connector: no getOauthInfo"
    );
    assert_eq!(map["cacheCallNote"], false);
    assert_eq!(map["createContact"], false);
    assert_eq!(map["createMessageLog"], false);
}

#[test]
fn adding_sms_and_contact_creation_adds_exactly_those_keys() {
    let before = implemented_interfaces(&Minimal, false);
    let after = implemented_interfaces(&WithSmsAndContacts, false);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "same keys, same order"
    );
    let changed: Vec<&str> = before
        .iter()
        .filter(|(k, v)| after[k.as_str()] != **v)
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(
        changed,
        ["createMessageLog", "updateMessageLog", "createContact"]
    );
    assert!(changed.iter().all(|k| after[*k] == true));
}

#[test]
fn oauth_connectors_report_get_oauth_info_instead_of_basic_auth() {
    let map = implemented_interfaces(&MinimalOAuth, true);
    assert_eq!(map["getOauthInfo"], true);
    assert!(!map.contains_key("getBasicAuth"));
    assert_eq!(
        map["cacheCallNote"], true,
        "the deployment flag is passed through"
    );
}

#[test]
fn keys_are_app_connect_names_in_app_connect_order() {
    let map = implemented_interfaces(&MinimalOAuth, false);
    let keys: Vec<&str> = map.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "getAuthType",
            "getOauthInfo",
            "getUserInfo",
            "createCallLog",
            "updateCallLog",
            "getCallLog",
            "createMessageLog",
            "updateMessageLog",
            "createContact",
            "findContact",
            "listAppointments",
            "createAppointment",
            "updateAppointment",
            "refreshAppointment",
            "confirmAppointment",
            "cancelAppointment",
            "unAuthorize",
            "upsertCallDisposition",
            "findContactWithName",
            "getUserList",
            "getManagedAuthOptions",
            "getLicenseStatus",
            "getLogFormatType",
            "refreshUserInfo",
            "cacheCallNote",
        ]
    );
}

#[test]
fn arc_and_box_report_what_the_inner_connector_reports() {
    let arc: Arc<dyn Connector> = Arc::new(WithSmsAndContacts);
    let boxed: Box<dyn Connector> = Box::new(WithSmsAndContacts);
    let direct = implemented_interfaces(&WithSmsAndContacts, false);
    assert_eq!(implemented_interfaces(&arc, false), direct);
    assert_eq!(implemented_interfaces(&boxed, false), direct);
    assert_eq!(implemented_interfaces(&*arc, false), direct);
}

#[test]
fn interface_names_round_trip_and_unknown_names_are_errors() {
    for &interface in Interface::ALL {
        assert_eq!(interface.as_str().parse::<Interface>(), Ok(interface));
        assert_eq!(interface.to_string(), interface.as_str());
    }
    let err = "makeCoffee".parse::<Interface>().unwrap_err();
    assert!(err.to_string().contains("makeCoffee"));
}

#[tokio::test]
async fn declared_capabilities_dispatch_and_undeclared_ones_are_absent() {
    let connector: Arc<dyn Connector> = Arc::new(WithSmsAndContacts);
    let cx = Context::builder().platform("testcrm").build();
    let creation = connector
        .contact_creation()
        .expect("declared capability is reachable");
    assert!(
        creation
            .create_contact(&cx, CreateContactParams::default())
            .await
            .is_ok()
    );
    assert!(connector.contact_search().is_none());
    assert!(connector.call_disposition().is_none());
    let minimal: Arc<dyn Connector> = Arc::new(Minimal);
    assert!(minimal.message_logging().is_none());
    // A missing capability has an error that names the interface.
    let err = ConnectorError::not_implemented(Interface::FindContactWithName);
    assert!(err.to_string().contains("findContactWithName"));
}

/// Compile-time: connectors and their errors cross threads.
#[test]
fn connector_objects_and_errors_are_send_sync() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<Arc<dyn Connector>>();
    assert_send_sync::<Box<dyn Connector>>();
    assert_send_sync::<ConnectorError>();
    assert_send_sync::<Context>();
    fn assert_connector<T: Connector>() {}
    assert_connector::<Arc<dyn Connector>>();
    assert_connector::<Box<dyn Connector>>();
}

/// Implements `ContactCreation`, `UserList` and `TokenRefresh` but declares only `UserList`.
struct ForgotAccessors;

#[async_trait]
impl OAuthConnector for ForgotAccessors {
    async fn oauth_info(&self, _: &Context, _: OAuthInfoParams) -> Result<OAuthInfo> {
        Ok(OAuthInfo::default())
    }
    // `token_refresh` forgotten.
}

connector_with!(ForgotAccessors, SignIn::OAuth, user_list -> UserList);

#[async_trait]
impl ContactCreation for ForgotAccessors {
    async fn create_contact(
        &self,
        _: &Context,
        _: CreateContactParams,
    ) -> Result<CreateContactResult> {
        Ok(CreateContactResult::default())
    }
}

#[async_trait]
impl UserList for ForgotAccessors {
    async fn get_user_list(&self, _: &Context) -> Result<Vec<CrmUser>> {
        Ok(Vec::new())
    }
}

#[async_trait]
impl TokenRefresh for ForgotAccessors {
    async fn check_and_refresh_access_token(
        &self,
        _: &Context,
        user: User,
    ) -> Result<Option<User>> {
        Ok(Some(user))
    }
}

#[test]
fn capability_traits_without_their_accessor_are_reported() {
    assert_eq!(
        app_connect_sdk::undeclared_capabilities!(ForgotAccessors),
        ["ContactCreation", "TokenRefresh"]
    );
    // Everything declared: nothing reported, and the assertion passes.
    assert!(app_connect_sdk::undeclared_capabilities!(WithSmsAndContacts).is_empty());
    assert!(app_connect_sdk::undeclared_capabilities!(Minimal).is_empty());
    app_connect_sdk::assert_capabilities_declared!(WithSmsAndContacts);
    let panic = std::panic::catch_unwind(|| {
        app_connect_sdk::assert_capabilities_declared!(ForgotAccessors);
    })
    .expect_err("undeclared capabilities panic");
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("ContactCreation"), "{message}");
}
