//! OAuth sign-in and the session lifecycle (issue 11) against a fake OAuth provider served
//! over loopback: `/oauth-callback`, the built-in refresh grant (single flight, rotation,
//! `invalid_grant`, transient failures), `/unAuthorize`, `/authValidation`,
//! `/user/refreshInfo`, `/hostname`, `/userInfoHash`, session rotation for known users only.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

mod common;
mod support;

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use app_connect_sdk::connector::{
    CallDisposition, Connector, ConnectorError, Context, OAuthConnector, Result, SignIn,
    UnAuthorize, UserInfoRefresh,
};
use app_connect_sdk::http::{self, Method, Request, StatusCode};
use app_connect_sdk::models::{
    Contact, CreateCallLogParams, ExistingCallLog, FindContactParams, FindContactResult,
    GetCallLogParams, GetCallLogResult, GetUserInfoParams, LogResult, MutationResult, OAuthInfo,
    OAuthInfoParams, OverridingOAuthOption, PlatformUserInfo, ReturnMessage, Secret,
    UpdateCallLogParams, UpdateCallLogResult, UpsertDispositionParams, User, UserInfoResult,
};
use app_connect_sdk::server::session::SessionKeys;
use app_connect_sdk::server::store::{CallLogStore, MemoryStore, StoreError, UserStore};
use app_connect_sdk::server::{ConnectorServer, ManagedOAuth, REFRESHED_TOKEN_HEADER};
use async_trait::async_trait;
use serde_json::{Value, json};
use support::{Answer, answer, assert_contract};

const PLATFORM: &str = "oauthCRM";
const USER_ID: &str = "42-oauthCRM";
const CLIENT_ID: &str = "client-1";
const CLIENT_SECRET: &str = "client-secret-1";
const GOOD_CODE: &str = "good-code";
const ADMIN_CLIENT_ID: &str = "admin-client";
const ADMIN_CLIENT_SECRET: &str = "admin-client-secret";

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

// ---------------------------------------------------------------- the fake OAuth provider

/// A request to `/token`: headers, query string, form.
type TokenRequest = (BTreeMap<String, String>, String, BTreeMap<String, String>);

#[derive(Default)]
struct ProviderState {
    codes: HashSet<String>,
    access: HashSet<String>,
    refresh: HashSet<String>,
    next: u64,
    /// Answer the next N refresh grants with 503.
    transient: usize,
    /// Every request to /token: (headers, query, form).
    requests: Vec<TokenRequest>,
}

/// An OAuth 2 provider on loopback: `POST /token` (authorization code and refresh grants,
/// rotating refresh tokens, one-time codes), access tokens checked by the connector.
struct Provider {
    state: Mutex<ProviderState>,
    refresh_grants: AtomicUsize,
    code_grants: AtomicUsize,
    token_uri: String,
}

impl Provider {
    async fn start() -> Arc<Provider> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let provider = Arc::new(Provider {
            state: Mutex::default(),
            refresh_grants: AtomicUsize::new(0),
            code_grants: AtomicUsize::new(0),
            token_uri: format!("http://{address}/token"),
        });
        lock(&provider.state).codes.insert(GOOD_CODE.to_owned());
        let shared = provider.clone();
        let app = axum::Router::new().route(
            "/token",
            axum::routing::post(
                move |uri: http::Uri, headers: http::HeaderMap, body: String| {
                    let provider = shared.clone();
                    async move { provider.token(&uri, &headers, &body).await }
                },
            ),
        );
        tokio::spawn(async move { axum::serve(listener, app).await });
        provider
    }

    fn issue(state: &mut ProviderState) -> Value {
        state.next += 1;
        let access = format!("at-{}", state.next);
        let refresh = format!("rt-{}", state.next);
        state.access.insert(access.clone());
        state.refresh.insert(refresh.clone());
        json!({ "access_token": access, "refresh_token": refresh, "expires_in": 3600, "token_type": "bearer" })
    }

    async fn token(
        &self,
        uri: &http::Uri,
        headers: &http::HeaderMap,
        body: &str,
    ) -> (StatusCode, axum::Json<Value>) {
        let form: BTreeMap<String, String> = url::form_urlencoded::parse(body.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let recorded = headers
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
            .collect();
        lock(&self.state).requests.push((
            recorded,
            uri.query().unwrap_or("").to_owned(),
            form.clone(),
        ));
        let invalid = || {
            (
                StatusCode::BAD_REQUEST,
                axum::Json(json!({ "error": "invalid_grant", "error_description": "dead grant" })),
            )
        };
        let client = |id: &str, secret: &str| format!("Basic {}", b64(&format!("{id}:{secret}")));
        let known = [
            client(CLIENT_ID, CLIENT_SECRET),
            client(ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET),
        ];
        let sent = headers.get("authorization").and_then(|v| v.to_str().ok());
        if !known.iter().any(|k| Some(k.as_str()) == sent) {
            return (
                StatusCode::UNAUTHORIZED,
                axum::Json(json!({ "error": "invalid_client" })),
            );
        }
        match form.get("grant_type").map(String::as_str) {
            Some("authorization_code") => {
                self.code_grants.fetch_add(1, Ordering::SeqCst);
                let mut state = lock(&self.state);
                let code = form.get("code").cloned().unwrap_or_default();
                if !state.codes.remove(&code) {
                    return invalid();
                }
                (StatusCode::OK, axum::Json(Self::issue(&mut state)))
            }
            Some("refresh_token") => {
                self.refresh_grants.fetch_add(1, Ordering::SeqCst);
                // A slow provider widens the window for concurrent refreshes.
                tokio::time::sleep(Duration::from_millis(50)).await;
                let mut state = lock(&self.state);
                if state.transient > 0 {
                    state.transient -= 1;
                    return (
                        StatusCode::SERVICE_UNAVAILABLE,
                        axum::Json(json!({ "error": "temporarily_unavailable" })),
                    );
                }
                let token = form.get("refresh_token").cloned().unwrap_or_default();
                // Rotation: a refresh token works once.
                if !state.refresh.remove(&token) {
                    return invalid();
                }
                (StatusCode::OK, axum::Json(Self::issue(&mut state)))
            }
            _ => (
                StatusCode::BAD_REQUEST,
                axum::Json(json!({ "error": "unsupported_grant_type" })),
            ),
        }
    }

    fn is_valid(&self, header: Option<&str>) -> bool {
        let Some(token) = header.and_then(|h| h.strip_prefix("Bearer ")) else {
            return false;
        };
        lock(&self.state).access.contains(token)
    }

    /// A valid token pair that is already expired as far as the stored user is concerned.
    fn grant_pair(&self) -> (String, String) {
        let mut state = lock(&self.state);
        let issued = Self::issue(&mut state);
        (
            issued["access_token"].as_str().unwrap().to_owned(),
            issued["refresh_token"].as_str().unwrap().to_owned(),
        )
    }
}

fn b64(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = text.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

// ---------------------------------------------------------------- the OAuth connector

struct OAuthCrm {
    provider: Arc<Provider>,
    overriding: bool,
    post_saves: AtomicUsize,
    find_calls: AtomicUsize,
    un_authorize_calls: AtomicUsize,
    /// The `auth_header` every findContact saw, and whether the provider accepted it.
    seen: Mutex<Vec<bool>>,
    /// `(thirdPartyLogId, dispositions)` of every upsertCallDisposition.
    dispositions: Mutex<Vec<(String, Value)>>,
}

impl OAuthCrm {
    fn new(provider: Arc<Provider>, overriding: bool) -> Self {
        OAuthCrm {
            provider,
            overriding,
            post_saves: AtomicUsize::new(0),
            find_calls: AtomicUsize::new(0),
            un_authorize_calls: AtomicUsize::new(0),
            seen: Mutex::default(),
            dispositions: Mutex::default(),
        }
    }
}

#[async_trait]
impl OAuthConnector for OAuthCrm {
    async fn oauth_info(&self, _: &Context, _: OAuthInfoParams) -> Result<OAuthInfo> {
        Ok(OAuthInfo::new(
            CLIENT_ID,
            CLIENT_SECRET,
            self.provider.token_uri.clone(),
            "https://app.example.com/redirect.html",
        ))
    }

    fn overriding_oauth_option(&self, code: &str, _: &OAuthInfo) -> Option<OverridingOAuthOption> {
        self.overriding.then(|| {
            let mut option = OverridingOAuthOption::default()
                .with_header("X-Tenant", format!("tenant-for-{code}"))
                .with_query("tenant", "t1");
            // A body key is added, and one that overrides a default replaces it.
            option.body = Some(
                json!({ "resource": "crm-api", "redirect_uri": "https://override.example/cb" }),
            );
            option
        })
    }
}

#[async_trait]
impl UnAuthorize for OAuthCrm {
    async fn un_authorize(&self, _: &Context) -> Result<MutationResult> {
        self.un_authorize_calls.fetch_add(1, Ordering::SeqCst);
        let mut result = MutationResult::success();
        result.return_message =
            Some(ReturnMessage::success("Logged out of the CRM").with_ttl(1000));
        Ok(result)
    }
}

#[async_trait]
impl CallDisposition for OAuthCrm {
    async fn upsert_call_disposition(
        &self,
        cx: &Context,
        params: UpsertDispositionParams,
    ) -> Result<LogResult> {
        assert!(self.provider.is_valid(cx.auth_header()));
        lock(&self.dispositions).push((
            params.existing_call_log.third_party_log_id.clone(),
            serde_json::to_value(&params.dispositions).unwrap(),
        ));
        let mut result = LogResult::default();
        result.log_id = Some(params.existing_call_log.third_party_log_id.into());
        Ok(result)
    }
}

#[async_trait]
impl UserInfoRefresh for OAuthCrm {
    async fn refresh_user_info(&self, cx: &Context) -> Result<MutationResult> {
        if self.provider.is_valid(cx.auth_header()) {
            Ok(MutationResult::success())
        } else {
            Err(ConnectorError::crm(
                StatusCode::UNAUTHORIZED,
                "token refused",
            ))
        }
    }
}

#[async_trait]
impl Connector for OAuthCrm {
    fn platform(&self) -> &str {
        PLATFORM
    }

    fn auth(&self) -> SignIn<'_> {
        SignIn::OAuth(self)
    }

    async fn get_user_info(
        &self,
        cx: &Context,
        params: GetUserInfoParams,
    ) -> Result<UserInfoResult> {
        if !self.provider.is_valid(cx.auth_header()) {
            return Ok(UserInfoResult::failure(ReturnMessage::warning("bad token")));
        }
        assert!(
            params
                .data
                .as_ref()
                .is_some_and(|d| d["access_token"].is_string())
        );
        let info = PlatformUserInfo::new(USER_ID, "Ada Lovelace")
            .with_additional_info("tokenUrl", self.provider.token_uri.clone());
        Ok(UserInfoResult::success(info))
    }

    async fn post_save_user_info(
        &self,
        cx: &Context,
        info: PlatformUserInfo,
    ) -> Result<PlatformUserInfo> {
        // The user is stored by the time postSaveUserInfo runs.
        assert!(cx.user().is_ok_and(|u| !u.access_token.is_empty()));
        self.post_saves.fetch_add(1, Ordering::SeqCst);
        Ok(info)
    }

    async fn find_contact(&self, cx: &Context, _: FindContactParams) -> Result<FindContactResult> {
        self.find_calls.fetch_add(1, Ordering::SeqCst);
        let valid = self.provider.is_valid(cx.auth_header());
        lock(&self.seen).push(valid);
        if !valid {
            return Err(ConnectorError::crm(
                StatusCode::UNAUTHORIZED,
                "token refused",
            ));
        }
        Ok(FindContactResult::found(vec![
            Contact::new(7, "Ada Lovelace").with_phone("+14155550100"),
        ]))
    }

    async fn create_call_log(&self, _: &Context, _: CreateCallLogParams) -> Result<LogResult> {
        Err(ConnectorError::other("not used"))
    }

    async fn update_call_log(
        &self,
        _: &Context,
        _: UpdateCallLogParams,
    ) -> Result<UpdateCallLogResult> {
        Err(ConnectorError::other("not used"))
    }

    async fn get_call_log(&self, _: &Context, _: GetCallLogParams) -> Result<GetCallLogResult> {
        Err(ConnectorError::other("not used"))
    }

    fn un_authorize(&self) -> Option<&dyn UnAuthorize> {
        Some(self)
    }

    fn call_disposition(&self) -> Option<&dyn CallDisposition> {
        Some(self)
    }

    fn user_info_refresh(&self) -> Option<&dyn UserInfoRefresh> {
        Some(self)
    }
}

// ---------------------------------------------------------------- harness

struct Setup {
    provider: Arc<Provider>,
    crm: Arc<OAuthCrm>,
    server: ConnectorServer,
    store: MemoryStore,
    keys: SessionKeys,
}

async fn setup(overriding: bool) -> Setup {
    setup_with(overriding, None).await
}

async fn setup_with(overriding: bool, users: Option<StaleFirst>) -> Setup {
    setup_full(overriding, users, false).await
}

/// The admin-managed OAuth client of RingCentral account `acc-1`.
struct AdminClient(String);

#[async_trait]
impl ManagedOAuth for AdminClient {
    async fn managed_oauth_info(
        &self,
        platform: &str,
        rc_account_id: &str,
    ) -> std::result::Result<Option<OAuthInfo>, StoreError> {
        Ok((platform == PLATFORM && rc_account_id == "acc-1").then(|| {
            OAuthInfo::new(
                ADMIN_CLIENT_ID,
                ADMIN_CLIENT_SECRET,
                self.0.clone(),
                "https://app.example.com/redirect.html",
            )
        }))
    }
}

async fn setup_full(overriding: bool, users: Option<StaleFirst>, managed: bool) -> Setup {
    let provider = Provider::start().await;
    let crm = Arc::new(OAuthCrm::new(provider.clone(), overriding));
    let store = MemoryStore::new();
    let keys = support::keys();
    let mut builder = ConnectorServer::builder(keys.clone())
        .connector_arc(crm.clone())
        .stores(store.clone())
        .hash_key("deployment-hash-key");
    if let Some(users) = users {
        builder = builder.user_store(users);
    }
    if managed {
        builder = builder.managed_oauth(AdminClient(provider.token_uri.clone()));
    }
    let server = builder.build().unwrap();
    Setup {
        provider,
        crm,
        server,
        store,
        keys,
    }
}

impl Setup {
    async fn send(
        &self,
        method: Method,
        uri: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(token) = token {
            request = request.header(http::header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = body.map(|b| b.to_string()).unwrap_or_default().into_bytes();
        if !body.is_empty() {
            request = request.header(http::header::CONTENT_TYPE, "application/json");
        }
        answer(self.server.handle(request.body(body).unwrap()).await)
    }

    async fn callback(&self, callback_query: &str) -> Answer {
        let state: String = url::form_urlencoded::byte_serialize(
            format!("platform={PLATFORM}&hostname=crm.example.com").as_bytes(),
        )
        .collect();
        let callback_uri =
            format!("https://app.example.com/redirect.html?{callback_query}&state={state}");
        let encoded: String =
            url::form_urlencoded::byte_serialize(callback_uri.as_bytes()).collect();
        self.send(
            Method::GET,
            &format!("/oauth-callback?callbackUri={encoded}&rcAccountId=acc-1"),
            None,
            None,
        )
        .await
    }

    async fn stored(&self) -> Option<User> {
        self.store.get_user(PLATFORM, USER_ID).await.unwrap()
    }

    /// Stores the signed-in user with a valid pair whose stored expiry is in the past.
    async fn expired_user(&self) -> String {
        let (access, refresh) = self.provider.grant_pair();
        let mut user = User::new(USER_ID, PLATFORM);
        user.access_token = Secret::new(access);
        user.refresh_token = Some(Secret::new(refresh));
        user.token_expiry = Some(chrono::Utc::now() - chrono::Duration::seconds(10));
        user.hostname = Some("crm.example.com".into());
        self.store.put_user(user).await.unwrap();
        self.keys
            .issue(USER_ID, PLATFORM)
            .unwrap()
            .expose()
            .to_owned()
    }

    async fn find_contact(&self, token: &str) -> Answer {
        self.send(
            Method::GET,
            "/contact?phoneNumber=%2B14155550100",
            Some(token),
            None,
        )
        .await
    }
}

// ---------------------------------------------------------------- callback

#[tokio::test]
async fn oauth_callback_signs_in_saves_the_user_and_calls_post_save_once() {
    let s = setup(false).await;
    let a = s.callback(&format!("code={GOOD_CODE}")).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("GET", "/oauth-callback", &a);
    let body = a.json();
    assert_eq!(body["name"], "Ada Lovelace");
    let claims = s.keys.verify(body["jwtToken"].as_str().unwrap()).unwrap();
    assert_eq!(
        (claims.id.as_str(), claims.platform.as_str()),
        (USER_ID, PLATFORM)
    );

    let user = s.stored().await.expect("user stored");
    assert!(
        s.provider
            .is_valid(Some(&format!("Bearer {}", user.access_token.expose())))
    );
    assert!(user.refresh_token.is_some());
    let expiry = user.token_expiry.expect("expiry from expires_in");
    assert!(expiry > chrono::Utc::now() + chrono::Duration::seconds(3500));
    assert_eq!(user.hostname.as_deref(), Some("crm.example.com"));
    assert_eq!(user.rc_account_id.as_deref(), Some("acc-1"));
    assert_eq!(user.token_url(), Some(s.provider.token_uri.as_str()));
    assert_eq!(s.crm.post_saves.load(Ordering::SeqCst), 1);

    // Client credentials as Basic, the code and the registered redirect URI in the form.
    let requests = lock(&s.provider.state).requests.clone();
    let (_, _, form) = &requests[0];
    assert_eq!(form["grant_type"], "authorization_code");
    assert_eq!(form["code"], GOOD_CODE);
    assert_eq!(
        form["redirect_uri"],
        "https://app.example.com/redirect.html"
    );
    assert!(!form.contains_key("client_secret"));

    // The new session works on a connector route.
    let token = body["jwtToken"].as_str().unwrap().to_owned();
    let found = s.find_contact(&token).await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.text);
    assert_eq!(found.json()["successful"], true);
}

#[tokio::test]
async fn oauth_callback_denied_or_invalid_code_stores_nothing_and_says_why() {
    let s = setup(false).await;
    let denied = s
        .callback("error=access_denied&error_description=The+user+said+no")
        .await;
    assert_eq!(denied.status, StatusCode::BAD_REQUEST, "{}", denied.text);
    assert!(
        denied.message().contains("access_denied"),
        "{}",
        denied.text
    );
    assert!(
        denied.message().contains("The user said no"),
        "{}",
        denied.text
    );
    assert_contract("GET", "/oauth-callback", &denied);
    assert_eq!(s.provider.code_grants.load(Ordering::SeqCst), 0);

    let invalid = s.callback("code=wrong-code").await;
    assert_eq!(invalid.status, StatusCode::BAD_REQUEST, "{}", invalid.text);
    assert!(
        invalid
            .message()
            .contains("authorization code is invalid or expired"),
        "{}",
        invalid.text
    );
    assert!(invalid.json().get("jwtToken").is_none());
    assert_eq!(s.provider.code_grants.load(Ordering::SeqCst), 1);

    // A code works once: replaying a used code is refused too.
    assert_eq!(
        s.callback(&format!("code={GOOD_CODE}")).await.status,
        StatusCode::OK
    );
    s.store.delete_user(PLATFORM, USER_ID).await.unwrap();
    let replay = s.callback(&format!("code={GOOD_CODE}")).await;
    assert_eq!(replay.status, StatusCode::BAD_REQUEST);
    assert!(
        s.stored().await.is_none(),
        "nothing stored after a refused exchange"
    );
    assert_eq!(s.crm.post_saves.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn oauth_callback_missing_platform_or_callback_uri_is_a_400_naming_it() {
    let s = setup(false).await;
    let a = s.send(Method::GET, "/oauth-callback", None, None).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.json()["error"].as_str().unwrap().contains("callbackUri"));
    let a = s
        .send(
            Method::GET,
            "/oauth-callback?callbackUri=https%3A%2F%2Fapp.example.com%2Fr%3Fcode%3Dx",
            None,
            None,
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(
        a.json()["error"].as_str().unwrap().contains("platform"),
        "{}",
        a.text
    );
}

#[tokio::test]
async fn oauth_callback_applies_the_overriding_oauth_option() {
    let s = setup(true).await;
    let a = s.callback(&format!("code={GOOD_CODE}")).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let requests = lock(&s.provider.state).requests.clone();
    let (headers, query, _) = &requests[0];
    assert_eq!(
        headers.get("x-tenant").map(String::as_str),
        Some("tenant-for-good-code")
    );
    assert_eq!(query, "tenant=t1");
    let form = &requests[0].2;
    assert_eq!(form["resource"], "crm-api");
    assert_eq!(form["redirect_uri"], "https://override.example/cb");
    assert_eq!(form["code"], GOOD_CODE);
}

#[tokio::test]
async fn oauth_callback_and_refresh_use_the_admin_managed_client_of_the_account() {
    let s = setup_full(false, None, true).await;
    let a = s.callback(&format!("code={GOOD_CODE}")).await; // rcAccountId=acc-1
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let admin = format!(
        "Basic {}",
        b64(&format!("{ADMIN_CLIENT_ID}:{ADMIN_CLIENT_SECRET}"))
    );
    let first = lock(&s.provider.state).requests[0]
        .0
        .get("authorization")
        .cloned();
    assert_eq!(first.as_deref(), Some(admin.as_str()));

    // A refresh of this account's user uses the admin's client too.
    let mut user = s.stored().await.unwrap();
    user.token_expiry = Some(chrono::Utc::now() - chrono::Duration::seconds(1));
    s.store.put_user(user).await.unwrap();
    let token = a.json()["jwtToken"].as_str().unwrap().to_owned();
    assert_eq!(s.find_contact(&token).await.json()["successful"], true);
    let requests = lock(&s.provider.state).requests.clone();
    let (headers, _, form) = requests.last().unwrap();
    assert_eq!(form["grant_type"], "refresh_token");
    assert_eq!(headers.get("authorization"), Some(&admin));
}

// ---------------------------------------------------------------- refresh

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oauth_twenty_concurrent_requests_with_an_expired_token_refresh_once() {
    let s = Arc::new(setup(false).await);
    let token = s.expired_user().await;
    let before = s.stored().await.unwrap();
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let s = s.clone();
            let token = token.clone();
            tokio::spawn(async move { s.find_contact(&token).await })
        })
        .collect();
    for task in tasks {
        let a = task.await.unwrap();
        assert_eq!(a.status, StatusCode::OK, "{}", a.text);
        assert_eq!(a.json()["successful"], true, "{}", a.text);
    }
    assert_eq!(s.provider.refresh_grants.load(Ordering::SeqCst), 1);
    assert_eq!(lock(&s.crm.seen).iter().filter(|ok| **ok).count(), 20);
    let after = s.stored().await.unwrap();
    assert!(after.is_connected());
    assert_ne!(
        after.refresh_token, before.refresh_token,
        "rotated refresh token saved"
    );
    assert!(after.token_expiry.unwrap() > chrono::Utc::now() + chrono::Duration::seconds(3500));
    // The refresh grant carries the refresh token and Basic client credentials.
    let requests = lock(&s.provider.state).requests.clone();
    let (_, _, form) = requests.last().unwrap();
    assert_eq!(form["grant_type"], "refresh_token");
    assert_eq!(
        Some(form["refresh_token"].as_str()),
        before.refresh_token.as_ref().map(Secret::expose)
    );
}

#[tokio::test]
async fn oauth_invalid_grant_is_401_session_revoked_and_the_connector_is_not_called() {
    let s = setup(false).await;
    let token = s.expired_user().await;
    lock(&s.provider.state).refresh.clear(); // the provider revoked every grant
    let a = s.find_contact(&token).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{}", a.text);
    assert_eq!(a.json()["errorCode"], "CRM_SESSION_REVOKED");
    assert_eq!(a.message(), "User session expired. Please connect again.");
    assert_eq!(s.crm.find_calls.load(Ordering::SeqCst), 0);
    assert_eq!(s.provider.refresh_grants.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn oauth_transient_failures_are_retried_and_never_sign_the_user_out() {
    let s = setup(false).await;
    let token = s.expired_user().await;
    lock(&s.provider.state).transient = 2;
    let a = s.find_contact(&token).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json()["successful"], true, "{}", a.text);
    assert_eq!(s.provider.refresh_grants.load(Ordering::SeqCst), 3);

    let token = s.expired_user().await;
    lock(&s.provider.state).transient = 10;
    let a = s.find_contact(&token).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json()["successful"], false);
    assert!(
        a.message().contains("Cannot refresh the CRM session"),
        "{}",
        a.text
    );
    assert!(s.stored().await.unwrap().is_connected(), "still signed in");
    assert_eq!(s.crm.find_calls.load(Ordering::SeqCst), 1);
}

/// A user store whose first reads answer what another process saw before it refreshed.
#[derive(Clone)]
struct StaleFirst {
    inner: MemoryStore,
    stale: Arc<Mutex<Option<(User, usize)>>>,
}

#[async_trait]
impl UserStore for StaleFirst {
    async fn get_user(
        &self,
        platform: &str,
        id: &str,
    ) -> std::result::Result<Option<User>, StoreError> {
        {
            let mut stale = lock(&self.stale);
            if let Some((user, left)) = stale.as_mut()
                && *left > 0
            {
                *left -= 1;
                return Ok(Some(user.clone()));
            }
        }
        self.inner.get_user(platform, id).await
    }
    async fn put_user(&self, user: User) -> std::result::Result<(), StoreError> {
        self.inner.put_user(user).await
    }
    async fn delete_user(&self, platform: &str, id: &str) -> std::result::Result<(), StoreError> {
        self.inner.delete_user(platform, id).await
    }
}

#[tokio::test]
async fn oauth_invalid_grant_after_another_process_rotated_uses_the_stored_token() {
    let users = MemoryStore::new();
    let stale = StaleFirst {
        inner: users.clone(),
        stale: Arc::default(),
    };
    let s = setup_with(false, Some(stale.clone())).await;
    // The old pair this process read (its refresh token already used by "another process").
    let (old_access, old_refresh) = s.provider.grant_pair();
    lock(&s.provider.state).refresh.remove(&old_refresh);
    let mut old = User::new(USER_ID, PLATFORM);
    old.access_token = Secret::new(old_access);
    old.refresh_token = Some(Secret::new(old_refresh));
    old.token_expiry = Some(chrono::Utc::now() - chrono::Duration::seconds(10));
    // What the other process stored after its refresh.
    let (new_access, new_refresh) = s.provider.grant_pair();
    let mut fresh = old.clone();
    fresh.access_token = Secret::new(new_access.clone());
    fresh.refresh_token = Some(Secret::new(new_refresh));
    fresh.token_expiry = Some(chrono::Utc::now() + chrono::Duration::seconds(3600));
    users.put_user(fresh).await.unwrap();
    // The session check and the re-read under the lock both see the stale row.
    *lock(&stale.stale) = Some((old, 2));

    let token = s.keys.issue(USER_ID, PLATFORM).unwrap().expose().to_owned();
    let a = s.find_contact(&token).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json()["successful"], true, "{}", a.text);
    assert_eq!(
        s.provider.refresh_grants.load(Ordering::SeqCst),
        1,
        "one refused grant, no second"
    );
    assert_eq!(
        users
            .get_user(PLATFORM, USER_ID)
            .await
            .unwrap()
            .unwrap()
            .access_token
            .expose(),
        new_access
    );
}

// ---------------------------------------------------------------- lifecycle routes

#[tokio::test]
async fn oauth_unauthorize_refuses_the_session_everywhere_until_sign_in_again() {
    let s = setup(false).await;
    let signed = s.callback(&format!("code={GOOD_CODE}")).await;
    let token = signed.json()["jwtToken"].as_str().unwrap().to_owned();

    let out = s
        .send(Method::POST, "/unAuthorize", Some(&token), None)
        .await;
    assert_eq!(out.status, StatusCode::OK, "{}", out.text);
    assert_contract("POST", "/unAuthorize", &out);
    assert_eq!(out.json()["message"], "Logged out of the CRM");
    assert_eq!(s.crm.un_authorize_calls.load(Ordering::SeqCst), 1);
    let user = s.stored().await.unwrap();
    assert!(!user.is_connected() && user.refresh_token.is_none());

    let phone = "%2B14155550100";
    let routes: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, format!("/contact?phoneNumber={phone}"), None),
        (
            Method::POST,
            "/contact".into(),
            Some(json!({ "phoneNumber": "+14155550100", "newContactName": "A" })),
        ),
        (Method::GET, "/custom/contact/search?name=Ada".into(), None),
        (Method::GET, "/callLog?sessionIds=s1".into(), None),
        (
            Method::POST,
            "/callLog".into(),
            Some(support::create_call_body("s1")),
        ),
        (
            Method::PATCH,
            "/callLog".into(),
            Some(json!({ "sessionId": "s1" })),
        ),
        (
            Method::POST,
            "/messageLog".into(),
            Some(support::message_body("c1", &["m1"], 1)),
        ),
        (
            Method::PUT,
            "/callDisposition".into(),
            Some(json!({ "sessionId": "s1", "dispositions": {} })),
        ),
        (Method::POST, "/unAuthorize".into(), None),
    ];
    for (method, uri, body) in routes {
        let a = s.send(method.clone(), &uri, Some(&token), body).await;
        // Refused by the session check itself, before any body or connector work.
        let refused = a.status == StatusCode::OK
            && a.json()["successful"] == false
            && a.message() == "User not found";
        assert!(
            refused,
            "{method} {uri} still served after unAuthorize: {} {}",
            a.status, a.text
        );
    }
    let host = s.send(Method::GET, "/hostname", Some(&token), None).await;
    assert_eq!(host.status, StatusCode::BAD_REQUEST, "{}", host.text);
    let valid = s
        .send(Method::GET, "/authValidation", Some(&token), None)
        .await;
    assert_eq!(valid.json()["successful"], false, "{}", valid.text);
    assert_contract("GET", "/authValidation", &valid);
    let refresh = s
        .send(Method::POST, "/user/refreshInfo", Some(&token), None)
        .await;
    assert_eq!(refresh.json()["successful"], false, "{}", refresh.text);
    assert_contract("POST", "/user/refreshInfo", &refresh);
    assert_eq!(s.crm.find_calls.load(Ordering::SeqCst), 0);

    // Signing in again works.
    lock(&s.provider.state).codes.insert("second-code".into());
    let again = s.callback("code=second-code").await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    let token = again.json()["jwtToken"].as_str().unwrap().to_owned();
    assert_eq!(s.find_contact(&token).await.json()["successful"], true);
}

#[tokio::test]
async fn oauth_lifecycle_routes_answer_the_contract_shapes() {
    let s = setup(false).await;
    let signed = s.callback(&format!("code={GOOD_CODE}")).await;
    let token = signed.json()["jwtToken"].as_str().unwrap().to_owned();

    let host = s.send(Method::GET, "/hostname", Some(&token), None).await;
    assert_eq!(
        (host.status, host.text.as_str()),
        (StatusCode::OK, "crm.example.com")
    );
    assert_eq!(
        s.send(Method::GET, "/hostname", None, None).await.status,
        StatusCode::BAD_REQUEST
    );

    let valid = s
        .send(Method::GET, "/authValidation", Some(&token), None)
        .await;
    assert_eq!(valid.status, StatusCode::OK);
    assert_eq!(valid.json()["successful"], true, "{}", valid.text);
    assert_contract("GET", "/authValidation", &valid);

    let refresh = s
        .send(Method::POST, "/user/refreshInfo", Some(&token), None)
        .await;
    assert_eq!(refresh.json()["successful"], true, "{}", refresh.text);
    assert_contract("POST", "/user/refreshInfo", &refresh);

    let hash = s
        .send(
            Method::GET,
            "/userInfoHash?extensionId=101&accountId=acc-1",
            None,
            None,
        )
        .await;
    assert_eq!(hash.status, StatusCode::OK);
    assert_contract("GET", "/userInfoHash", &hash);
    use sha2::Digest;
    let expected = |id: &str| {
        sha2::Sha256::digest(format!("{id}:deployment-hash-key").as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert_eq!(hash.json()["extensionId"], expected("101"));
    assert_eq!(hash.json()["accountId"], expected("acc-1"));
    let missing = s.send(Method::GET, "/userInfoHash", None, None).await;
    assert_eq!(missing.json()["extensionId"], expected("undefined"));
}

#[tokio::test]
async fn oauth_refreshed_session_header_only_for_a_known_signed_in_user() {
    let provider = Provider::start().await;
    let crm = Arc::new(OAuthCrm::new(provider, false));
    // Every token is due for rotation: the window is longer than the lifetime.
    let keys = support::keys().with_refresh_window(Duration::from_secs(30 * 86_400));
    let store = MemoryStore::new();
    let server = ConnectorServer::builder(keys.clone())
        .connector_arc(crm)
        .stores(store.clone())
        .build()
        .unwrap();
    let alive = |token: String| {
        let server = server.clone();
        async move {
            let request = Request::get("/isAlive")
                .header(http::header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Vec::new())
                .unwrap();
            server.handle(request).await
        }
    };
    let unknown_user = keys.issue("nobody", PLATFORM).unwrap().expose().to_owned();
    assert!(
        alive(unknown_user)
            .await
            .headers()
            .get(REFRESHED_TOKEN_HEADER)
            .is_none()
    );
    let unknown_platform = keys
        .issue(USER_ID, "noSuchCRM")
        .unwrap()
        .expose()
        .to_owned();
    assert!(
        alive(unknown_platform)
            .await
            .headers()
            .get(REFRESHED_TOKEN_HEADER)
            .is_none()
    );

    let mut user = User::new(USER_ID, PLATFORM);
    user.access_token = Secret::new("at".to_owned());
    store.put_user(user.clone()).await.unwrap();
    let known = keys.issue(USER_ID, PLATFORM).unwrap().expose().to_owned();
    let rotated = alive(known.clone()).await;
    let fresh = rotated
        .headers()
        .get(REFRESHED_TOKEN_HEADER)
        .expect("rotated");
    assert_eq!(keys.verify(fresh.to_str().unwrap()).unwrap().id, USER_ID);

    user.access_token = Secret::default(); // signed out
    store.put_user(user).await.unwrap();
    assert!(
        alive(known)
            .await
            .headers()
            .get(REFRESHED_TOKEN_HEADER)
            .is_none()
    );
}

// ---------------------------------------------------------------- authors' own routes

#[tokio::test]
async fn oauth_authenticate_gives_authors_routes_the_user_context_and_helpers() {
    let s = setup(false).await;
    let token = s.expired_user().await;
    let mut other = User::new("43-oauthCRM", PLATFORM);
    other.access_token = Secret::new("at-other".to_owned());
    s.store.put_user(other).await.unwrap();

    let request = Request::get("/my/report")
        .header(http::header::AUTHORIZATION, format!("Bearer {token}"))
        .body(())
        .unwrap();
    let (parts, ()) = request.into_parts();
    let signed = s.server.authenticate(&parts).await.expect("signed in");
    assert_eq!(
        (signed.platform(), signed.user().id.as_str()),
        (PLATFORM, USER_ID)
    );
    // The expired token was refreshed on the way in.
    assert!(s.provider.is_valid(signed.auth_header()));
    assert_eq!(s.provider.refresh_grants.load(Ordering::SeqCst), 1);

    let cx = signed.context();
    assert_eq!(cx.hostname().unwrap(), "crm.example.com");
    let reloaded = cx.reload_user().await.unwrap();
    assert_eq!(reloaded.access_token, signed.user().access_token);
    assert!(cx.other_user("43-oauthCRM").await.unwrap().is_some());
    assert!(cx.other_user("44-oauthCRM").await.unwrap().is_none());
    let assigned = s.keys.issue("43-oauthCRM", PLATFORM).unwrap();
    assert_eq!(
        cx.verify_session_token(assigned.expose()).unwrap().id,
        "43-oauthCRM"
    );
    let foreign = s.keys.issue("43-oauthCRM", "otherCRM").unwrap();
    assert!(cx.verify_session_token(foreign.expose()).is_err());

    // Without a session the error is the complete 400 answer.
    let (parts, ()) = Request::get("/my/report").body(()).unwrap().into_parts();
    let refused = s.server.authenticate(&parts).await.unwrap_err();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
}

// ---------------------------------------------------------------- dispositions

#[tokio::test]
async fn oauth_call_disposition_reaches_the_logged_activity() {
    let s = setup(false).await;
    let token = s.expired_user().await;
    let mut row = ExistingCallLog::default();
    row.id = "call-1".into();
    row.session_id = "s-1".into();
    row.extension_number = "101".into();
    row.third_party_log_id = "crm-77".into();
    // Linkage is keyed by platform: a row of no platform is not this connector's.
    row.platform = PLATFORM.into();
    s.store.insert_call_log(row).await.unwrap();

    let body = json!({ "sessionId": "s-1", "extensionNumber": "101", "dispositions": { "outcome": "Qualified" } });
    let a = s
        .send(Method::PUT, "/callDisposition", Some(&token), Some(body))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("PUT", "/callDisposition", &a);
    assert_eq!(a.json()["successful"], true);
    assert_eq!(a.json()["logId"], "crm-77");
    let seen = lock(&s.crm.dispositions).clone();
    assert_eq!(
        seen,
        vec![("crm-77".to_owned(), json!({ "outcome": "Qualified" }))]
    );

    let unknown = json!({ "sessionId": "s-404", "dispositions": {} });
    let a = s
        .send(Method::PUT, "/callDisposition", Some(&token), Some(unknown))
        .await;
    assert_eq!(a.json()["successful"], false);
    assert_eq!(a.message(), "Cannot find log");
    let missing = s
        .send(
            Method::PUT,
            "/callDisposition",
            Some(&token),
            Some(json!({ "dispositions": {} })),
        )
        .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert!(
        missing.json()["error"]
            .as_str()
            .unwrap()
            .contains("sessionId")
    );
}
