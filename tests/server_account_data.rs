//! The runtime's caches (issue 12): `GET /accountData` over a connector's `AccountData`
//! capability, the contact-match cache of `GET /contact`, `POST /callLog/cacheNote` and the
//! note server-side logging reads, and the group-SMS correspondents `POST /messageLog` takes
//! from the contact cache. Every JSON answer is checked against the contract; connector
//! calls are counted to tell hits from misses.
#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

mod common;
mod support;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use app_connect_sdk::connector::{
    AccountData, ApiKeyConnector, CachedValue, Connector, ConnectorError, Context, Result, SignIn,
};
use app_connect_sdk::http::{Method, Request, StatusCode, header};
use app_connect_sdk::models::{
    CreateCallLogParams, FindContactParams, FindContactResult, GetCallLogParams, GetCallLogResult,
    GetUserInfoParams, LogResult, Secret, UpdateCallLogParams, UpdateCallLogResult, User,
    UserInfoResult,
};
use app_connect_sdk::server::store::{CacheStore, StoreError, UserStore};
use app_connect_sdk::server::{AUTHORIZE_CRM, InterfaceCall, Observer};
use serde_json::{Value, json};
use support::{
    Answer, Harness, KNOWN_PHONE, Options, PLATFORM, USER_ID, answer, assert_contract,
    create_call_body, message_body,
};

const GET: Method = Method::GET;
const POST: Method = Method::POST;
const ACCOUNT: &str = "rc-account-1";

// ---------------------------------------------------------------- a connector with account data

/// The platform of [`Accounts`].
const ACCOUNTED: &str = "acctCRM";
const ACCOUNTED_USER: &str = "u7-acctCRM";

/// A connector declaring `activityTypes` (24 h), `pipelines` (fresh for no time at all) and
/// `owners`; it counts its fetches and can fail or report the session revoked.
#[derive(Default)]
struct Accounts {
    fetches: Mutex<Vec<String>>,
    fail: AtomicBool,
    revoked: AtomicBool,
    generation: AtomicUsize,
}

impl Accounts {
    fn fetched(&self, key: &str) -> usize {
        self.fetches
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .filter(|k| *k == key)
            .count()
    }
}

impl ApiKeyConnector for Accounts {
    fn basic_auth(&self, api_key: &str) -> String {
        api_key.to_owned()
    }
}

#[async_trait::async_trait]
impl AccountData for Accounts {
    fn account_data_keys(&self) -> Vec<String> {
        vec!["activityTypes".into(), "pipelines".into(), "owners".into()]
    }

    fn account_data_ttl(&self, key: &str) -> Duration {
        if key == "pipelines" {
            Duration::ZERO
        } else {
            Duration::from_secs(24 * 3600)
        }
    }

    async fn fetch_account_data(&self, cx: &Context, key: &str) -> Result<Value> {
        assert!(
            cx.auth_header().is_some(),
            "the fetch gets the CRM auth header"
        );
        self.fetches
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(key.to_owned());
        if self.revoked.load(Ordering::SeqCst) {
            return Err(ConnectorError::SessionRevoked);
        }
        if self.fail.load(Ordering::SeqCst) {
            return Err(ConnectorError::crm(
                StatusCode::INTERNAL_SERVER_ERROR,
                "secret CRM text",
            ));
        }
        let generation = self.generation.fetch_add(1, Ordering::SeqCst);
        Ok(json!([{ "const": format!("{key}-{generation}"), "title": key }]))
    }
}

#[async_trait::async_trait]
impl Connector for Accounts {
    fn platform(&self) -> &str {
        ACCOUNTED
    }
    fn auth(&self) -> SignIn<'_> {
        SignIn::ApiKey(self)
    }
    async fn get_user_info(&self, _: &Context, _: GetUserInfoParams) -> Result<UserInfoResult> {
        Err(ConnectorError::other("not used"))
    }
    async fn find_contact(&self, _: &Context, _: FindContactParams) -> Result<FindContactResult> {
        Ok(FindContactResult::found(Vec::new()))
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
    fn account_data(&self) -> Option<&dyn AccountData> {
        Some(self)
    }
}

/// The harness with [`Accounts`] registered beside the test CRM, and a signed-in user of
/// [`ACCOUNTED`] in RingCentral account `account` (none: `None`).
async fn accounted(account: Option<&str>) -> (Harness, Arc<Accounts>, String) {
    let accounts = Arc::new(Accounts::default());
    let registered = Arc::clone(&accounts);
    let h = Harness::with(Options::default(), move |b| b.connector_arc(registered)).await;
    let token = sign_in(&h, ACCOUNTED, ACCOUNTED_USER, account).await;
    (h, accounts, token)
}

/// Stores a connected user of `platform` in `account` and returns its session token.
async fn sign_in(h: &Harness, platform: &str, id: &str, account: Option<&str>) -> String {
    let mut user = User::new(id, platform);
    user.access_token = Secret::new("key".to_owned());
    user.rc_account_id = account.map(str::to_owned);
    h.store.put_user(user).await.unwrap();
    h.keys.issue(id, platform).unwrap().expose().to_owned()
}

async fn get(h: &Harness, token: Option<&str>, uri: &str) -> Answer {
    let a = h.raw(GET, uri, token, Vec::new()).await;
    if a.status != StatusCode::BAD_REQUEST || a.text.starts_with('{') {
        let path = uri.split('?').next().unwrap();
        assert_contract("GET", path, &a);
    }
    a
}

// ---------------------------------------------------------------- GET /accountData

#[tokio::test]
async fn account_data_is_fetched_once_then_served_from_the_cache() {
    let (h, accounts, token) = accounted(Some(ACCOUNT)).await;
    let a = get(&h, Some(&token), "/accountData?keys=activityTypes").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(
        a.json(),
        json!({ "successful": true, "data": { "activityTypes": [{ "const": "activityTypes-0", "title": "activityTypes" }] } })
    );
    // Fresh for 24 h: the second request does not reach the connector.
    let again = get(&h, Some(&token), "/accountData?keys=activityTypes").await;
    assert_eq!(again.json(), a.json());
    assert_eq!(accounts.fetched("activityTypes"), 1);
    // The row is the account's, keyed by platform.
    let row = h
        .store
        .get_account_data(ACCOUNTED, ACCOUNT, "activityTypes")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.value, a.json()["data"]["activityTypes"]);
    assert!(row.expires_at.is_some());

    // forceRefresh=true refetches and stores the new value.
    let forced = get(
        &h,
        Some(&token),
        "/accountData?keys=activityTypes&forceRefresh=true",
    )
    .await;
    assert_eq!(accounts.fetched("activityTypes"), 2);
    assert_eq!(
        forced.json()["data"]["activityTypes"][0]["const"],
        "activityTypes-1"
    );
    let after = get(&h, Some(&token), "/accountData?keys=activityTypes").await;
    assert_eq!(after.json(), forced.json());
    assert_eq!(accounts.fetched("activityTypes"), 2);
}

#[tokio::test]
async fn several_keys_an_expired_key_and_another_user_of_the_account() {
    let (h, accounts, token) = accounted(Some(ACCOUNT)).await;
    let a = get(
        &h,
        Some(&token),
        "/accountData?keys=activityTypes,%20pipelines,,",
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let data = a.json()["data"].clone();
    assert_eq!(
        data.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["activityTypes", "pipelines"]
    );
    // `pipelines` is fresh for no time: every request fetches it again; the other key not.
    get(
        &h,
        Some(&token),
        "/accountData?keys=activityTypes,pipelines",
    )
    .await;
    assert_eq!(accounts.fetched("pipelines"), 2);
    assert_eq!(accounts.fetched("activityTypes"), 1);

    // Another user of the same RingCentral account shares the cache; another account not.
    let colleague = sign_in(&h, ACCOUNTED, "u8-acctCRM", Some(ACCOUNT)).await;
    get(&h, Some(&colleague), "/accountData?keys=activityTypes").await;
    assert_eq!(accounts.fetched("activityTypes"), 1);
    let stranger = sign_in(&h, ACCOUNTED, "u9-acctCRM", Some("rc-account-2")).await;
    get(&h, Some(&stranger), "/accountData?keys=activityTypes").await;
    assert_eq!(accounts.fetched("activityTypes"), 2);
}

#[tokio::test]
async fn a_failed_refetch_serves_the_stale_value_and_nothing_cached_is_400() {
    let (h, accounts, token) = accounted(Some(ACCOUNT)).await;
    // An expired row: the fetch runs, fails, and the stale value is served.
    let stale = json!(["stale"]);
    h.store
        .put_account_data(
            ACCOUNTED,
            ACCOUNT,
            "activityTypes",
            CachedValue::new(stale.clone(), Some(1)),
        )
        .await
        .unwrap();
    accounts.fail.store(true, Ordering::SeqCst);
    let a = get(&h, Some(&token), "/accountData?keys=activityTypes").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json()["data"]["activityTypes"], stale);
    assert_eq!(accounts.fetched("activityTypes"), 1);

    // Nothing cached: core answers 400 `{ error }`; the CRM's text is not in it.
    let a = get(&h, Some(&token), "/accountData?keys=owners").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
    assert!(a.json()["error"].as_str().unwrap().contains("owners"));
    assert!(!a.text.contains("secret CRM text"), "{}", a.text);

    // A revoked CRM session is 401 CRM_SESSION_REVOKED, stale value or not.
    accounts.revoked.store(true, Ordering::SeqCst);
    let a = get(&h, Some(&token), "/accountData?keys=activityTypes").await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{}", a.text);
    assert_eq!(a.json()["errorCode"], "CRM_SESSION_REVOKED");
}

#[tokio::test]
async fn account_data_refusals() {
    let (h, accounts, token) = accounted(Some(ACCOUNT)).await;
    // Unknown keys: 400 with core's message, nothing fetched.
    let a = get(
        &h,
        Some(&token),
        "/accountData?keys=activityTypes,nope,other",
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
    assert_eq!(a.json()["successful"], false);
    assert_eq!(
        a.json()["returnMessage"]["message"],
        "Unknown account data key(s): nope, other"
    );
    assert_eq!(accounts.fetched("activityTypes"), 0);
    // No keys: 400.
    for uri in ["/accountData", "/accountData?keys=", "/accountData?keys=,"] {
        let a = get(&h, Some(&token), uri).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}: {}", a.text);
        assert!(a.text.contains("keys"), "{}", a.text);
    }
    // No session, a forged one: 400 with the text the client shows.
    for token in [None, Some("not-a-jwt")] {
        let a = get(&h, token, "/accountData?keys=activityTypes").await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
        assert_eq!(a.json()["returnMessage"]["message"], AUTHORIZE_CRM);
    }
    // A connector without the capability knows no key.
    let a = get(&h, Some(&h.token), "/accountData?keys=activityTypes").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
    assert_eq!(
        a.json()["returnMessage"]["message"],
        "Unknown account data key(s): activityTypes"
    );
    // Only GET.
    let a = h
        .raw(
            POST,
            "/accountData?keys=activityTypes",
            Some(&token),
            Vec::new(),
        )
        .await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn a_user_without_rc_account_id_has_no_account_data() {
    let (h, accounts, token) = accounted(None).await;
    let a = get(&h, Some(&token), "/accountData?keys=activityTypes").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
    assert!(a.json()["error"].as_str().unwrap().contains("rcAccountId"));
    assert_eq!(accounts.fetched("activityTypes"), 0);
}

// ---------------------------------------------------------------- GET /contact's match cache

/// An observer recording `(interface, extraDataTracking.isCached)`.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<(String, bool)>>>);

impl Observer for Seen {
    fn interface_called(&self, call: &InterfaceCall<'_>) {
        let cached = call
            .extra_data_tracking
            .is_some_and(|t| t.get("isCached") == Some(&Value::Bool(true)));
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((call.interface.as_str().to_owned(), cached));
    }
}

/// The test CRM's user, now in RingCentral account [`ACCOUNT`].
async fn in_account(h: &Harness) {
    let mut user = h.store.get_user(PLATFORM, USER_ID).await.unwrap().unwrap();
    user.rc_account_id = Some(ACCOUNT.to_owned());
    h.store.put_user(user).await.unwrap();
}

fn contact_uri(phone: &str, force: bool) -> String {
    let phone = phone.replace('+', "%2B");
    let mut uri = format!("/contact?phoneNumber={phone}");
    if force {
        uri.push_str("&isForceRefreshAccountData=true");
    }
    uri
}

#[tokio::test]
async fn a_real_match_is_cached_per_account_and_force_refresh_bypasses_it() {
    let seen = Seen::default();
    let observer = seen.clone();
    let h = Harness::with(Options::default(), move |b| b.observer(observer)).await;
    in_account(&h).await;
    let first = get(&h, Some(&h.token), &contact_uri(KNOWN_PHONE, false)).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert_eq!(first.json()["contact"][0]["id"], 42);
    assert_eq!(h.crm.count("findContact"), 1);
    // Cached: same contacts, the CRM not asked, the observer told `isCached`.
    let second = get(&h, Some(&h.token), &contact_uri(KNOWN_PHONE, false)).await;
    assert_eq!(second.json()["contact"], first.json()["contact"]);
    assert_eq!(second.json()["successful"], true);
    assert_eq!(h.crm.count("findContact"), 1);
    let row = h
        .store
        .get_account_data(PLATFORM, ACCOUNT, &format!("contact-{KNOWN_PHONE}"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.value, first.json()["contact"]);
    assert_eq!(row.expires_at, None, "contact matches do not expire");
    assert_eq!(
        *seen.0.lock().unwrap(),
        [
            ("findContact".to_owned(), false),
            ("findContact".to_owned(), true)
        ]
    );
    // Force refresh asks the CRM again.
    let forced = get(&h, Some(&h.token), &contact_uri(KNOWN_PHONE, true)).await;
    assert_eq!(forced.json()["contact"], first.json()["contact"]);
    assert_eq!(h.crm.count("findContact"), 2);
    let params = h.crm.calls_to("findContact");
    assert_eq!(params[1]["isForceRefreshAccountData"], true);
}

#[tokio::test]
async fn no_real_match_or_no_account_is_never_cached() {
    // The placeholder alone is not a match.
    let h = Harness::new(Options {
        placeholder: true,
        ..Options::default()
    })
    .await;
    in_account(&h).await;
    for _ in 0..2 {
        let a = get(&h, Some(&h.token), &contact_uri("+14155550177", false)).await;
        assert_eq!(a.message(), "Contact not found");
    }
    assert_eq!(h.crm.count("findContact"), 2);
    assert!(
        h.store
            .get_account_data(PLATFORM, ACCOUNT, "contact-+14155550177")
            .await
            .unwrap()
            .is_none()
    );
    // A real match with the placeholder is cached whole.
    get(&h, Some(&h.token), &contact_uri(KNOWN_PHONE, false)).await;
    let cached = get(&h, Some(&h.token), &contact_uri(KNOWN_PHONE, false)).await;
    assert_eq!(h.crm.count("findContact"), 3);
    assert_eq!(cached.json()["contact"].as_array().unwrap().len(), 2);

    // A user without rcAccountId: every lookup reaches the CRM.
    let h = Harness::new(Options::default()).await;
    for _ in 0..2 {
        get(&h, Some(&h.token), &contact_uri(KNOWN_PHONE, false)).await;
    }
    assert_eq!(h.crm.count("findContact"), 2);
}

#[tokio::test]
async fn force_refresh_without_a_match_drops_the_stale_row_and_an_error_keeps_it() {
    let h = Harness::new(Options::default()).await;
    in_account(&h).await;
    let phone = "+14155550188";
    let key = format!("contact-{phone}");
    let stale = json!([{ "id": "old-1", "name": "Moved Away" }]);
    h.store
        .put_account_data(
            PLATFORM,
            ACCOUNT,
            &key,
            CachedValue::new(stale.clone(), None),
        )
        .await
        .unwrap();
    // Served from the cache without the CRM.
    let a = get(&h, Some(&h.token), &contact_uri(phone, false)).await;
    assert_eq!(a.json()["contact"], stale);
    assert_eq!(h.crm.count("findContact"), 0);
    // A failing CRM on a forced refresh keeps the row (core's answer for the error).
    h.crm
        .fail("findContact", support::Failure::Crm(500, "CRM down"));
    let a = get(&h, Some(&h.token), &contact_uri(phone, true)).await;
    assert_eq!(a.message(), "Error finding contact");
    assert!(
        h.store
            .get_account_data(PLATFORM, ACCOUNT, &key)
            .await
            .unwrap()
            .is_some()
    );
    // Forced, no match any more: the row goes, and the next lookup asks the CRM.
    h.crm.heal("findContact");
    let a = get(&h, Some(&h.token), &contact_uri(phone, true)).await;
    assert_eq!(a.message(), "Contact not found");
    assert!(
        h.store
            .get_account_data(PLATFORM, ACCOUNT, &key)
            .await
            .unwrap()
            .is_none()
    );
    get(&h, Some(&h.token), &contact_uri(phone, false)).await;
    assert_eq!(h.crm.count("findContact"), 3);
}

// ---------------------------------------------------------------- the call-note cache

/// A cache store that is down.
#[derive(Clone)]
struct DownCache;

fn down<T>() -> std::result::Result<T, StoreError> {
    Err(StoreError::Backend("cache is down".into()))
}

#[async_trait::async_trait]
impl CacheStore for DownCache {
    async fn get_account_data(
        &self,
        _: &str,
        _: &str,
        _: &str,
    ) -> std::result::Result<Option<CachedValue>, StoreError> {
        down()
    }
    async fn put_account_data(
        &self,
        _: &str,
        _: &str,
        _: &str,
        _: CachedValue,
    ) -> std::result::Result<(), StoreError> {
        down()
    }
    async fn delete_account_data(
        &self,
        _: &str,
        _: &str,
        _: &str,
    ) -> std::result::Result<(), StoreError> {
        down()
    }
    async fn put_call_note(
        &self,
        _: &str,
        _: &str,
        _: &str,
        _: i64,
    ) -> std::result::Result<(), StoreError> {
        down()
    }
    async fn get_call_note(
        &self,
        _: &str,
        _: &str,
        _: i64,
    ) -> std::result::Result<Option<String>, StoreError> {
        down()
    }
}

async fn cache_note(h: &Harness, token: Option<&str>, body: Value) -> Answer {
    let a = h
        .raw(
            POST,
            "/callLog/cacheNote",
            token,
            body.to_string().into_bytes(),
        )
        .await;
    assert_contract("POST", "/callLog/cacheNote", &a);
    a
}

/// A server-side logging `POST /callLog` (`User-Agent: SSCL`) of `body`.
async fn sscl_log(h: &Harness, body: &Value) -> Answer {
    let request = Request::builder()
        .method(POST)
        .uri("/callLog")
        .header(header::AUTHORIZATION, format!("Bearer {}", h.token))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::USER_AGENT, "SSCL")
        .body(body.to_string().into_bytes())
        .unwrap();
    let a = answer(h.server.handle(request).await);
    assert_contract("POST", "/callLog", &a);
    a
}

fn without_note(session_id: &str) -> Value {
    let mut body = create_call_body(session_id);
    body.as_object_mut().unwrap().remove("note");
    body
}

#[tokio::test]
async fn a_cached_note_is_logged_by_server_side_logging_without_a_note() {
    let h = Harness::with(Options::default(), |b| b.cache_call_note(true)).await;
    let a = cache_note(
        &h,
        Some(&h.token),
        json!({ "sessionId": "s-1", "note": "Call back on Friday" }),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(
        a.json(),
        json!({ "successful": true, "returnMessage": "Note cache saved" })
    );
    let a = sscl_log(&h, &without_note("s-1")).await;
    assert_eq!(a.json()["successful"], true, "{}", a.text);
    let created = h.crm.calls_to("createCallLog");
    assert_eq!(created[0]["note"], "Call back on Friday");
    assert!(
        created[0]["composedLogDetails"]
            .as_str()
            .unwrap()
            .contains("Call back on Friday"),
        "the composed body has the cached note"
    );

    // The request's own note wins; a request that is not server-side logging ignores the cache.
    cache_note(
        &h,
        Some(&h.token),
        json!({ "sessionId": "s-2", "note": "cached" }),
    )
    .await;
    let mut body = without_note("s-2");
    body["note"] = json!("typed by the agent");
    sscl_log(&h, &body).await;
    cache_note(
        &h,
        Some(&h.token),
        json!({ "sessionId": "s-3", "note": "cached" }),
    )
    .await;
    h.call(POST, "/callLog", Some(without_note("s-3"))).await;
    let created = h.crm.calls_to("createCallLog");
    assert_eq!(created[1]["note"], "typed by the agent");
    assert!(
        created[2].get("note").is_none_or(Value::is_null),
        "{}",
        created[2]
    );
}

#[tokio::test]
async fn without_cache_call_note_server_side_logging_reads_no_cache() {
    let h = Harness::new(Options::default()).await;
    // The route answers (a client may call it), but nothing reads the note back.
    let a = cache_note(
        &h,
        Some(&h.token),
        json!({ "sessionId": "s-1", "note": "n" }),
    )
    .await;
    assert_eq!(a.json()["successful"], true);
    sscl_log(&h, &without_note("s-1")).await;
    let created = h.crm.calls_to("createCallLog");
    assert!(
        created[0].get("note").is_none_or(Value::is_null),
        "{}",
        created[0]
    );
}

#[tokio::test]
async fn cache_note_refusals_and_a_store_failure() {
    let h = Harness::with(Options::default(), |b| b.cache_call_note(true)).await;
    // No session: 400 (core never answers; the client would hang).
    let a = cache_note(&h, None, json!({ "sessionId": "s-1", "note": "n" })).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
    assert_eq!(a.json()["returnMessage"]["message"], AUTHORIZE_CRM);
    let a = cache_note(
        &h,
        Some("forged"),
        json!({ "sessionId": "s-1", "note": "n" }),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
    // A body without a session id, or not JSON.
    let a = cache_note(&h, Some(&h.token), json!({ "note": "n" })).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
    assert!(a.text.contains("sessionId"), "{}", a.text);
    let a = cache_note(&h, Some(&h.token), json!({ "sessionId": " ", "note": "n" })).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
    let request = Request::builder()
        .method(POST)
        .uri("/callLog/cacheNote")
        .header(header::AUTHORIZATION, format!("Bearer {}", h.token))
        .header(header::CONTENT_TYPE, "text/plain")
        .body(br#"{"sessionId":"s-1","note":"n"}"#.to_vec())
        .unwrap();
    let a = answer(h.server.handle(request).await);
    assert_eq!(a.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", a.text);
    let a = h
        .raw(
            Method::GET,
            "/callLog/cacheNote",
            Some(&h.token),
            Vec::new(),
        )
        .await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);

    // The cache store is down: core's 200 failure for `saveNoteCache`.
    let h = Harness::with(Options::default(), |b| {
        b.cache_call_note(true).cache_store(DownCache)
    })
    .await;
    let a = cache_note(
        &h,
        Some(&h.token),
        json!({ "sessionId": "s-1", "note": "n" }),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json()["successful"], false);
    assert_eq!(a.message(), "Error performing saveNoteCache");
    assert!(!a.text.contains("cache is down"), "{}", a.text);
    // ... and server-side logging without a note cannot read it: Database operation failed.
    let a = sscl_log(&h, &without_note("s-1")).await;
    assert_eq!(a.message(), "Database operation failed");
    assert_eq!(h.crm.count("createCallLog"), 0);
    // A contact lookup does not fail because its cache is down.
    in_account(&h).await;
    let a = get(&h, Some(&h.token), &contact_uri(KNOWN_PHONE, false)).await;
    assert_eq!(a.json()["contact"][0]["id"], 42, "{}", a.text);
}

// ---------------------------------------------------------------- group SMS correspondents

#[tokio::test]
async fn group_sms_passes_the_other_correspondents_cached_matches() {
    let h = Harness::new(Options::default()).await;
    in_account(&h).await;
    // message_body's correspondents are +14155550100 (the contact) and +14155550101.
    let ada = json!([{ "id": "contact-456", "name": "Ada Lovelace" }]);
    let bob = json!([{ "id": "77", "name": "Bob Example", "phone": "+14155550101" }]);
    for (phone, contacts) in [("+14155550100", &ada), ("+14155550101", &bob)] {
        h.store
            .put_account_data(
                PLATFORM,
                ACCOUNT,
                &format!("contact-{phone}"),
                CachedValue::new(contacts.clone(), None),
            )
            .await
            .unwrap();
    }
    let a = h
        .call(
            POST,
            "/messageLog",
            Some(message_body("conv-log-1", &["m-2", "m-1"], 2)),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_contract("POST", "/messageLog", &a);
    assert_eq!(
        a.json()["logIds"],
        json!(["m-1-contact-456", "m-2-contact-456"])
    );
    // The create gets Bob's matches (Ada's first match is the contact itself); the update of
    // the same activity gets none (core passes correspondents to the create only).
    let created = h.crm.calls_to("createMessageLog");
    assert_eq!(created.len(), 1);
    assert_eq!(created[0]["correspondents"], json!([bob]));
    assert_eq!(h.crm.count("updateMessageLog"), 1);

    // One correspondent: not a group, nothing passed.
    let a = h
        .call(
            POST,
            "/messageLog",
            Some(message_body("conv-log-2", &["m-3"], 1)),
        )
        .await;
    assert_eq!(a.json()["logIds"], json!(["m-3"]), "{}", a.text);
    let created = h.crm.calls_to("createMessageLog");
    assert_eq!(created[1]["correspondents"], json!([]));
}

#[tokio::test]
async fn group_sms_without_cached_matches_passes_none() {
    let h = Harness::new(Options::default()).await;
    in_account(&h).await;
    let a = h
        .call(
            POST,
            "/messageLog",
            Some(message_body("conv-log-1", &["m-1"], 3)),
        )
        .await;
    assert_eq!(a.json()["logIds"], json!(["m-1-contact-456"]), "{}", a.text);
    let created = h.crm.calls_to("createMessageLog");
    assert_eq!(created[0]["correspondents"], json!([]));
}

// ---------------------------------------------------------------- Context::account_data

#[tokio::test]
async fn the_context_accessor_uses_the_servers_cache() {
    // What a connector writes through its context is what GET /accountData serves.
    let (h, accounts, token) = accounted(Some(ACCOUNT)).await;
    let signed_in = {
        let request = Request::get("/custom")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(())
            .unwrap();
        let (parts, ()) = request.into_parts();
        h.server.authenticate(&parts).await.unwrap()
    };
    signed_in
        .context()
        .account_data()
        .put(
            "owners",
            json!(["written by the connector"]),
            Duration::from_secs(60),
        )
        .await
        .unwrap();
    let a = get(&h, Some(&token), "/accountData?keys=owners").await;
    assert_eq!(
        a.json()["data"]["owners"],
        json!(["written by the connector"])
    );
    assert_eq!(accounts.fetched("owners"), 0);
    assert_eq!(
        signed_in
            .context()
            .account_data()
            .get("owners")
            .await
            .unwrap(),
        Some(json!(["written by the connector"]))
    );
    signed_in
        .context()
        .account_data()
        .remove("owners")
        .await
        .unwrap();
    get(&h, Some(&token), "/accountData?keys=owners").await;
    assert_eq!(accounts.fetched("owners"), 1);
}

// ---------------------------------------------------------------- replies kept byte for byte

#[tokio::test]
async fn a_failed_call_log_lookup_still_carries_empty_logs_byte_for_byte() {
    let h = Harness::new(Options::default()).await;
    h.store.delete_user(PLATFORM, USER_ID).await.unwrap();
    let a = get(&h, Some(&h.token), "/callLog?sessionIds=s-1").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(
        a.text,
        r#"{"successful":false,"returnMessage":{"message":"User not found","messageType":"warning","ttl":5000},"logs":[]}"#
    );
    // A connector failure of `requireDetails` keeps its errorCode-free body and gains `logs`.
    let h = Harness::new(Options::default()).await;
    let logged = h
        .call(POST, "/callLog", Some(create_call_body("s-9")))
        .await;
    assert_eq!(logged.json()["successful"], true, "{}", logged.text);
    h.crm
        .fail("getCallLog", support::Failure::Crm(500, "CRM down"));
    let a = get(
        &h,
        Some(&h.token),
        "/callLog?sessionIds=s-9&requireDetails=true",
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert!(
        a.text.starts_with(
            r#"{"successful":false,"returnMessage":{"message":"Error getting call log""#
        ),
        "{}",
        a.text
    );
    assert!(a.text.ends_with(r#","logs":[]}"#), "{}", a.text);
}

// ---------------------------------------------------------------- AccountDataCache on its own

#[tokio::test]
async fn get_or_fetch_serves_stale_on_error_but_not_over_a_revoked_session() {
    use app_connect_sdk::connector::{AccountDataPersistence, MemoryPersistence};
    let memory = MemoryPersistence::default();
    let mut user = User::new("7-acme", "acme");
    user.rc_account_id = Some("rc-1".into());
    let cx = Context::builder()
        .platform("acme")
        .user(user)
        .account_data_persistence(memory.clone())
        .build();
    let cache = cx.account_data();
    let day = Duration::from_secs(86_400);
    // Nothing stored: the fetch's error is the answer.
    let failed = cache
        .get_or_fetch("k", day, false, async {
            Err(ConnectorError::other("down"))
        })
        .await;
    assert!(failed.is_err());
    // An expired entry: a failing refetch serves it, a revoked session does not.
    memory
        .save_account_data(
            "acme",
            "rc-1",
            "k",
            CachedValue::new(json!("stale"), Some(1)),
        )
        .await
        .unwrap();
    assert_eq!(cache.get("k").await.unwrap(), None, "expired is not fresh");
    let served = cache
        .get_or_fetch("k", day, false, async {
            Err(ConnectorError::other("down"))
        })
        .await
        .unwrap();
    assert_eq!(served, json!("stale"));
    let revoked = cache
        .get_or_fetch("k", day, false, async {
            Err(ConnectorError::SessionRevoked)
        })
        .await;
    assert!(matches!(revoked, Err(ConnectorError::SessionRevoked)));
    // A fresh value is kept; force_refresh fetches anyway.
    let fresh = cache
        .get_or_fetch("k", day, false, async { Ok(json!("fresh")) })
        .await
        .unwrap();
    assert_eq!(fresh, json!("fresh"));
    let kept = cache
        .get_or_fetch("k", day, false, async { Ok(json!("never fetched")) })
        .await
        .unwrap();
    assert_eq!(kept, json!("fresh"));
    let forced = cache
        .get_or_fetch("k", day, true, async { Ok(json!("forced")) })
        .await
        .unwrap();
    assert_eq!(forced, json!("forced"));
    // Another platform or account does not see it.
    assert!(
        memory
            .load_account_data("other", "rc-1", "k")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        memory
            .load_account_data("acme", "rc-2", "k")
            .await
            .unwrap()
            .is_none()
    );

    // Without rcAccountId (or without a user) there is no account to keep data for.
    let cx = Context::builder()
        .platform("acme")
        .user(User::new("8-acme", "acme"))
        .build();
    let error = cx.account_data().get("k").await.unwrap_err();
    assert!(error.to_string().contains("rcAccountId"), "{error}");
    let cx = Context::builder().platform("acme").build();
    assert!(matches!(
        cx.account_data().get("k").await,
        Err(ConnectorError::UserNotFound)
    ));
}
