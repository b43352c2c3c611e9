//! A fake CRM for the proxy connector tests: a real HTTP server on loopback that records every
//! request and answers through a test's responder.
#![allow(dead_code)]

pub mod sample_crm;

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use app_connect_sdk::connector::Context;
use app_connect_sdk::connector::proxy::{ProxyConfig, ProxyConnector};
use app_connect_sdk::http::{HeaderMap, Method, Uri};
use app_connect_sdk::models::{Secret, User};
use axum::Router;
use axum::body::Bytes;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// One request the fake CRM received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    /// The body as JSON, `Value::Null` when empty, a string when not JSON.
    pub body: Value,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What the fake CRM answers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub headers: Vec<(&'static str, String)>,
    pub delay: Duration,
}

impl Reply {
    pub fn json(body: Value) -> Self {
        Reply {
            status: 200,
            body,
            headers: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    pub fn status(status: u16, body: Value) -> Self {
        Reply {
            status,
            ..Reply::json(body)
        }
    }

    pub fn with_header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_owned()));
        self
    }

    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

type Responder = dyn Fn(&Recorded) -> Reply + Send + Sync;

struct State {
    requests: Mutex<Vec<Recorded>>,
    responder: Box<Responder>,
}

/// The fake CRM: its base URL and what it received.
#[derive(Clone)]
pub struct FakeCrm {
    pub url: String,
    state: Arc<State>,
}

impl FakeCrm {
    /// Starts a CRM on 127.0.0.1 (a free port) answering every request with `responder`.
    pub async fn start(responder: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Self {
        let state = Arc::new(State {
            requests: Mutex::new(Vec::new()),
            responder: Box::new(responder),
        });
        let handler_state = state.clone();
        let app = Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let state = handler_state.clone();
                async move { answer(&state, method, uri, headers, body).await }
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().expect("local addr"));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeCrm { url, state }
    }

    /// A CRM answering everything with `body`.
    pub async fn always(body: Value) -> Self {
        Self::start(move |_| Reply::json(body.clone())).await
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.state
            .requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub fn last(&self) -> Recorded {
        self.requests().pop().expect("the CRM received a request")
    }

    pub fn count(&self) -> usize {
        self.requests().len()
    }
}

async fn answer(
    state: &State,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let query = uri
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let body = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()))
    };
    let recorded = Recorded {
        method,
        path: uri.path().to_owned(),
        query,
        headers,
        body,
    };
    let reply = (state.responder)(&recorded);
    state
        .requests
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(recorded);
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let mut response = (
        axum::http::StatusCode::from_u16(reply.status).expect("valid status"),
        axum::Json(reply.body),
    )
        .into_response();
    for (name, value) in reply.headers {
        response
            .headers_mut()
            .insert(name, value.parse().expect("header value"));
    }
    response
}

/// A connector for `config` (JSON), with `baseUrl` pointed at `crm` unless `keep_base`.
pub fn connector(config: Value, crm: &FakeCrm) -> ProxyConnector {
    let mut config = ProxyConfig::from_json_value(config).expect("config is valid");
    if config
        .request_defaults
        .as_ref()
        .and_then(|d| d.base_url.as_deref())
        .is_none_or(str::is_empty)
    {
        config.set_base_url(&crm.url).expect("base url");
    }
    ProxyConnector::from_config(config).expect("connector builds")
}

/// `config` with every `https://api.example.com` replaced by the fake CRM's URL.
pub fn pointed_at(config: Value, crm: &FakeCrm) -> Value {
    let text = config
        .to_string()
        .replace("https://api.example.com", &crm.url);
    serde_json::from_str(&text).expect("still JSON")
}

/// A signed-in user with this access token and `platformAdditionalInfo.proxyId`.
pub fn user(token: &str) -> User {
    let mut user = User::new("u1-test", "test");
    user.access_token = Secret::new(token.to_owned());
    user.platform_additional_info
        .insert("proxyId".into(), json!("p1"));
    user
}

/// A context with `user` and the prepared auth header.
pub fn cx(user: User, auth_header: Option<&str>) -> Context {
    let mut builder = Context::builder().platform("test").user(user);
    if let Some(header) = auth_header {
        builder = builder.auth_header(header);
    }
    builder.build()
}

/// The sample config of App Connect's own tests (skips when the reference data is absent).
pub fn sample_config() -> Option<Value> {
    crate::common::reference_json("reference/proxy-config-sample.json")
}
