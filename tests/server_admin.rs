//! The admin routes and the RingCentral identity behind them (issue 12): `GET`/`POST
//! /admin/settings`, `GET /user/settings` merged with admin settings, `GET
//! /user/preloadSettings`, `POST /admin/userMapping`, `POST /admin/reinitializeUserMapping`,
//! `GET`/`POST /admin/serverLoggingSettings`. A fake RingCentral API runs as a real HTTP
//! server on loopback and counts the requests it gets; every JSON answer is checked against
//! the OpenAPI contract and every log line is scanned for the tokens (support::log_capture).
#![cfg(feature = "oauth")]
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

mod common;
mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use app_connect_sdk::connector::{
    ApiKeyConnector, Connector, ConnectorError, Context, ManagedAuthOptions, Result,
    ServerLoggingSettings, SignIn, UserList,
};
use app_connect_sdk::http::{Method, Request, StatusCode, header};
use app_connect_sdk::models::{
    CreateCallLogParams, CrmUser, Extra, FindContactParams, FindContactResult, GetCallLogParams,
    GetCallLogResult, GetUserInfoParams, LogResult, MutationResult, PlatformUserInfo,
    ReturnMessage, Secret, UpdateCallLogParams, UpdateCallLogResult, User, UserInfoResult,
    UserSetting,
};
use app_connect_sdk::server::ConnectorServer;
use app_connect_sdk::server::store::{AdminStore, MemoryStore, UserStore};
use async_trait::async_trait;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use support::{Answer, assert_contract};

const PLATFORM: &str = "adminCRM";
const USER_ID: &str = "u1-adminCRM";
const HASH_KEY: &str = "admin-tests-hash-key";
/// The RingCentral token of an account admin (support::log_capture forbids it in logs).
const ADMIN_TOKEN: &str = "rc-token-1";
/// The RingCentral token of a user who is not an admin.
const USER_TOKEN: &str = "rc-secret-plain-user";
/// RingCentral answers 503 to this token.
const DOWN_TOKEN: &str = "rc-secret-down";
const ACCOUNT: &str = "9001";

fn hashed(id: &str) -> String {
    hex(&Sha256::digest(format!("{id}:{HASH_KEY}").as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

// ---- the fake RingCentral API ---------------------------------------------------------------

/// `GET /restapi/v1.0/account/~/extension/~` on loopback, counting requests.
struct FakeRingCentral {
    url: String,
    requests: Arc<AtomicUsize>,
}

impl FakeRingCentral {
    async fn start() -> Self {
        let requests = Arc::new(AtomicUsize::new(0));
        let counted = requests.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let app = axum::Router::new().route(
            "/restapi/v1.0/account/~/extension/~",
            axum::routing::get(move |headers: axum::http::HeaderMap| {
                let counted = counted.clone();
                async move {
                    counted.fetch_add(1, Ordering::SeqCst);
                    let auth = headers
                        .get("authorization")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_owned();
                    let record = |id: u64, admin: bool| {
                        json!({
                            "id": id,
                            "extensionNumber": "101",
                            "account": { "id": ACCOUNT },
                            "permissions": { "admin": { "enabled": admin } }
                        })
                    };
                    match auth.strip_prefix("Bearer ") {
                        Some(ADMIN_TOKEN) => (StatusCode::OK, axum::Json(record(101, true))),
                        Some(USER_TOKEN) => (StatusCode::OK, axum::Json(record(102, false))),
                        Some(DOWN_TOKEN) => (
                            StatusCode::SERVICE_UNAVAILABLE,
                            axum::Json(json!({ "errorCode": "CMN-211" })),
                        ),
                        _ => (
                            StatusCode::UNAUTHORIZED,
                            axum::Json(json!({ "errorCode": "TokenInvalid" })),
                        ),
                    }
                }
            }),
        );
        tokio::spawn(async move { axum::serve(listener, app).await });
        FakeRingCentral { url, requests }
    }

    fn count(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

// ---- the connector --------------------------------------------------------------------------

/// An API-key CRM with a user list and server-side logging settings.
#[derive(Default)]
struct AdminCrm {
    user_lists: AtomicUsize,
    fail_user_list: bool,
    fail_logging: bool,
    logging: std::sync::Mutex<Extra>,
}

fn unused<T>() -> Result<T> {
    Err(ConnectorError::other("not used by the admin tests"))
}

#[async_trait]
impl Connector for AdminCrm {
    fn platform(&self) -> &str {
        PLATFORM
    }
    fn auth(&self) -> SignIn<'_> {
        SignIn::ApiKey(self)
    }
    async fn get_user_info(&self, _: &Context, _: GetUserInfoParams) -> Result<UserInfoResult> {
        Ok(UserInfoResult::success(PlatformUserInfo::new(
            "u2-adminCRM",
            "Grace",
        )))
    }
    async fn find_contact(&self, _: &Context, _: FindContactParams) -> Result<FindContactResult> {
        unused()
    }
    async fn create_call_log(&self, _: &Context, _: CreateCallLogParams) -> Result<LogResult> {
        unused()
    }
    async fn update_call_log(
        &self,
        _: &Context,
        _: UpdateCallLogParams,
    ) -> Result<UpdateCallLogResult> {
        unused()
    }
    async fn get_call_log(&self, _: &Context, _: GetCallLogParams) -> Result<GetCallLogResult> {
        unused()
    }
    fn user_list(&self) -> Option<&dyn UserList> {
        Some(self)
    }
    fn server_logging_settings(&self) -> Option<&dyn ServerLoggingSettings> {
        Some(self)
    }
    fn managed_auth_options(&self) -> Option<&dyn ManagedAuthOptions> {
        Some(self)
    }
}

#[async_trait]
impl ManagedAuthOptions for AdminCrm {
    async fn get_managed_auth_options(
        &self,
        cx: &Context,
        field_const: &str,
        account_values: &Extra,
    ) -> Result<Vec<app_connect_sdk::models::ManagedAuthOption>> {
        use app_connect_sdk::models::ManagedAuthOption;
        assert!(cx.user().is_err() && cx.auth_header().is_none());
        if account_values.get("companyId") == Some(&json!("fail")) {
            return Err(ConnectorError::crm(StatusCode::BAD_GATEWAY, "CRM down"));
        }
        // The account values the runtime passed, echoed as one option.
        let seen = serde_json::to_string(account_values).unwrap();
        Ok(vec![
            ManagedAuthOption::new(101, format!("{field_const} of {seen}")),
            ManagedAuthOption::new("u-2", "Grace Hopper"),
        ])
    }
}

impl ApiKeyConnector for AdminCrm {
    fn basic_auth(&self, api_key: &str) -> String {
        api_key.to_owned()
    }
}

#[async_trait]
impl UserList for AdminCrm {
    async fn get_user_list(&self, cx: &Context) -> Result<Vec<CrmUser>> {
        assert_eq!(cx.auth_header(), Some("Basic crm-key"));
        self.user_lists.fetch_add(1, Ordering::SeqCst);
        if self.fail_user_list {
            return Err(ConnectorError::crm(StatusCode::BAD_GATEWAY, "CRM down"));
        }
        Ok(vec![
            CrmUser::new(1, "Ada Lovelace").with_email("ada@example.com"),
            CrmUser::new("u-2", "Alan Turing"),
            CrmUser::new(3, "Nobody Matches"),
        ])
    }
}

#[async_trait]
impl ServerLoggingSettings for AdminCrm {
    async fn get_server_logging_settings(&self, _: &Context) -> Result<Extra> {
        if self.fail_logging {
            return Err(ConnectorError::crm(StatusCode::BAD_GATEWAY, "CRM down"));
        }
        Ok(self.logging.lock().unwrap().clone())
    }
    async fn update_server_logging_settings(
        &self,
        _: &Context,
        values: Extra,
    ) -> Result<MutationResult> {
        if self.fail_logging {
            return Err(ConnectorError::crm(StatusCode::BAD_GATEWAY, "CRM down"));
        }
        self.logging.lock().unwrap().extend(values);
        Ok(MutationResult::success()
            .with_message(ReturnMessage::success("Settings saved").with_ttl(2000)))
    }
}

// ---- the harness ----------------------------------------------------------------------------

struct Admin {
    server: ConnectorServer,
    crm: Arc<AdminCrm>,
    store: MemoryStore,
    rc: FakeRingCentral,
    jwt: String,
}

async fn admin_with(crm: AdminCrm, ttl: Option<Duration>) -> Admin {
    support::log_capture::install();
    let rc = FakeRingCentral::start().await;
    let crm = Arc::new(crm);
    let store = MemoryStore::new();
    let keys = support::keys();
    let mut builder = ConnectorServer::builder(keys.clone())
        .connector_arc(crm.clone())
        .stores(store.clone())
        .hash_key(HASH_KEY)
        .ringcentral_api(format!("{}/", rc.url));
    if let Some(ttl) = ttl {
        builder = builder.ringcentral_identity_ttl(ttl);
    }
    let server = builder.build().unwrap();
    let mut user = User::new(USER_ID, PLATFORM);
    user.access_token = Secret::new("crm-key".to_owned());
    let mut own = UserSetting::with_value("mine");
    own.default_value = Some(json!("default"));
    user.user_settings.insert("theme", own);
    user.user_settings
        .insert("personal", UserSetting::with_value(true));
    user.user_settings
        .insert("fixedByAdmin", UserSetting::with_value("user value"));
    user.user_settings
        .insert("removedByAdmin", UserSetting::with_value(1));
    store.put_user(user).await.unwrap();
    let jwt = keys.issue(USER_ID, PLATFORM).unwrap().expose().to_owned();
    Admin {
        server,
        crm,
        store,
        rc,
        jwt,
    }
}

async fn admin() -> Admin {
    admin_with(AdminCrm::default(), None).await
}

impl Admin {
    /// A request with the session (when `jwt`), the RingCentral token header (when `rc`) and
    /// a JSON body (when `body`).
    async fn send(
        &self,
        method: Method,
        uri: &str,
        jwt: bool,
        rc: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(uri);
        if jwt {
            request = request.header(header::AUTHORIZATION, format!("Bearer {}", self.jwt));
        }
        if let Some(rc) = rc {
            request = request.header("X-RC-Access-Token", format!("Bearer {rc}"));
        }
        let bytes = match body {
            Some(body) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                body.to_string().into_bytes()
            }
            None => Vec::new(),
        };
        support::answer(self.server.handle(request.body(bytes).unwrap()).await)
    }

    /// [`send`](Self::send) with the session and the account admin's RingCentral token.
    async fn as_admin(&self, method: Method, uri: &str, body: Option<Value>) -> Answer {
        self.send(method, uri, true, Some(ADMIN_TOKEN), body).await
    }

    async fn stored(&self) -> Option<app_connect_sdk::models::AdminConfig> {
        self.store
            .get_admin_config(PLATFORM, &hashed(ACCOUNT))
            .await
            .unwrap()
    }
}

fn admin_settings() -> Value {
    json!({
        "adminSettings": {
            "userSettings": {
                "theme": { "value": "admin default", "customizable": true },
                "fixedByAdmin": { "value": "admin value", "customizable": false },
                "removedByAdmin": { "isRemoved": true },
                "adminOnly": { "value": 42 },
                "plugin_notes": { "customizable": true, "value": { "config": {
                    "locked": { "value": "admin", "customizable": false },
                    "open": { "value": "admin open", "customizable": true }
                } } }
            },
            "customAdapter": { "name": "kept" }
        }
    })
}

// ---- RingCentral identity ------------------------------------------------------------------

/// An API-key sign-in stores the hashed account of a RingCentral token RingCentral accepts
/// as the user's `rcAccountId` (account data and contact matches are cached per account); a
/// refused token, or none, stores none and still signs the user in.
#[tokio::test]
async fn api_key_login_stores_the_verified_ringcentral_account() {
    let admin = admin().await;
    for (rc, expected) in [
        (Some(USER_TOKEN), Some(hashed(ACCOUNT))),
        (Some("rc-secret-refused"), None),
        (None, None),
    ] {
        admin
            .store
            .delete_user(PLATFORM, "u2-adminCRM")
            .await
            .unwrap();
        let body = json!({ "platform": PLATFORM, "apiKey": "crm-key-2", "rcAccountId": "chosen" });
        let a = admin
            .send(
                Method::POST,
                &format!("/apiKeyLogin?platform={PLATFORM}"),
                false,
                rc,
                Some(body),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.text);
        assert!(a.json()["jwtToken"].is_string(), "{}", a.text);
        let user = admin
            .store
            .get_user(PLATFORM, "u2-adminCRM")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(user.rc_account_id, expected, "RingCentral token {rc:?}");
    }
}

#[tokio::test]
async fn admin_identity_is_cached_and_unconfigured_accounts_read_empty() {
    let h = admin().await;
    let a = h.as_admin(Method::GET, "/admin/settings", None).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("GET", "/admin/settings", &a);
    assert_eq!(
        a.json(),
        json!({ "userSettings": {}, "customConnector": null })
    );
    assert_eq!(h.rc.count(), 1);
    // The same token again within the TTL: RingCentral is not asked again.
    let a = h.as_admin(Method::GET, "/admin/settings", None).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(h.rc.count(), 1, "the identity comes from the cache");
    // Another token is another identity.
    let a = h
        .send(Method::GET, "/admin/settings", true, Some(USER_TOKEN), None)
        .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert_eq!(h.rc.count(), 2);
}

#[tokio::test]
async fn a_zero_ttl_asks_ringcentral_every_time() {
    let h = admin_with(AdminCrm::default(), Some(Duration::ZERO)).await;
    for expected in 1..=3 {
        let a = h.as_admin(Method::GET, "/admin/settings", None).await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(h.rc.count(), expected);
    }
}

#[tokio::test]
async fn a_user_who_is_not_an_admin_gets_403_admin_validation_failed() {
    let h = admin().await;
    for (method, uri, body) in [
        (Method::GET, "/admin/settings", None),
        (Method::POST, "/admin/settings", Some(admin_settings())),
        (
            Method::POST,
            "/admin/userMapping",
            Some(json!({ "rcExtensionList": [] })),
        ),
        (
            Method::POST,
            "/admin/reinitializeUserMapping",
            Some(json!({ "rcExtensionList": [] })),
        ),
    ] {
        let a = h
            .send(method.clone(), uri, true, Some(USER_TOKEN), body)
            .await;
        assert_eq!(
            a.status,
            StatusCode::FORBIDDEN,
            "{method} {uri}: {}",
            a.text
        );
        assert_eq!(a.text, "Admin validation failed");
        assert!(
            a.headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/plain")
        );
    }
    assert!(h.stored().await.is_none(), "nothing stored for a non-admin");
    assert_eq!(h.crm.user_lists.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn an_invalid_token_is_400_and_not_cached() {
    let h = admin().await;
    for expected in 1..=2 {
        let a = h
            .send(Method::GET, "/admin/settings", true, Some("forged"), None)
            .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
        assert_contract("GET", "/admin/settings", &a);
        assert!(a.text.contains("HTTP 401"), "{}", a.text);
        assert!(
            !a.text.contains("forged"),
            "the token is not echoed: {}",
            a.text
        );
        assert_eq!(h.rc.count(), expected, "a refusal is not cached");
    }
    // No token at all: RingCentral is not asked.
    let a = h
        .send(Method::GET, "/admin/settings", true, None, None)
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_contract("GET", "/admin/settings", &a);
    assert!(a.text.contains("rcAccessToken"), "{}", a.text);
    assert_eq!(h.rc.count(), 2);
}

#[tokio::test]
async fn ringcentral_down_is_400_unavailable_and_not_cached() {
    let h = admin().await;
    for expected in 1..=2 {
        let a = h
            .send(Method::GET, "/admin/settings", true, Some(DOWN_TOKEN), None)
            .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
        assert_contract("GET", "/admin/settings", &a);
        assert!(
            a.text.contains("RingCentral is unavailable: HTTP 503"),
            "{}",
            a.text
        );
        assert_eq!(h.rc.count(), expected);
    }
    // Nothing listening at all.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let server = ConnectorServer::builder(support::keys())
        .connector(AdminCrm::default())
        .stores(h.store.clone())
        .hash_key(HASH_KEY)
        .ringcentral_api(dead)
        .build()
        .unwrap();
    let request = Request::get("/admin/settings")
        .header(header::AUTHORIZATION, format!("Bearer {}", h.jwt))
        .header("x-rc-access-token", ADMIN_TOKEN)
        .body(Vec::new())
        .unwrap();
    let a = support::answer(server.handle(request).await);
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.text.contains("cannot connect"), "{}", a.text);
}

#[tokio::test]
async fn legacy_query_and_body_tokens_are_read_and_never_logged() {
    let h = admin().await;
    let before = support::log_capture::lines();
    let a = h
        .send(
            Method::GET,
            &format!("/admin/settings?rcAccessToken={ADMIN_TOKEN}"),
            true,
            None,
            None,
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let mut body = admin_settings();
    body["rcAccessToken"] = json!(ADMIN_TOKEN);
    let a = h
        .send(Method::POST, "/admin/settings", true, None, Some(body))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    // A refused token is logged as a rejection, without the token.
    let a = h
        .send(
            Method::GET,
            "/admin/settings",
            true,
            Some("rc-secret-forged"),
            None,
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(
        support::log_capture::lines() > before,
        "the requests were traced"
    );
    support::log_capture::assert_clean();
    assert!(!format!("{:?}", h.server).contains(ADMIN_TOKEN));
}

// ---- /admin/settings -----------------------------------------------------------------------

#[tokio::test]
async fn admin_settings_are_stored_per_platform_and_account_and_read_back() {
    let h = admin().await;
    let a = h
        .send(
            Method::POST,
            "/admin/settings",
            false, // core's POST needs no session
            Some(ADMIN_TOKEN),
            Some(admin_settings()),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.text, "Admin settings updated");
    assert!(
        a.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let stored = h.stored().await.expect("stored under the hashed account");
    assert_eq!(stored.extra["customAdapter"], json!({ "name": "kept" }));
    let a = h.as_admin(Method::GET, "/admin/settings", None).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_contract("GET", "/admin/settings", &a);
    assert_eq!(
        a.json()["userSettings"],
        admin_settings()["adminSettings"]["userSettings"]
    );
    // A second POST replaces the keys it sends and keeps the others.
    let mappings = json!({ "adminSettings": {
        "userMappings": [{ "crmUserId": 1, "rcExtensionId": "101" }]
    } });
    let a = h
        .as_admin(Method::POST, "/admin/settings", Some(mappings))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let a = h.as_admin(Method::GET, "/admin/settings", None).await;
    assert_contract("GET", "/admin/settings", &a);
    assert_eq!(
        a.json()["userMappings"],
        json!([{ "crmUserId": "1", "rcExtensionId": ["101"] }]),
        "legacy string and numeric ids are normalised"
    );
    assert_eq!(a.json()["customAdapter"]["name"], "kept");
    // An explicit null clears a key; the answer stays one object with unique keys.
    let cleared = json!({ "adminSettings": { "userMappings": null, "customAdapter": null } });
    let a = h
        .as_admin(Method::POST, "/admin/settings", Some(cleared))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let a = h.as_admin(Method::GET, "/admin/settings", None).await;
    assert_contract("GET", "/admin/settings", &a);
    assert_eq!(a.text.matches("userMappings").count(), 0, "{}", a.text);
    assert_eq!(a.json()["customAdapter"], Value::Null);
    assert!(a.json()["userSettings"].is_object(), "{}", a.text);
    // Another platform's row of the same account is untouched.
    assert!(
        h.store
            .get_admin_config("otherCRM", &hashed(ACCOUNT))
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn admin_settings_failures_answer_as_core() {
    let h = admin().await;
    // No session on GET: core's 400.
    let a = h
        .send(
            Method::GET,
            "/admin/settings",
            false,
            Some(ADMIN_TOKEN),
            None,
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_contract("GET", "/admin/settings", &a);
    assert_eq!(a.message(), support_authorize());
    // A body that is not `{ adminSettings: {…} }`.
    let a = h
        .as_admin(
            Method::POST,
            "/admin/settings",
            Some(json!({ "adminSettings": { "userSettings": 7 } })),
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_contract("POST", "/admin/settings", &a);
    assert!(a.text.contains("adminSettings.userSettings"), "{}", a.text);
    let a = h
        .as_admin(Method::POST, "/admin/settings", Some(json!({})))
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.text.contains("adminSettings"), "{}", a.text);
    // The wrong method.
    let a = h.as_admin(Method::PUT, "/admin/settings", None).await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(a.headers[header::ALLOW], "GET, POST");
    assert!(h.stored().await.is_none());
}

fn support_authorize() -> &'static str {
    app_connect_sdk::server::AUTHORIZE_CRM
}

#[tokio::test]
async fn admin_routes_need_a_hash_key() {
    let rc = FakeRingCentral::start().await;
    let server = ConnectorServer::builder(support::keys())
        .connector(AdminCrm::default())
        .ringcentral_api(rc.url.clone())
        .build()
        .unwrap();
    let request = Request::post("/admin/settings")
        .header("x-rc-access-token", ADMIN_TOKEN)
        .header(header::CONTENT_TYPE, "application/json")
        .body(admin_settings().to_string().into_bytes())
        .unwrap();
    let a = support::answer(server.handle(request).await);
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.text.contains("hash key"), "{}", a.text);
}

// ---- /user/settings and /user/preloadSettings ------------------------------------------------

#[tokio::test]
async fn user_settings_merge_the_accounts_admin_settings() {
    let h = admin().await;
    let a = h
        .as_admin(Method::POST, "/admin/settings", Some(admin_settings()))
        .await;
    assert_eq!(a.status, StatusCode::OK);
    // Give the user a plugin config with one empty field.
    let mut user = h.store.get_user(PLATFORM, USER_ID).await.unwrap().unwrap();
    user.user_settings.insert(
        "plugin_notes",
        UserSetting::with_value(json!({ "config": {
            "locked": { "value": "mine" },
            "open": { "value": "my open" },
            "empty": { "value": "" }
        } })),
    );
    h.store.put_user(user).await.unwrap();

    let plain = h
        .send(Method::GET, "/user/settings", true, None, None)
        .await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_contract("GET", "/user/settings", &plain);
    assert_eq!(
        plain.json()["fixedByAdmin"]["value"],
        "user value",
        "no admin: own"
    );

    let by_token = h.as_admin(Method::GET, "/user/settings", None).await;
    let by_account = h
        .send(
            Method::GET,
            &format!("/user/settings?rcAccountId={}", hashed(ACCOUNT)),
            true,
            None,
            None,
        )
        .await;
    for a in [&by_token, &by_account] {
        assert_eq!(a.status, StatusCode::OK, "{}", a.text);
        assert_contract("GET", "/user/settings", a);
        let s = a.json();
        // Customizable by the admin, set by the user: the user's, marked customizable.
        assert_eq!(
            s["theme"],
            json!({ "value": "mine", "customizable": true, "defaultValue": "default" })
        );
        // Not an admin key: the user's.
        assert_eq!(
            s["personal"],
            json!({ "value": true, "customizable": true })
        );
        // Fixed by the admin: the admin's.
        assert_eq!(s["fixedByAdmin"]["value"], "admin value");
        // Removed by the admin: gone. Only the admin's: the admin's.
        assert!(s.get("removedByAdmin").is_none(), "{s}");
        assert_eq!(s["adminOnly"], json!({ "value": 42 }));
        // Plugins merge field by field.
        let config = &s["plugin_notes"]["value"]["config"];
        assert_eq!(
            config["locked"],
            json!({ "value": "admin", "customizable": false })
        );
        assert_eq!(
            config["open"],
            json!({ "value": "my open", "customizable": true })
        );
        assert_eq!(
            config["empty"],
            json!({ "value": "", "customizable": true })
        );
    }
    // An account without admin settings and a refused token: the user's own.
    for a in [
        h.send(
            Method::GET,
            "/user/settings?rcAccountId=unknown",
            true,
            None,
            None,
        )
        .await,
        h.send(Method::GET, "/user/settings", true, Some("forged"), None)
            .await,
    ] {
        assert_eq!(a.status, StatusCode::OK);
        assert_contract("GET", "/user/settings", &a);
        assert_eq!(a.json()["fixedByAdmin"]["value"], "user value");
    }
}

#[tokio::test]
async fn preload_settings_by_account_or_token() {
    let h = admin().await;
    let a = h
        .send(Method::GET, "/user/preloadSettings", false, None, None)
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.text, "Cannot find rc user login");
    // Nothing configured yet: `{}`.
    let a = h
        .send(
            Method::GET,
            "/user/preloadSettings",
            false,
            Some(ADMIN_TOKEN),
            None,
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("GET", "/user/preloadSettings", &a);
    assert_eq!(a.json(), json!({}));

    let posted = h
        .send(
            Method::POST,
            "/admin/settings",
            false,
            Some(ADMIN_TOKEN),
            Some(admin_settings()),
        )
        .await;
    assert_eq!(posted.status, StatusCode::OK);
    let expected = admin_settings()["adminSettings"]["userSettings"].clone();
    for (uri, rc) in [
        ("/user/preloadSettings".to_owned(), Some(USER_TOKEN)), // any user of the account
        (
            format!("/user/preloadSettings?rcAccountId={}", hashed(ACCOUNT)),
            None,
        ),
    ] {
        let a = h.send(Method::GET, &uri, false, rc, None).await;
        assert_eq!(a.status, StatusCode::OK, "{uri}: {}", a.text);
        assert_contract("GET", "/user/preloadSettings", &a);
        assert_eq!(a.json()["userSettings"], expected);
    }
    let a = h
        .send(
            Method::GET,
            "/user/preloadSettings",
            false,
            Some("forged"),
            None,
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_contract("GET", "/user/preloadSettings", &a);
    let a = h
        .send(
            Method::GET,
            "/user/preloadSettings?platform=nope&rcAccountId=x",
            false,
            None,
            None,
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.text.contains("nope"), "{}", a.text);
}

// ---- user mapping --------------------------------------------------------------------------

/// The contract lists `OkJson` (an object) for the user-mapping routes, but core answers an
/// array and the admin console reads one: each entry is checked against core's shape instead.
fn assert_mapping_shape(a: &Answer) {
    let schema = json!({
        "type": "array",
        "items": {
            "type": "object",
            "required": ["crmUser", "rcUser"],
            "additionalProperties": false,
            "properties": {
                "crmUser": {
                    "type": "object",
                    "required": ["id", "name", "email"],
                    "properties": {
                        "id": { "type": ["string", "number"] },
                        "name": { "type": "string" },
                        "email": { "type": "string" }
                    }
                },
                "rcUser": { "type": "array", "items": {
                    "type": "object",
                    "required": ["extensionId", "name", "extensionNumber", "email"],
                    "additionalProperties": false,
                    "properties": {
                        "extensionId": { "type": ["string", "number"] },
                        "name": { "type": "string" },
                        "extensionNumber": { "type": ["string", "number"] },
                        "email": { "type": "string" }
                    }
                } }
            }
        }
    });
    let validator = jsonschema::draft7::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&a.json())
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}: {}", a.text);
}

fn extensions() -> Value {
    json!({ "rcExtensionList": [
        { "id": 101, "email": "ada@example.com", "extensionNumber": "101" },
        { "id": "102", "firstName": "Alan", "lastName": "Turing", "extensionNumber": "102" },
        { "id": 103, "name": "Grace Hopper", "email": "grace@example.com" }
    ] })
}

#[tokio::test]
async fn user_mapping_matches_stores_and_reuses() {
    let h = admin().await;
    let a = h
        .as_admin(Method::POST, "/admin/userMapping", Some(extensions()))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_mapping_shape(&a);
    assert_eq!(
        a.json(),
        json!([
            // Core writes `${firstName} ${lastName}` ("undefined undefined") for an extension
            // without names; ours writes "".
            { "crmUser": { "id": 1, "name": "Ada Lovelace", "email": "ada@example.com" },
              "rcUser": [{ "extensionId": 101, "name": "", "extensionNumber": "101", "email": "ada@example.com" }] },
            { "crmUser": { "id": "u-2", "name": "Alan Turing", "email": "" },
              "rcUser": [{ "extensionId": "102", "name": "Alan Turing", "extensionNumber": "102", "email": "" }] },
            { "crmUser": { "id": 3, "name": "Nobody Matches", "email": "" }, "rcUser": [] }
        ])
    );
    let stored = h.stored().await.unwrap().user_mappings.unwrap();
    let stored = serde_json::to_value(stored).unwrap();
    assert_eq!(
        stored,
        json!([
            { "crmUserId": "1", "rcExtensionId": ["101"] },
            { "crmUserId": "u-2", "rcExtensionId": ["102"] }
        ])
    );
    // An admin re-maps Ada to Grace; the next call reuses the stored mapping.
    let remap = json!({ "adminSettings": { "userMappings": [
        { "crmUserId": "1", "rcExtensionId": ["103"] },
        { "crmUserId": "u-2", "rcExtensionId": ["102"] }
    ] } });
    let a = h
        .as_admin(Method::POST, "/admin/settings", Some(remap))
        .await;
    assert_eq!(a.status, StatusCode::OK);
    let a = h
        .as_admin(Method::POST, "/admin/userMapping", Some(extensions()))
        .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_mapping_shape(&a);
    assert_eq!(a.json()[0]["rcUser"][0]["name"], "Grace Hopper");
    // Reinitialize drops the admin's choice and matches again.
    let a = h
        .as_admin(
            Method::POST,
            "/admin/reinitializeUserMapping",
            Some(extensions()),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_mapping_shape(&a);
    assert_eq!(a.json()[0]["rcUser"][0]["extensionId"], 101);
    let stored = serde_json::to_value(h.stored().await.unwrap().user_mappings.unwrap()).unwrap();
    assert_eq!(
        stored[0],
        json!({ "crmUserId": "1", "rcExtensionId": ["101"] })
    );
    assert_eq!(h.crm.user_lists.load(Ordering::SeqCst), 3);
    assert_eq!(h.rc.count(), 1, "one identity lookup for the whole test");
}

#[tokio::test]
async fn user_mapping_failures() {
    let h = admin_with(
        AdminCrm {
            fail_user_list: true,
            ..AdminCrm::default()
        },
        None,
    )
    .await;
    // No session.
    let a = h
        .send(
            Method::POST,
            "/admin/userMapping",
            false,
            Some(ADMIN_TOKEN),
            Some(extensions()),
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_contract("POST", "/admin/userMapping", &a);
    assert_eq!(a.message(), support_authorize());
    // No RingCentral token.
    let a = h
        .send(
            Method::POST,
            "/admin/userMapping",
            true,
            None,
            Some(extensions()),
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_contract("POST", "/admin/userMapping", &a);
    // The CRM fails: the connector error's answer, nothing stored.
    let a = h
        .as_admin(Method::POST, "/admin/userMapping", Some(extensions()))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/admin/userMapping", &a);
    assert_eq!(a.json()["successful"], false, "{}", a.text);
    assert!(h.stored().await.is_none());
    // A malformed extension list names the bad value.
    let a = h
        .as_admin(
            Method::POST,
            "/admin/reinitializeUserMapping",
            Some(json!({ "rcExtensionList": [{ "name": "no id" }] })),
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_contract("POST", "/admin/reinitializeUserMapping", &a);
    assert!(a.text.contains("rcExtensionList[0]"), "{}", a.text);
    // A signed-out user.
    h.store.delete_user(PLATFORM, USER_ID).await.unwrap();
    let a = h
        .as_admin(Method::POST, "/admin/userMapping", Some(extensions()))
        .await;
    assert_eq!(a.message(), "User not found");
}

// ---- server-side logging settings ------------------------------------------------------------

#[tokio::test]
async fn server_logging_settings_read_and_update() {
    let h = admin().await;
    let a = h
        .send(
            Method::GET,
            "/admin/serverLoggingSettings",
            true,
            None,
            None,
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("GET", "/admin/serverLoggingSettings", &a);
    assert_eq!(a.json(), json!({}));
    let a = h
        .send(
            Method::POST,
            "/admin/serverLoggingSettings",
            true,
            None,
            Some(json!({ "additionalFieldValues": { "activityType": "call" } })),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/admin/serverLoggingSettings", &a);
    assert_eq!(
        a.json(),
        json!({ "successful": true, "returnMessage": { "message": "Settings saved", "messageType": "success", "ttl": 2000 } })
    );
    let a = h
        .send(
            Method::GET,
            "/admin/serverLoggingSettings",
            true,
            None,
            None,
        )
        .await;
    assert_contract("GET", "/admin/serverLoggingSettings", &a);
    assert_eq!(a.json(), json!({ "activityType": "call" }));
}

#[tokio::test]
async fn server_logging_settings_failures_answer_as_core() {
    let h = admin_with(
        AdminCrm {
            fail_logging: true,
            ..AdminCrm::default()
        },
        None,
    )
    .await;
    for (method, body) in [
        (Method::GET, None),
        (Method::POST, Some(json!({ "additionalFieldValues": {} }))),
    ] {
        let a = h
            .send(
                method.clone(),
                "/admin/serverLoggingSettings",
                false,
                None,
                body,
            )
            .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{method}");
        assert_contract(method.as_str(), "/admin/serverLoggingSettings", &a);
        assert_eq!(a.message(), support_authorize());
    }
    for body in [None, Some(json!({ "other": 1 }))] {
        let a = h
            .send(
                Method::POST,
                "/admin/serverLoggingSettings",
                true,
                None,
                body,
            )
            .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);
        assert_eq!(a.text, "Missing additionalFieldValues");
    }
    let a = h
        .send(
            Method::POST,
            "/admin/serverLoggingSettings",
            true,
            None,
            Some(json!({ "additionalFieldValues": { "activityType": "call" } })),
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_contract("POST", "/admin/serverLoggingSettings", &a);
    assert_eq!(
        a.json(),
        json!({ "successful": false, "returnMessage": {
            "message": "Server logging settings update failed", "messageType": "warning", "ttl": 5000
        } })
    );
    let a = h
        .send(
            Method::GET,
            "/admin/serverLoggingSettings",
            true,
            None,
            None,
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
    assert_contract("GET", "/admin/serverLoggingSettings", &a);
    assert_eq!(a.json()["successful"], false, "{}", a.text);
}

#[tokio::test]
async fn implemented_interfaces_advertise_the_admin_capabilities() {
    let h = admin().await;
    let a = h
        .send(
            Method::GET,
            &format!("/implementedInterfaces?platform={PLATFORM}"),
            false,
            None,
            None,
        )
        .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_contract("GET", "/implementedInterfaces", &a);
    // Core's map has no key for the server-logging interfaces; getUserList is served now.
    assert_eq!(a.json()["getUserList"], true, "{}", a.text);
}

// ---- managed-auth options ------------------------------------------------------------------

fn managed_manifest() -> app_connect_sdk::manifest::Manifest {
    serde_json::from_value(json!({
        "serverUrl": "https://crm.example.com",
        "platforms": { PLATFORM: {
            "name": PLATFORM,
            "auth": { "type": "apiKey", "apiKey": { "page": { "title": "Admin CRM", "content": [
                { "const": "apiKey", "title": "API key", "type": "string",
                  "managed": true, "managedScope": "user", "managedFieldType": "dynamic" },
                { "const": "companyId", "title": "Company", "type": "string",
                  "managed": true, "managedScope": "account" },
                { "const": "region", "title": "Region", "type": "string" }
            ] } } }
        } }
    }))
    .unwrap()
}

async fn managed_server(rc: &FakeRingCentral) -> ConnectorServer {
    ConnectorServer::builder(support::keys())
        .connector(AdminCrm::default())
        .manifest(&managed_manifest())
        .hash_key(HASH_KEY)
        .ringcentral_api(rc.url.clone())
        .build()
        .unwrap()
}

async fn options(server: &ConnectorServer, query: &str, rc: Option<&str>, body: Value) -> Answer {
    let mut request = Request::post(format!("/admin/managedAuth/options{query}"))
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(rc) = rc {
        request = request.header("x-rc-access-token", rc);
    }
    support::answer(
        server
            .handle(request.body(body.to_string().into_bytes()).unwrap())
            .await,
    )
}

#[tokio::test]
async fn managed_auth_options_of_a_dynamic_user_field() {
    support::log_capture::install();
    let rc = FakeRingCentral::start().await;
    let server = managed_server(&rc).await;
    let query = format!("?platform={PLATFORM}");
    let body = json!({ "fieldConst": "apiKey",
                       "accountValues": { "companyId": "c-1", "region": "eu", "other": 1 } });
    let a = options(&server, &query, Some(ADMIN_TOKEN), body).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/admin/managedAuth/options", &a);
    assert_eq!(
        a.json(),
        json!([
            // Only the account-scoped managed field's value reaches the connector.
            { "value": "101", "label": "apiKey of {\"companyId\":\"c-1\"}" },
            { "value": "u-2", "label": "Grace Hopper" }
        ])
    );
}

#[tokio::test]
async fn managed_auth_options_failures() {
    support::log_capture::install();
    let rc = FakeRingCentral::start().await;
    let server = managed_server(&rc).await;
    let query = format!("?platform={PLATFORM}");
    let a = options(
        &server,
        "",
        Some(ADMIN_TOKEN),
        json!({ "fieldConst": "apiKey" }),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.text, "Missing platform name");
    let a = options(
        &server,
        &query,
        Some(ADMIN_TOKEN),
        json!({ "accountValues": {} }),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.text, "Missing managed auth field");
    let a = options(
        &server,
        &query,
        Some(USER_TOKEN),
        json!({ "fieldConst": "apiKey" }),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert_eq!(a.text, "Admin validation failed");
    for field in ["companyId", "region", "unknown"] {
        let a = options(
            &server,
            &query,
            Some(ADMIN_TOKEN),
            json!({ "fieldConst": field }),
        )
        .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{field}");
        assert_contract("POST", "/admin/managedAuth/options", &a);
        assert!(a.text.contains("is not a dynamic user field"), "{}", a.text);
    }
    let a = options(
        &server,
        "?platform=nope",
        Some(ADMIN_TOKEN),
        json!({ "fieldConst": "apiKey" }),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.text.contains("nope"), "{}", a.text);
    let body = json!({ "fieldConst": "apiKey", "accountValues": { "companyId": "fail" } });
    let a = options(&server, &query, Some(ADMIN_TOKEN), body).await;
    assert_contract("POST", "/admin/managedAuth/options", &a);
    assert_eq!(a.json()["successful"], false, "{}", a.text);
}

// ---- the built-in stores keep the admin configurations ----------------------------------------

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn stores_with_a_sqlite_store_keep_admin_settings_across_restarts() {
    use app_connect_sdk::server::store::{SqliteStore, StoreKey};
    support::log_capture::install();
    let rc = FakeRingCentral::start().await;
    let dir = std::env::temp_dir().join(format!(
        "server-admin-sqlite-{}-{}",
        std::process::id(),
        rc.url.rsplit(':').next().unwrap()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.db");
    let key = StoreKey::derive_from_secret(support::SECRET);
    {
        let server = ConnectorServer::builder(support::keys())
            .connector(AdminCrm::default())
            .stores(SqliteStore::open(&path, &key).unwrap())
            .hash_key(HASH_KEY)
            .ringcentral_api(rc.url.clone())
            .build()
            .unwrap();
        let request = Request::post("/admin/settings")
            .header("x-rc-access-token", ADMIN_TOKEN)
            .header(header::CONTENT_TYPE, "application/json")
            .body(admin_settings().to_string().into_bytes())
            .unwrap();
        let a = support::answer(server.handle(request).await);
        assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    }
    let reopened = SqliteStore::open(&path, &key).unwrap();
    let config = reopened
        .get_admin_config(PLATFORM, &hashed(ACCOUNT))
        .await
        .unwrap()
        .expect("the admin settings are in the SQLite file");
    assert_eq!(
        serde_json::to_value(config.user_settings).unwrap(),
        admin_settings()["adminSettings"]["userSettings"]
    );
    drop(reopened);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn admin_extension_ids_make_a_plain_user_an_admin() {
    support::log_capture::install();
    let rc = FakeRingCentral::start().await;
    let server = ConnectorServer::builder(support::keys())
        .connector(AdminCrm::default())
        .hash_key(HASH_KEY)
        .ringcentral_api(rc.url.clone())
        .admin_extension_ids(["102"]) // the fake's plain user
        .build()
        .unwrap();
    let request = Request::post("/admin/settings")
        .header("x-rc-access-token", USER_TOKEN)
        .header(header::CONTENT_TYPE, "application/json")
        .body(admin_settings().to_string().into_bytes())
        .unwrap();
    let a = support::answer(server.handle(request).await);
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.text, "Admin settings updated");
}
