//! An OAuth connector walked through its whole session lifecycle against a fake OAuth CRM on
//! loopback: authorize → `/oauth-callback` → log a call → token refresh → `/unAuthorize`.
//!
//! ```sh
//! cargo run --example oauth_crm
//! ```
//!
//! The fake CRM (`GET /oauth/authorize`, `POST /oauth/token`, `POST /api/calls`) binds a
//! free loopback port; the connector server answers in process (`ConnectorServer::handle`).
//! The connector declares no `checkAndRefreshAccessToken`: the runtime's built-in
//! refresh-token grant renews the token. `tests/server_oauth_example.rs` runs the same walk.

use app_connect_sdk::server::ConnectorServer;
use app_connect_sdk::server::session::SessionKeys;
use app_connect_sdk::server::store::{MemoryStore, UserStore};

/// The fake OAuth CRM and the connector for it.
pub mod crm {
    use std::collections::{BTreeMap, HashSet};
    use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

    use app_connect_sdk::async_trait;
    use app_connect_sdk::connector::{
        Connector, ConnectorError, Context, OAuthConnector, Result, SignIn, UnAuthorize,
    };
    use app_connect_sdk::http::StatusCode;
    use app_connect_sdk::models::*;
    use axum::extract::State;
    use axum::response::{IntoResponse, Redirect};
    use axum::routing::{get, post};
    use serde_json::{Value, json};

    /// The platform name.
    pub const PLATFORM: &str = "acmeOAuth";
    /// The OAuth client registered with the CRM.
    pub const CLIENT_ID: &str = "acme-client";
    /// Its secret.
    pub const CLIENT_SECRET: &str = "acme-client-secret";
    /// Where the CRM sends the browser back (App Connect's redirect page).
    pub const REDIRECT_URI: &str =
        "https://ringcentral.github.io/ringcentral-embeddable/redirect.html";

    /// What the fake CRM knows and counts.
    #[derive(Debug, Default)]
    pub struct CrmState {
        codes: HashSet<String>,
        access: HashSet<String>,
        refresh: HashSet<String>,
        next: u64,
        /// Refresh grants answered.
        pub refresh_grants: usize,
        /// Calls logged, by id: the subject.
        pub calls: BTreeMap<String, String>,
    }

    /// The fake OAuth CRM: shared state and its loopback address.
    #[derive(Debug, Clone)]
    pub struct FakeCrm {
        state: Arc<Mutex<CrmState>>,
        /// `http://127.0.0.1:<port>`.
        pub base: String,
    }

    impl FakeCrm {
        /// Serves the CRM on a free loopback port.
        pub async fn start() -> std::io::Result<FakeCrm> {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
            let crm = FakeCrm {
                state: Arc::default(),
                base: format!("http://{}", listener.local_addr()?),
            };
            let app = axum::Router::new()
                .route("/oauth/authorize", get(authorize))
                .route("/oauth/token", post(token))
                .route("/api/calls", post(log_call))
                .with_state(crm.clone());
            tokio::spawn(async move { axum::serve(listener, app).await });
            Ok(crm)
        }

        /// The CRM's state.
        pub fn state(&self) -> MutexGuard<'_, CrmState> {
            self.state.lock().unwrap_or_else(PoisonError::into_inner)
        }

        fn issue(state: &mut CrmState) -> Value {
            state.next += 1;
            let (access, refresh) = (format!("at-{}", state.next), format!("rt-{}", state.next));
            state.access.insert(access.clone());
            state.refresh.insert(refresh.clone());
            json!({ "access_token": access, "refresh_token": refresh, "expires_in": 3600 })
        }
    }

    /// The user approves at once: back to the redirect URI with a one-time code.
    async fn authorize(State(crm): State<FakeCrm>, uri: axum::http::Uri) -> impl IntoResponse {
        let query: BTreeMap<String, String> =
            url::form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
        let code = format!("code-{}", crm.state().codes.len() + 1);
        crm.state().codes.insert(code.clone());
        let redirect = query.get("redirect_uri").cloned().unwrap_or_default();
        let state: String = url::form_urlencoded::byte_serialize(
            query.get("state").map(String::as_bytes).unwrap_or_default(),
        )
        .collect();
        Redirect::to(&format!("{redirect}?code={code}&state={state}"))
    }

    async fn token(State(crm): State<FakeCrm>, body: String) -> impl IntoResponse {
        let form: BTreeMap<String, String> = url::form_urlencoded::parse(body.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let mut state = crm.state();
        let grant = |set: &mut HashSet<String>, key: &str| {
            form.get(key).is_some_and(|value| set.remove(value))
        };
        let ok = match form.get("grant_type").map(String::as_str) {
            Some("authorization_code") => grant(&mut state.codes, "code"),
            Some("refresh_token") => {
                state.refresh_grants += 1;
                grant(&mut state.refresh, "refresh_token")
            }
            _ => false,
        };
        if ok {
            (StatusCode::OK, axum::Json(FakeCrm::issue(&mut state)))
        } else {
            (
                StatusCode::BAD_REQUEST,
                axum::Json(json!({ "error": "invalid_grant" })),
            )
        }
    }

    async fn log_call(
        State(crm): State<FakeCrm>,
        headers: axum::http::HeaderMap,
        axum::Json(body): axum::Json<Value>,
    ) -> impl IntoResponse {
        let token = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        let mut state = crm.state();
        if !state.access.contains(token) {
            return (
                StatusCode::UNAUTHORIZED,
                axum::Json(json!({ "error": "invalid_token" })),
            );
        }
        let id = format!("call-{}", state.calls.len() + 1);
        let subject = body["subject"].as_str().unwrap_or_default().to_owned();
        state.calls.insert(id.clone(), subject);
        (StatusCode::OK, axum::Json(json!({ "id": id })))
    }

    /// The connector: OAuth sign-in, call logging through the CRM's API.
    #[derive(Debug)]
    pub struct AcmeOAuth {
        base: String,
        http: reqwest::Client,
    }

    impl AcmeOAuth {
        /// A connector for the CRM at `base`.
        pub fn new(base: &str) -> Self {
            AcmeOAuth {
                base: base.to_owned(),
                http: reqwest::Client::new(),
            }
        }
    }

    #[async_trait]
    impl OAuthConnector for AcmeOAuth {
        async fn oauth_info(&self, _: &Context, _: OAuthInfoParams) -> Result<OAuthInfo> {
            Ok(OAuthInfo::new(
                CLIENT_ID,
                CLIENT_SECRET,
                format!("{}/oauth/token", self.base),
                REDIRECT_URI,
            ))
        }
    }

    #[async_trait]
    impl UnAuthorize for AcmeOAuth {
        async fn un_authorize(&self, _: &Context) -> Result<MutationResult> {
            // A real CRM would revoke the token here; the runtime clears the stored credentials.
            let mut result = MutationResult::success();
            result.return_message =
                Some(ReturnMessage::success("Logged out of Acme").with_ttl(1000));
            Ok(result)
        }
    }

    #[async_trait]
    impl Connector for AcmeOAuth {
        fn platform(&self) -> &str {
            PLATFORM
        }

        fn auth(&self) -> SignIn<'_> {
            SignIn::OAuth(self)
        }

        async fn get_user_info(&self, _: &Context, _: GetUserInfoParams) -> Result<UserInfoResult> {
            Ok(UserInfoResult::success(PlatformUserInfo::new(
                format!("7-{PLATFORM}"),
                "Ada Lovelace",
            )))
        }

        async fn find_contact(
            &self,
            _: &Context,
            _: FindContactParams,
        ) -> Result<FindContactResult> {
            Ok(FindContactResult::found(Vec::new()))
        }

        async fn create_call_log(
            &self,
            cx: &Context,
            params: CreateCallLogParams,
        ) -> Result<LogResult> {
            let subject = format!("Call {}", params.call_log.session_id);
            let response = self
                .http
                .post(format!("{}/api/calls", self.base))
                .header("authorization", cx.auth_header().unwrap_or_default())
                .json(&json!({ "subject": subject }))
                .send()
                .await
                .map_err(ConnectorError::other)?;
            let status = response.status();
            if !status.is_success() {
                return Err(ConnectorError::crm(
                    StatusCode::from_u16(status.as_u16()).unwrap_or(StatusCode::BAD_GATEWAY),
                    "Acme refused the call log",
                ));
            }
            let body: Value = response.json().await.map_err(ConnectorError::other)?;
            let id = body["id"].as_str().unwrap_or_default().to_owned();
            Ok(LogResult::logged(id))
        }

        async fn update_call_log(
            &self,
            _: &Context,
            _: UpdateCallLogParams,
        ) -> Result<UpdateCallLogResult> {
            Ok(UpdateCallLogResult::new())
        }

        async fn get_call_log(&self, _: &Context, _: GetCallLogParams) -> Result<GetCallLogResult> {
            Err(ConnectorError::other("not needed by the walk-through"))
        }

        fn un_authorize(&self) -> Option<&dyn UnAuthorize> {
            Some(self)
        }
    }
}

/// What the walk-through observed, step by step.
#[derive(Debug, Default)]
pub struct Walk {
    /// `(step, HTTP status, body)` of each App Connect request.
    pub steps: Vec<(&'static str, u16, String)>,
    /// Refresh grants the CRM answered.
    pub refresh_grants: usize,
    /// Calls the CRM holds.
    pub calls: usize,
}

fn call_log_body(session_id: &str) -> serde_json::Value {
    serde_json::json!({
        "logInfo": {
            "id": format!("call-{session_id}"),
            "sessionId": session_id,
            "direction": "Outbound",
            "startTime": 1_700_000_000_000_i64,
            "duration": 42,
            "result": "Call connected",
            "from": { "phoneNumber": "+14155550199" },
            "to": { "phoneNumber": "+14155550100" }
        },
        "contactId": 1,
        "contactType": "Contact",
        "contactName": "Grace Hopper",
        "note": "Example call"
    })
}

/// Runs authorize → callback → log a call → refresh → logout and reports what happened.
pub async fn walk() -> Result<Walk, Box<dyn std::error::Error>> {
    use app_connect_sdk::http::{Method, Request};

    let fake = crm::FakeCrm::start().await?;
    let store = MemoryStore::new();
    let keys = SessionKeys::new("example-oauth-session-secret-0123456789")?;
    let server = ConnectorServer::builder(keys)
        .connector(crm::AcmeOAuth::new(&fake.base))
        .stores(store.clone())
        .build()?;
    let mut walk = Walk::default();
    let send = |method: Method,
                uri: String,
                token: Option<String>,
                body: Option<serde_json::Value>| {
        let server = server.clone();
        async move {
            let mut request = Request::builder().method(method).uri(uri);
            if let Some(token) = token {
                request = request.header("authorization", format!("Bearer {token}"));
            }
            let body = body.map(|b| b.to_string()).unwrap_or_default();
            if !body.is_empty() {
                request = request.header("content-type", "application/json");
            }
            let response = server.handle(request.body(body.into_bytes())?).await;
            let status = response.status().as_u16();
            Ok::<_, Box<dyn std::error::Error>>((status, String::from_utf8(response.into_body())?))
        }
    };

    // 1. The App Connect client opens the CRM's authorize page; the CRM redirects back.
    let state: String =
        url::form_urlencoded::byte_serialize(format!("platform={}", crm::PLATFORM).as_bytes())
            .collect();
    let authorize = format!(
        "{}/oauth/authorize?client_id={}&redirect_uri={}&state={state}",
        fake.base,
        crm::CLIENT_ID,
        crm::REDIRECT_URI
    );
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let redirect = browser.get(authorize).send().await?;
    let callback_uri = redirect
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .ok_or("the CRM did not redirect")?
        .to_owned();

    // 2. The client hands the redirect to /oauth-callback and gets a session.
    let encoded: String = url::form_urlencoded::byte_serialize(callback_uri.as_bytes()).collect();
    let (status, body) = send(
        Method::GET,
        format!("/oauth-callback?callbackUri={encoded}"),
        None,
        None,
    )
    .await?;
    walk.steps.push(("oauth-callback", status, body.clone()));
    let session: serde_json::Value = serde_json::from_str(&body)?;
    let token = session["jwtToken"]
        .as_str()
        .ok_or("no jwtToken")?
        .to_owned();

    // 3. Log a call with the fresh token.
    let (status, body) = send(
        Method::POST,
        "/callLog".into(),
        Some(token.clone()),
        Some(call_log_body("s-1")),
    )
    .await?;
    walk.steps.push(("log a call", status, body));

    // 4. An hour later the access token has expired: the runtime refreshes it first.
    let id = format!("7-{}", crm::PLATFORM);
    if let Some(mut user) = store.get_user(crm::PLATFORM, &id).await? {
        user.token_expiry = Some(chrono::Utc::now() - chrono::Duration::minutes(1));
        store.put_user(user).await?;
    }
    let (status, body) = send(
        Method::POST,
        "/callLog".into(),
        Some(token.clone()),
        Some(call_log_body("s-2")),
    )
    .await?;
    walk.steps.push(("log after expiry", status, body));

    // 5. Log out: the session is refused afterwards.
    let (status, body) = send(
        Method::POST,
        "/unAuthorize".into(),
        Some(token.clone()),
        None,
    )
    .await?;
    walk.steps.push(("unAuthorize", status, body));
    let (status, body) = send(
        Method::POST,
        "/callLog".into(),
        Some(token),
        Some(call_log_body("s-3")),
    )
    .await?;
    walk.steps.push(("log after logout", status, body));

    let state = fake.state();
    walk.refresh_grants = state.refresh_grants;
    walk.calls = state.calls.len();
    Ok(walk)
}

#[allow(dead_code)] // `main` is unused when a test includes this file as a module.
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let walk = walk().await?;
    for (step, status, body) in &walk.steps {
        println!("{step:<18} {status} {body}");
    }
    println!(
        "refresh grants: {}, calls in the CRM: {}",
        walk.refresh_grants, walk.calls
    );
    Ok(())
}
