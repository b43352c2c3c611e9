//! A shared in-memory recording connector and a request harness for the server tests.
//!
//! Use with `mod common; mod support;` (the OpenAPI check reads the spec via `common`).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use app_connect_sdk::compose::LogFormat;
use app_connect_sdk::connector::{
    ApiKeyConnector, Connector, ConnectorError, ContactCreation, ContactSearch, Context,
    LicenseStatusCheck, MessageLogging, OAuthConnector, Result, SignIn, TokenRefresh,
};
use app_connect_sdk::http::{self, HeaderMap, Method, Request, StatusCode};
use app_connect_sdk::models::{
    CallLogInfo, Contact, CreateCallLogParams, CreateContactParams, CreateContactResult,
    CreateMessageLogParams, FindContactParams, FindContactResult, FindContactWithNameParams,
    GetCallLogParams, GetCallLogResult, GetUserInfoParams, LicenseStatus, LogResult,
    MutationResult, OAuthInfo, OAuthInfoParams, PlatformUserInfo, ReturnMessage, Secret,
    UpdateCallLogParams, UpdateCallLogResult, UpdateMessageLogParams, UpdateMessageLogResult, User,
    UserInfoResult, UserSettings,
};
use app_connect_sdk::server::ConnectorServer;
use app_connect_sdk::server::session::SessionKeys;
use app_connect_sdk::server::store::{MemoryStore, UserStore};
use async_trait::async_trait;
use serde_json::{Value, json};

/// The platform name of the test connector.
pub const PLATFORM: &str = "testCRM";
/// The stored user id of the signed-in test user.
pub const USER_ID: &str = "u1-testCRM";
/// The server secret of the tests.
pub const SECRET: &str = "server-tests-secret-of-at-least-32-bytes";
/// The API key the test CRM accepts.
pub const GOOD_KEY: &str = "good-key";
/// The phone number of the one contact the test CRM knows.
pub const KNOWN_PHONE: &str = "+14155550100";

/// What an interface does when called.
#[derive(Clone, Debug)]
pub enum Failure {
    /// Returns `ConnectorError::crm(status, message)`.
    Crm(u16, &'static str),
    /// Panics.
    Panic,
    /// Returns `ConnectorError::crm_source(status, message, io::Error::other(source))`.
    CrmSource(u16, &'static str, &'static str),
}

/// What the test CRM can do; all optional capabilities are on by default.
#[derive(Clone, Debug)]
pub struct Options {
    pub format: LogFormat,
    pub contact_creation: bool,
    pub contact_search: bool,
    pub message_logging: bool,
    /// Add the "create new contact" placeholder to every lookup.
    pub placeholder: bool,
    /// Delay inside createCallLog (widens the race window of concurrency tests).
    pub create_delay: Option<Duration>,
    /// createCallLog waits here (so N creates can only finish when N run at once).
    pub create_barrier: Option<Arc<tokio::sync::Barrier>>,
    /// createCallLog returns no log id.
    pub create_without_id: bool,
    /// createMessageLog returns no log id.
    pub message_without_id: bool,
    /// getUserInfo returns this `overridingApiKey`.
    pub overriding_key: Option<&'static str>,
    /// getCallLog returns the body as `note` instead of `fullBody`.
    pub body_in_note: bool,
    /// An OAuth connector (with token refresh) instead of an API-key one.
    pub oauth: bool,
    /// The OAuth token refresh reports the session revoked.
    pub revoked: bool,
    /// findContact reports `extraDataTracking: { ratelimitRemaining: 97 }`.
    pub tracking: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            format: LogFormat::PlainText,
            contact_creation: true,
            contact_search: true,
            message_logging: true,
            placeholder: false,
            create_delay: None,
            create_barrier: None,
            create_without_id: false,
            message_without_id: false,
            overriding_key: None,
            body_in_note: false,
            oauth: false,
            revoked: false,
            tracking: false,
        }
    }
}

/// An in-memory CRM that records every call it receives.
#[derive(Debug)]
pub struct Crm {
    pub options: Options,
    /// `(interface, params as JSON)` in call order.
    calls: Mutex<Vec<(String, Value)>>,
    /// Activity bodies by CRM id.
    bodies: Mutex<BTreeMap<String, String>>,
    failures: Mutex<BTreeMap<String, Failure>>,
    next_id: AtomicU64,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Crm {
    pub fn new(options: Options) -> Self {
        Crm {
            options,
            calls: Mutex::default(),
            bodies: Mutex::default(),
            failures: Mutex::default(),
            next_id: AtomicU64::new(1),
        }
    }

    /// Makes `interface` fail (or panic) from now on.
    pub fn fail(&self, interface: &str, failure: Failure) {
        lock(&self.failures).insert(interface.to_owned(), failure);
    }

    /// Makes `interface` work again.
    pub fn heal(&self, interface: &str) {
        lock(&self.failures).remove(interface);
    }

    /// Every recorded call.
    pub fn calls(&self) -> Vec<(String, Value)> {
        lock(&self.calls).clone()
    }

    /// The params of every call to `interface`.
    pub fn calls_to(&self, interface: &str) -> Vec<Value> {
        lock(&self.calls)
            .iter()
            .filter(|(name, _)| name == interface)
            .map(|(_, params)| params.clone())
            .collect()
    }

    /// How many calls `interface` received.
    pub fn count(&self, interface: &str) -> usize {
        self.calls_to(interface).len()
    }

    /// The body of activity `id`.
    pub fn body(&self, id: &str) -> Option<String> {
        lock(&self.bodies).get(id).cloned()
    }

    /// Overwrites the body of activity `id` (a user editing it in the CRM).
    pub fn set_body(&self, id: &str, body: String) {
        lock(&self.bodies).insert(id.to_owned(), body);
    }

    fn record(&self, interface: &str, params: Value) -> Result<()> {
        lock(&self.calls).push((interface.to_owned(), params));
        let failure = lock(&self.failures).get(interface).cloned();
        match failure {
            None => Ok(()),
            Some(Failure::Crm(status, message)) => Err(ConnectorError::crm(
                StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                message,
            )),
            Some(Failure::Panic) => panic!("test connector panics in {interface}"),
            Some(Failure::CrmSource(status, message, source)) => Err(ConnectorError::crm_source(
                StatusCode::from_u16(status).ok(),
                message,
                std::io::Error::other(source),
            )),
        }
    }

    fn new_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

impl ApiKeyConnector for Crm {
    fn basic_auth(&self, api_key: &str) -> String {
        format!("{api_key}:")
    }
}

#[async_trait]
impl Connector for Crm {
    fn platform(&self) -> &str {
        PLATFORM
    }

    fn auth(&self) -> SignIn<'_> {
        if self.options.oauth {
            SignIn::OAuth(self)
        } else {
            SignIn::ApiKey(self)
        }
    }

    fn log_format(&self) -> LogFormat {
        self.options.format.clone()
    }

    async fn get_user_info(
        &self,
        cx: &Context,
        params: GetUserInfoParams,
    ) -> Result<UserInfoResult> {
        let key = params
            .api_key
            .as_ref()
            .map(|k| k.expose().to_owned())
            .unwrap_or_default();
        self.record(
            "getUserInfo",
            json!({
                "apiKeyGood": key == GOOD_KEY,
                // What the connector could see of an App Connect session token.
                "cxAuthorization": cx.headers().contains_key(http::header::AUTHORIZATION),
            }),
        )?;
        if key != GOOD_KEY {
            return Ok(UserInfoResult::failure(
                ReturnMessage::warning("Invalid API key").with_ttl(3000),
            ));
        }
        let mut info = PlatformUserInfo::new("u1", "Test User");
        info.overriding_api_key = self
            .options
            .overriding_key
            .map(|k| Secret::new(k.to_owned()));
        Ok(UserInfoResult::success(info))
    }

    async fn find_contact(
        &self,
        cx: &Context,
        params: FindContactParams,
    ) -> Result<FindContactResult> {
        let mut seen = to_json(&params);
        if let Some(map) = seen.as_object_mut() {
            // What the connector could see of App Connect's session token.
            map.insert("cxJwtQuery".into(), cx.query("jwtToken").is_some().into());
            map.insert(
                "cxAuthorization".into(),
                cx.headers()
                    .contains_key(http::header::AUTHORIZATION)
                    .into(),
            );
            map.insert("cxAuthHeader".into(), cx.auth_header().into());
            map.insert(
                "cxRcToken".into(),
                (cx.headers().contains_key("x-rc-access-token")
                    || cx.query("rcAccessToken").is_some())
                .into(),
            );
            map.insert(
                "cxAccountHeader".into(),
                cx.headers().contains_key("rc-account-id").into(),
            );
        }
        self.record("findContact", seen)?;
        let mut contacts = Vec::new();
        if params.phone_number == KNOWN_PHONE {
            contacts.push(
                Contact::new(42, "Ada Lovelace")
                    .with_phone(KNOWN_PHONE)
                    .with_type("Contact"),
            );
        }
        if self.options.placeholder {
            contacts.push(Contact::create_new_placeholder());
        }
        let found = FindContactResult::found(contacts);
        if self.options.tracking {
            let mut tracking = app_connect_sdk::models::ExtraDataTracking::new();
            tracking.insert("ratelimitRemaining".into(), json!(97));
            return Ok(found.with_tracking(tracking));
        }
        Ok(found)
    }

    async fn create_call_log(&self, _: &Context, params: CreateCallLogParams) -> Result<LogResult> {
        self.record("createCallLog", to_json(&params))?;
        if let Some(delay) = self.options.create_delay {
            tokio::time::sleep(delay).await;
        }
        if let Some(barrier) = &self.options.create_barrier {
            barrier.wait().await;
        }
        if self.options.create_without_id {
            return Ok(LogResult::failure(ReturnMessage::warning("CRM refused")));
        }
        let id = self.new_id();
        let body = if params.composed_log_details.is_empty() {
            params.note.clone().unwrap_or_default()
        } else {
            params.composed_log_details.clone()
        };
        self.set_body(&id.to_string(), body);
        Ok(LogResult::logged(id as i64)
            .with_message(ReturnMessage::success("Call logged").with_ttl(2000)))
    }

    async fn update_call_log(
        &self,
        _: &Context,
        params: UpdateCallLogParams,
    ) -> Result<UpdateCallLogResult> {
        self.record("updateCallLog", to_json(&params))?;
        let id = params.existing_call_log.third_party_log_id.clone();
        if !params.composed_log_details.is_empty() {
            self.set_body(&id, params.composed_log_details.clone());
        }
        Ok(UpdateCallLogResult::updated(
            self.body(&id).unwrap_or_default(),
        ))
    }

    async fn get_call_log(
        &self,
        _: &Context,
        params: GetCallLogParams,
    ) -> Result<GetCallLogResult> {
        self.record("getCallLog", to_json(&params))?;
        let mut info = CallLogInfo::new("A call");
        if self.options.body_in_note {
            info.note = self.body(&params.call_log_id);
        } else {
            info.full_body = self.body(&params.call_log_id);
        }
        info.full_log_response = Some(json!({ "crmId": params.call_log_id }));
        Ok(GetCallLogResult::found(info))
    }

    fn contact_search(&self) -> Option<&dyn ContactSearch> {
        self.options.contact_search.then_some(self as _)
    }

    fn contact_creation(&self) -> Option<&dyn ContactCreation> {
        self.options.contact_creation.then_some(self as _)
    }

    fn message_logging(&self) -> Option<&dyn MessageLogging> {
        self.options.message_logging.then_some(self as _)
    }

    fn license_status(&self) -> Option<&dyn LicenseStatusCheck> {
        Some(self)
    }

    /// Refuses settings that submit the id `locked`; fails on the id `broken`.
    async fn on_update_user_settings(
        &self,
        _: &Context,
        submitted: &UserSettings,
        merged: &UserSettings,
    ) -> Result<MutationResult> {
        self.record(
            "onUpdateUserSettings",
            json!({ "submitted": submitted, "merged": merged }),
        )?;
        if submitted.get("broken").is_some() {
            return Err(ConnectorError::crm(
                StatusCode::INTERNAL_SERVER_ERROR,
                "settings service down",
            ));
        }
        if submitted.get("locked").is_some() {
            return Ok(MutationResult::failure(ReturnMessage::warning("locked")));
        }
        Ok(MutationResult::success())
    }
}

#[async_trait]
impl LicenseStatusCheck for Crm {
    async fn get_license_status(&self, _: &Context) -> Result<LicenseStatus> {
        self.record("getLicenseStatus", json!({}))?;
        Ok(LicenseStatus::valid("Pro"))
    }
}

#[async_trait]
impl OAuthConnector for Crm {
    async fn oauth_info(&self, _: &Context, _: OAuthInfoParams) -> Result<OAuthInfo> {
        self.record("getOauthInfo", Value::Null)?;
        Ok(OAuthInfo::default())
    }

    fn token_refresh(&self) -> Option<&dyn TokenRefresh> {
        Some(self)
    }
}

#[async_trait]
impl TokenRefresh for Crm {
    async fn check_and_refresh_access_token(
        &self,
        _: &Context,
        mut user: User,
    ) -> Result<Option<User>> {
        self.record("checkAndRefreshAccessToken", json!({ "userId": user.id }))?;
        if self.options.revoked {
            return Ok(None);
        }
        user.access_token = Secret::new("refreshed-token".to_owned());
        Ok(Some(user))
    }
}

#[async_trait]
impl ContactSearch for Crm {
    async fn find_contact_with_name(
        &self,
        _: &Context,
        params: FindContactWithNameParams,
    ) -> Result<FindContactResult> {
        self.record("findContactWithName", to_json(&params))?;
        let contacts = if "Ada Lovelace".contains(params.name.as_str()) {
            vec![Contact::new(42, "Ada Lovelace").with_phone(KNOWN_PHONE)]
        } else {
            Vec::new()
        };
        Ok(FindContactResult::found(contacts))
    }
}

#[async_trait]
impl ContactCreation for Crm {
    async fn create_contact(
        &self,
        _: &Context,
        params: CreateContactParams,
    ) -> Result<CreateContactResult> {
        self.record("createContact", to_json(&params))?;
        if params.new_contact_name.trim().is_empty() {
            return Ok(CreateContactResult::failure(
                ReturnMessage::warning("A new contact needs a name").with_ttl(3000),
            ));
        }
        let id = self.new_id();
        Ok(CreateContactResult::created(
            Contact::new(id as i64, params.new_contact_name.clone())
                .with_phone(params.phone_number.clone()),
        ))
    }
}

#[async_trait]
impl MessageLogging for Crm {
    async fn create_message_log(
        &self,
        _: &Context,
        params: CreateMessageLogParams,
    ) -> Result<LogResult> {
        self.record("createMessageLog", to_json(&params))?;
        if self.options.message_without_id {
            return Ok(LogResult::default());
        }
        Ok(LogResult::logged(format!("sms-{}", self.new_id())))
    }

    async fn update_message_log(
        &self,
        _: &Context,
        params: UpdateMessageLogParams,
    ) -> Result<UpdateMessageLogResult> {
        self.record("updateMessageLog", to_json(&params))?;
        Ok(UpdateMessageLogResult::default())
    }
}

/// A JSON (or text) answer of the server.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
}

impl Answer {
    /// The body as JSON; panics with the body when it is not JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("response is not JSON ({e}): {}", self.text))
    }

    /// `returnMessage.message`, or "".
    pub fn message(&self) -> String {
        self.json()["returnMessage"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

/// A server over one [`Crm`], with a signed-in user.
#[derive(Clone)]
pub struct Harness {
    pub server: ConnectorServer,
    pub crm: Arc<Crm>,
    pub store: MemoryStore,
    pub keys: SessionKeys,
    pub token: String,
}

pub fn keys() -> SessionKeys {
    SessionKeys::new(SECRET).expect("test secret is long enough")
}

impl Harness {
    pub async fn new(options: Options) -> Self {
        Self::with(options, |b| b).await
    }

    /// A harness whose builder is adjusted by `configure`.
    pub async fn with(
        options: Options,
        configure: impl FnOnce(
            app_connect_sdk::server::ServerBuilder,
        ) -> app_connect_sdk::server::ServerBuilder,
    ) -> Self {
        log_capture::install();
        let crm = Arc::new(Crm::new(options));
        let store = MemoryStore::new();
        let keys = keys();
        let builder = ConnectorServer::builder(keys.clone())
            .connector_arc(crm.clone())
            .stores(store.clone());
        let server = configure(builder).build().expect("server builds");
        let mut user = User::new(USER_ID, PLATFORM);
        user.access_token = Secret::new(GOOD_KEY.to_owned());
        store.put_user(user).await.expect("user stored");
        let token = keys
            .issue(USER_ID, PLATFORM)
            .expect("token issued")
            .expose()
            .to_owned();
        Harness {
            server,
            crm,
            store,
            keys,
            token,
        }
    }

    /// A request with the harness's session token.
    pub async fn call(&self, method: Method, uri: &str, body: Option<Value>) -> Answer {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        self.raw(method, uri, Some(&self.token), body.into_bytes())
            .await
    }

    /// A GET with the session token and extra headers.
    pub async fn get_with_headers(&self, uri: &str, headers: &[(&str, &str)]) -> Answer {
        let mut request = Request::builder().method(Method::GET).uri(uri).header(
            http::header::AUTHORIZATION,
            format!("Bearer {}", self.token),
        );
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(Vec::new()).expect("request builds");
        answer(self.server.handle(request).await)
    }

    /// A request with an explicit token (or none) and raw body bytes.
    pub async fn raw(
        &self,
        method: Method,
        uri: &str,
        token: Option<&str>,
        body: Vec<u8>,
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(token) = token {
            request = request.header(http::header::AUTHORIZATION, format!("Bearer {token}"));
        }
        if !body.is_empty() {
            request = request.header(http::header::CONTENT_TYPE, "application/json");
        }
        let request = request.body(body).expect("request builds");
        answer(self.server.handle(request).await)
    }
}

/// Turns a response into an [`Answer`].
pub fn answer(response: http::Response<Vec<u8>>) -> Answer {
    log_capture::assert_clean();
    let (parts, body) = response.into_parts();
    Answer {
        status: parts.status,
        headers: parts.headers,
        text: String::from_utf8(body).expect("response is UTF-8"),
    }
}

/// A `POST /callLog` body for `session_id`.
pub fn create_call_body(session_id: &str) -> Value {
    json!({
        "logInfo": {
            "id": format!("call-{session_id}"),
            "sessionId": session_id,
            "telephonySessionId": format!("tel-{session_id}"),
            "direction": "Inbound",
            "startTime": 1_700_000_000_000_i64,
            "duration": 65,
            "result": "Call connected",
            "from": { "phoneNumber": KNOWN_PHONE, "name": "Ada Lovelace" },
            "to": { "phoneNumber": "+14155550199", "extensionNumber": "101", "name": "Agent" }
        },
        "contactId": 42,
        "contactType": "Contact",
        "contactName": "Ada Lovelace",
        "note": "Discussed the renewal."
    })
}

/// A `POST /messageLog` body.
pub fn message_body(
    conversation_log_id: &str,
    message_ids: &[&str],
    correspondents: usize,
) -> Value {
    let messages: Vec<Value> = message_ids
        .iter()
        .map(|id| {
            json!({
                "id": id,
                "type": "SMS",
                "direction": "Inbound",
                "subject": format!("text {id}"),
                "creationTime": "2026-11-21T08:00:00.000Z",
                "from": { "phoneNumber": KNOWN_PHONE },
                "to": [{ "phoneNumber": "+14155550199" }]
            })
        })
        .collect();
    let correspondents: Vec<Value> = (0..correspondents)
        .map(|i| json!({ "phoneNumber": format!("+1415555010{i}") }))
        .collect();
    json!({
        "logInfo": {
            "messages": messages,
            "correspondents": correspondents,
            "conversationId": "conv-1",
            "conversationLogId": conversation_log_id,
            "type": "SMS"
        },
        "contactId": "contact-456",
        "contactType": "Contact",
        "contactName": "Ada Lovelace"
    })
}

/// The OpenAPI document with `nullable` converted, or `None` (skip) when absent.
fn spec() -> Option<&'static Value> {
    static SPEC: OnceLock<Option<Value>> = OnceLock::new();
    SPEC.get_or_init(|| {
        crate::common::reference_json("reference/app-connect-server-openapi.json").map(|mut s| {
            crate::common::nullable_to_json_schema(&mut s);
            s
        })
    })
    .as_ref()
}

/// Checks a 200 JSON answer of `method path` against the OpenAPI response schema of that
/// operation (`$ref`s into `components` resolved). Skips when the spec is absent outside CI.
pub fn assert_contract(method: &str, path: &str, answer: &Answer) {
    let Some(spec) = spec() else { return };
    let status = answer.status.as_u16().to_string();
    let operation = &spec["paths"][path][method.to_ascii_lowercase()];
    assert!(
        operation.is_object(),
        "the OpenAPI has no operation {method} {path}"
    );
    assert!(
        operation["responses"].get(&status).is_some(),
        "{method} {path} answered {status}, which the OpenAPI does not list"
    );
    let mut response = &operation["responses"][&status];
    // A shared response (`#/components/responses/OkJson`) is a `$ref` too.
    if let Some(name) = response["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/components/responses/"))
    {
        response = &spec["components"]["responses"][name];
    }
    let mut schema = response["content"]["application/json"]["schema"].clone();
    if schema.is_null() {
        assert!(
            answer.status.is_client_error(),
            "{method} {path} {status}: no JSON schema to check against"
        );
        // App Connect documents 4xx bodies only as its `ErrorResponse`.
        schema = json!({ "$ref": "#/components/schemas/ErrorResponse" });
        assert!(
            answer.json().is_object(),
            "{method} {path} {status}: not a JSON object"
        );
    }
    let mut root = schema;
    if let Some(map) = root.as_object_mut() {
        map.insert("components".into(), spec["components"].clone());
    } else {
        panic!("schema of {method} {path} is not an object");
    }
    let validator = jsonschema::draft7::new(&root).expect("OpenAPI schemas compile as draft 7");
    let instance = answer.json();
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{method} {path} {status} does not conform to the OpenAPI:\n{}\nbody: {}",
        errors.join("\n"),
        answer.text
    );
}

/// Every test using [`Harness`] runs with the server's tracing captured at TRACE (events and
/// span closes with all their fields); each line is scanned for the secrets the tests use, and
/// every [`answer`] fails the test if one was ever logged (issue 13).
/// A subscriber for this thread only that writes every event and span close into a buffer
/// (`install` returns the guard that keeps it in place).
#[derive(Clone, Default)]
pub struct Capture(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Capture {
    /// Everything captured so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(
            &self
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
        .into_owned()
    }

    /// Makes this capture the thread's default subscriber (every `app_connect_sdk` level).
    pub fn install(&self) -> tracing::subscriber::DefaultGuard {
        let sink = self.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter("app_connect_sdk=trace")
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .with_ansi(false)
            .with_writer(move || sink.clone())
            .finish();
        tracing::subscriber::set_default(subscriber)
    }
}

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub mod log_capture {
    use std::io::Write;
    use std::sync::{Mutex, OnceLock, PoisonError};

    /// What must never appear in a log line: any JWT (`eyJ…`), auth header schemes, the
    /// server secret and every API key, CRM token and RingCentral token the tests use.
    pub const FORBIDDEN: &[&str] = &[
        "eyJ",
        "Bearer ",
        "Basic ",
        super::SECRET,
        super::GOOD_KEY,
        "Z29vZC1rZXk6", // base64("good-key:"), the Basic credentials
        "overridden-key",
        "other-crm-key",
        "refreshed-token",
        "rc-token-1",
        "rc-secret",
    ];

    static LEAKS: Mutex<Vec<String>> = Mutex::new(Vec::new());
    static LINES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

    /// The number of log lines scanned so far.
    pub fn lines() -> usize {
        LINES.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The lines of `text` that contain a forbidden string.
    pub fn leaks_in(text: &str) -> Vec<String> {
        text.lines()
            .filter(|line| FORBIDDEN.iter().any(|f| line.contains(f)))
            .map(str::to_owned)
            .collect()
    }

    struct Scan;

    impl Write for Scan {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let text = String::from_utf8_lossy(buf);
            LINES.fetch_add(text.lines().count(), std::sync::atomic::Ordering::Relaxed);
            let leaks = leaks_in(&text);
            if !leaks.is_empty() {
                LEAKS
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .extend(leaks);
            }
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Installs the scanning subscriber as the process's global default (once).
    pub fn install() {
        static ONCE: OnceLock<()> = OnceLock::new();
        ONCE.get_or_init(|| {
            let subscriber = tracing_subscriber::fmt()
                .with_env_filter("app_connect_sdk=trace")
                .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
                .with_ansi(false)
                .with_writer(|| Scan)
                .finish();
            let _ = tracing::subscriber::set_global_default(subscriber);
        });
    }

    /// Panics with the offending lines if any log line so far held a secret.
    pub fn assert_clean() {
        let leaks = LEAKS.lock().unwrap_or_else(PoisonError::into_inner);
        assert!(leaks.is_empty(), "secrets in log lines: {leaks:#?}");
    }
}
