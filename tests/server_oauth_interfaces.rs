//! What `/implementedInterfaces` advertises is served: a connector that declares every
//! capability, and each interface reported `true` reached through its route.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

mod common;
mod support;

use app_connect_sdk::connector::{
    ApiKeyConnector, AppointmentStatusActions, Appointments, AuthValidation, CallDisposition,
    Connector, ConnectorError, ContactCreation, ContactSearch, Context, LicenseStatusCheck,
    ManagedAuthOptions, MessageLogging, OAuthConnector, Result, ServerLoggingSettings, SignIn,
    UnAuthorize, UserInfoRefresh, UserList,
};
use app_connect_sdk::http::{self, Method, Request, StatusCode};
use app_connect_sdk::models::{
    AppointmentListResponse, AppointmentPatchInput, AppointmentRange, AppointmentResponse,
    CreateAppointmentInput, CreateCallLogParams, CreateContactParams, CreateContactResult,
    CreateMessageLogParams, CrmUser, Extra, FindContactParams, FindContactResult,
    FindContactWithNameParams, GetCallLogParams, GetCallLogResult, GetUserInfoParams,
    LicenseStatus, LogResult, ManagedAuthOption, MutationResult, OAuthInfo, OAuthInfoParams,
    Secret, UpdateCallLogParams, UpdateCallLogResult, UpdateMessageLogParams,
    UpdateMessageLogResult, UpsertDispositionParams, User, UserInfoResult,
};
use app_connect_sdk::server::ConnectorServer;
use app_connect_sdk::server::store::{MemoryStore, UserStore};
use async_trait::async_trait;
use serde_json::{Value, json};

const PLATFORM: &str = "everythingCRM";

/// Declares every capability; every interface fails (the walk checks routing, not CRM work).
struct Everything {
    oauth: bool,
}

fn nope<T>() -> Result<T> {
    Err(ConnectorError::other("not used by the walk"))
}

#[async_trait]
impl Connector for Everything {
    fn platform(&self) -> &str {
        PLATFORM
    }
    fn auth(&self) -> SignIn<'_> {
        if self.oauth {
            SignIn::OAuth(self)
        } else {
            SignIn::ApiKey(self)
        }
    }
    async fn get_user_info(&self, _: &Context, _: GetUserInfoParams) -> Result<UserInfoResult> {
        nope()
    }
    async fn find_contact(&self, _: &Context, _: FindContactParams) -> Result<FindContactResult> {
        nope()
    }
    async fn create_call_log(&self, _: &Context, _: CreateCallLogParams) -> Result<LogResult> {
        nope()
    }
    async fn update_call_log(
        &self,
        _: &Context,
        _: UpdateCallLogParams,
    ) -> Result<UpdateCallLogResult> {
        nope()
    }
    async fn get_call_log(&self, _: &Context, _: GetCallLogParams) -> Result<GetCallLogResult> {
        nope()
    }
    fn contact_search(&self) -> Option<&dyn ContactSearch> {
        Some(self)
    }
    fn contact_creation(&self) -> Option<&dyn ContactCreation> {
        Some(self)
    }
    fn call_disposition(&self) -> Option<&dyn CallDisposition> {
        Some(self)
    }
    fn message_logging(&self) -> Option<&dyn MessageLogging> {
        Some(self)
    }
    fn un_authorize(&self) -> Option<&dyn UnAuthorize> {
        Some(self)
    }
    fn user_info_refresh(&self) -> Option<&dyn UserInfoRefresh> {
        Some(self)
    }
    fn auth_validation(&self) -> Option<&dyn AuthValidation> {
        Some(self)
    }
    fn user_list(&self) -> Option<&dyn UserList> {
        Some(self)
    }
    fn license_status(&self) -> Option<&dyn LicenseStatusCheck> {
        Some(self)
    }
    fn managed_auth_options(&self) -> Option<&dyn ManagedAuthOptions> {
        Some(self)
    }
    fn server_logging_settings(&self) -> Option<&dyn ServerLoggingSettings> {
        Some(self)
    }
    fn appointments(&self) -> Option<&dyn Appointments> {
        Some(self)
    }
}

impl ApiKeyConnector for Everything {
    fn basic_auth(&self, api_key: &str) -> String {
        api_key.to_owned()
    }
}

#[async_trait]
impl OAuthConnector for Everything {
    async fn oauth_info(&self, _: &Context, _: OAuthInfoParams) -> Result<OAuthInfo> {
        nope()
    }
}

#[async_trait]
impl ContactSearch for Everything {
    async fn find_contact_with_name(
        &self,
        _: &Context,
        _: FindContactWithNameParams,
    ) -> Result<FindContactResult> {
        nope()
    }
}

#[async_trait]
impl ContactCreation for Everything {
    async fn create_contact(
        &self,
        _: &Context,
        _: CreateContactParams,
    ) -> Result<CreateContactResult> {
        nope()
    }
}

#[async_trait]
impl CallDisposition for Everything {
    async fn upsert_call_disposition(
        &self,
        _: &Context,
        _: UpsertDispositionParams,
    ) -> Result<LogResult> {
        nope()
    }
}

#[async_trait]
impl MessageLogging for Everything {
    async fn create_message_log(
        &self,
        _: &Context,
        _: CreateMessageLogParams,
    ) -> Result<LogResult> {
        nope()
    }
    async fn update_message_log(
        &self,
        _: &Context,
        _: UpdateMessageLogParams,
    ) -> Result<UpdateMessageLogResult> {
        nope()
    }
}

#[async_trait]
impl UnAuthorize for Everything {
    async fn un_authorize(&self, _: &Context) -> Result<MutationResult> {
        nope()
    }
}

#[async_trait]
impl UserInfoRefresh for Everything {
    async fn refresh_user_info(&self, _: &Context) -> Result<MutationResult> {
        nope()
    }
}

#[async_trait]
impl AuthValidation for Everything {
    async fn auth_validation(&self, _: &Context) -> Result<MutationResult> {
        nope()
    }
}

#[async_trait]
impl UserList for Everything {
    async fn get_user_list(&self, _: &Context) -> Result<Vec<CrmUser>> {
        nope()
    }
}

#[async_trait]
impl LicenseStatusCheck for Everything {
    async fn get_license_status(&self, _: &Context) -> Result<LicenseStatus> {
        nope()
    }
}

#[async_trait]
impl ManagedAuthOptions for Everything {
    async fn get_managed_auth_options(
        &self,
        _: &Context,
        _: &str,
        _: &Extra,
    ) -> Result<Vec<ManagedAuthOption>> {
        nope()
    }
}

#[async_trait]
impl ServerLoggingSettings for Everything {
    async fn get_server_logging_settings(&self, _: &Context) -> Result<Extra> {
        nope()
    }
    async fn update_server_logging_settings(
        &self,
        _: &Context,
        _: Extra,
    ) -> Result<MutationResult> {
        nope()
    }
}

#[async_trait]
impl Appointments for Everything {
    async fn list_appointments(
        &self,
        _: &Context,
        _: Option<AppointmentRange>,
    ) -> Result<AppointmentListResponse> {
        nope()
    }
    async fn create_appointment(
        &self,
        _: &Context,
        _: CreateAppointmentInput,
    ) -> Result<AppointmentResponse> {
        nope()
    }
    async fn update_appointment(
        &self,
        _: &Context,
        _: &str,
        _: AppointmentPatchInput,
    ) -> Result<AppointmentResponse> {
        nope()
    }
    async fn refresh_appointment(&self, _: &Context, _: &str) -> Result<AppointmentResponse> {
        nope()
    }
    fn status_actions(&self) -> Option<&dyn AppointmentStatusActions> {
        Some(self)
    }
}

#[async_trait]
impl AppointmentStatusActions for Everything {
    async fn confirm_appointment(&self, _: &Context, _: &str) -> Result<AppointmentResponse> {
        nope()
    }
    async fn cancel_appointment(&self, _: &Context, _: &str) -> Result<AppointmentResponse> {
        nope()
    }
}

/// The route that serves an interface; `None` for metadata that needs no route.
fn route_of(interface: &str) -> Option<Option<(Method, &'static str, Value)>> {
    let call = json!({ "logInfo": { "id": "c1", "sessionId": "s1" } });
    Some(match interface {
        "getAuthType" | "getLogFormatType" | "cacheCallNote" => None,
        "getOauthInfo" => Some((
            Method::GET,
            "/oauth-callback?callbackUri=https%3A%2F%2Fa.example%2Fr%3Fcode%3Dx%26state%3Dplatform%253DeverythingCRM",
            Value::Null,
        )),
        "getBasicAuth" | "getUserInfo" => Some((
            Method::POST,
            "/apiKeyLogin",
            json!({ "platform": PLATFORM, "apiKey": "k" }),
        )),
        "findContact" => Some((
            Method::GET,
            "/contact?phoneNumber=%2B14155550100",
            Value::Null,
        )),
        "createContact" => Some((
            Method::POST,
            "/contact",
            json!({ "phoneNumber": "+14155550100", "newContactName": "A" }),
        )),
        "findContactWithName" => {
            Some((Method::GET, "/custom/contact/search?name=Ada", Value::Null))
        }
        "createCallLog" => Some((Method::POST, "/callLog", call)),
        "updateCallLog" => Some((Method::PATCH, "/callLog", json!({ "sessionId": "s1" }))),
        "getCallLog" => Some((Method::GET, "/callLog?sessionIds=s1", Value::Null)),
        "createMessageLog" | "updateMessageLog" => Some((
            Method::POST,
            "/messageLog",
            support::message_body("c", &["m"], 1),
        )),
        "unAuthorize" => Some((Method::POST, "/unAuthorize", Value::Null)),
        "upsertCallDisposition" => Some((
            Method::PUT,
            "/callDisposition",
            json!({ "sessionId": "s1", "dispositions": {} }),
        )),
        "refreshUserInfo" => Some((Method::POST, "/user/refreshInfo", Value::Null)),
        "getManagedAuthOptions" => Some((
            Method::POST,
            "/admin/managedAuth/options?platform=everythingCRM",
            json!({ "fieldConst": "x" }),
        )),
        "getUserList" => Some((
            Method::POST,
            "/admin/userMapping",
            json!({ "rcExtensionList": [] }),
        )),
        "getLicenseStatus" => Some((Method::GET, "/licenseStatus", Value::Null)),
        "listAppointments" => Some((Method::GET, "/appointments", Value::Null)),
        "createAppointment" => Some((
            Method::POST,
            "/appointments",
            json!({ "payload": { "title": "T", "summary": "", "startTimeUtc": "2026-07-20T19:00:00Z", "durationMinutes": 30 } }),
        )),
        "updateAppointment" => Some((
            Method::PATCH,
            "/appointments/1",
            json!({ "patch": { "title": "T" } }),
        )),
        "refreshAppointment" => Some((Method::GET, "/appointments/1/refresh", Value::Null)),
        "confirmAppointment" => Some((Method::POST, "/appointments/1/confirm", Value::Null)),
        "cancelAppointment" => Some((Method::POST, "/appointments/1/cancel", Value::Null)),
        _ => return None,
    })
}

async fn walk(oauth: bool) -> usize {
    let store = MemoryStore::new();
    let keys = support::keys();
    let server = ConnectorServer::builder(keys.clone())
        .connector(Everything { oauth })
        .stores(store.clone())
        .build()
        .unwrap();
    let request = |method: Method, uri: &str, body: &Value, token: &str| {
        let mut builder = Request::builder()
            .method(method)
            .uri(uri)
            .header(http::header::AUTHORIZATION, format!("Bearer {token}"));
        if !body.is_null() {
            builder = builder.header(http::header::CONTENT_TYPE, "application/json");
        }
        let bytes = if body.is_null() {
            Vec::new()
        } else {
            body.to_string().into_bytes()
        };
        builder.body(bytes).unwrap()
    };
    let token = keys.issue("u1", PLATFORM).unwrap().expose().to_owned();
    let map = support::answer(
        server
            .handle(request(
                Method::GET,
                &format!("/implementedInterfaces?platform={PLATFORM}"),
                &Value::Null,
                &token,
            ))
            .await,
    )
    .json();
    let mut served = 0;
    for (interface, advertised) in map.as_object().unwrap() {
        if advertised != true {
            continue;
        }
        let route = route_of(interface)
            .unwrap_or_else(|| panic!("`{interface}` is advertised but no route serves it"));
        let Some((method, uri, body)) = route else {
            continue;
        };
        // A fresh signed-in user for every call (unAuthorize signs it out).
        let mut user = User::new("u1", PLATFORM);
        user.access_token = Secret::new("k".to_owned());
        store.put_user(user).await.unwrap();
        let answer = support::answer(
            server
                .handle(request(method.clone(), uri, &body, &token))
                .await,
        );
        assert!(
            answer.status != StatusCode::NOT_FOUND
                && answer.status != StatusCode::METHOD_NOT_ALLOWED,
            "`{interface}` is advertised but {method} {uri} answered {}: {}",
            answer.status,
            answer.text
        );
        served += 1;
    }
    served
}

#[tokio::test]
async fn oauth_every_advertised_interface_is_served() {
    let api_key = walk(false).await;
    let oauth = walk(true).await;
    // getBasicAuth (OAuth: getOauthInfo) + getUserInfo + 11 logging, contact and lifecycle
    // interfaces + getLicenseStatus + the 6 appointment interfaces + getUserList
    // (/admin/userMapping) + getManagedAuthOptions (/admin/managedAuth/options); getAuthType
    // and getLogFormatType need no route.
    assert_eq!(api_key, 22);
    assert_eq!(oauth, 22);
}
