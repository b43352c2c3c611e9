//! One operation's HTTP request: its template context, rendering, sending and errors.

use std::time::{Duration, Instant};

use base64::Engine as _;
use http::StatusCode;
use serde_json::{Map, Value, json};

use super::config::{CredentialEncoding, Operation, ProxyAuth, ProxyAuthType, ProxyConfig};
use super::template::{join_url, js_string, render_map, render_str, truthy};
use crate::connector::ConnectorError;
use crate::models::User;

/// Seconds a request may take when the config does not say.
const DEFAULT_TIMEOUT_SECONDS: f64 = 30.0;

/// The template context of one operation: its inputs, then `user`, `authHeader`, `apiKey` and
/// `secretKey` (which win over inputs of the same name), as App Connect builds it.
pub(crate) fn context(
    config: &ProxyConfig,
    mut inputs: Map<String, Value>,
    user: Option<&User>,
    auth_header: Option<&str>,
) -> Value {
    let access_token = match user {
        Some(u) => u.access_token.expose().to_owned(),
        None => inputs
            .get("apiKey")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
    };
    let mut user_cx = Map::new();
    user_cx.insert("accessToken".into(), Value::from(access_token.clone()));
    if let Some(u) = user {
        // The id without its `-<platform>` suffix.
        let id = u.id.split('-').next().unwrap_or_default();
        user_cx.insert("id".into(), Value::from(id));
        let mut put = |key: &str, value: Option<Value>| {
            if let Some(v) = value {
                user_cx.insert(key.into(), v);
            }
        };
        put("hostname", u.hostname.clone().map(Value::from));
        put("timezoneName", u.timezone_name.clone().map(Value::from));
        put(
            "timezoneOffset",
            u.timezone_offset
                .as_ref()
                .and_then(|o| serde_json::to_value(o).ok()),
        );
        put("platform", u.platform.clone().map(Value::from));
        put(
            "platformAdditionalInfo",
            Some(Value::Object(u.platform_additional_info.clone())),
        );
        put(
            "refreshToken",
            u.refresh_token.as_ref().map(|t| Value::from(t.expose())),
        );
        put(
            "tokenExpiry",
            u.token_expiry
                .map(|t| Value::from(t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))),
        );
    }
    inputs.insert("user".into(), Value::Object(user_cx));
    if let Some(header) = auth_header {
        inputs.insert("authHeader".into(), Value::from(header));
    }
    inputs.insert("apiKey".into(), Value::from(access_token));
    if let Some(secret) = &config.secret_key {
        inputs.insert("secretKey".into(), Value::from(secret.expose()));
    }
    Value::Object(inputs)
}

/// A request ready to send.
#[derive(Debug)]
pub(crate) struct Prepared {
    pub(crate) method: http::Method,
    pub(crate) url: String,
    pub(crate) headers: http::HeaderMap,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Option<Value>,
    pub(crate) timeout: Duration,
}

/// The request of operation `name`, rendered against `cx`.
pub(crate) fn prepare(
    config: &ProxyConfig,
    name: &str,
    op: &Operation,
    cx: &Value,
) -> Result<Prepared, ConnectorError> {
    let defaults = config.request_defaults.as_ref();
    let base = defaults
        .and_then(|d| d.base_url.as_deref())
        .unwrap_or_default();
    let path = op
        .url
        .as_deref()
        .map(|u| js_string(render_str(u, cx).as_ref()))
        .unwrap_or_default();
    let url = join_url(base, &path);
    let method_name = op
        .method
        .as_deref()
        .filter(|m| !m.is_empty())
        .unwrap_or("GET")
        .to_ascii_uppercase();
    let method = http::Method::from_bytes(method_name.as_bytes()).map_err(|_| {
        ConnectorError::other(format!(
            "proxy operation {name}: `{method_name}` is not an HTTP method"
        ))
    })?;

    // Default headers, then the operation's, then the auth header, each replacing the last.
    let mut headers = http::HeaderMap::new();
    let header_sets = [
        defaults.and_then(|d| d.default_headers.as_ref()),
        op.headers.as_ref(),
    ];
    for set in header_sets.into_iter().flatten() {
        for (key, value) in render_map(set, cx) {
            if !value.is_null() {
                insert_header(&mut headers, name, &key, &js_string(Some(&value)))?;
            }
        }
    }
    let auth = op.auth.as_ref().or(config.auth.as_ref());
    let auth_header = cx.get("authHeader").and_then(Value::as_str);
    if let Some((key, value)) = auth_header_for(auth, cx, auth_header) {
        insert_header(&mut headers, name, &key, &value)?;
    }

    let mut query = Vec::new();
    for (key, value) in op
        .query
        .as_ref()
        .map(|q| render_map(q, cx))
        .unwrap_or_default()
    {
        match value {
            Value::Null => {}
            Value::Array(items) => {
                for item in items.iter().filter(|v| !v.is_null()) {
                    query.push((format!("{key}[]"), js_string(Some(item))));
                }
            }
            Value::Object(_) => query.push((key, value.to_string())),
            scalar => query.push((key, js_string(Some(&scalar)))),
        }
    }

    // App Connect sends `{}` when an operation has no body; only methods that carry one do here.
    let body = match &op.body {
        Some(template) => super::template::render_deep(template, cx),
        None if matches!(
            method,
            http::Method::POST | http::Method::PUT | http::Method::PATCH
        ) =>
        {
            Some(json!({}))
        }
        None => None,
    };

    let seconds = defaults
        .and_then(|d| d.timeout_seconds)
        .filter(|s| *s > 0.0 && s.is_finite())
        .unwrap_or(DEFAULT_TIMEOUT_SECONDS);
    Ok(Prepared {
        method,
        url,
        headers,
        query,
        body,
        timeout: Duration::from_secs_f64(seconds),
    })
}

fn insert_header(
    headers: &mut http::HeaderMap,
    op: &str,
    key: &str,
    value: &str,
) -> Result<(), ConnectorError> {
    let name = http::HeaderName::from_bytes(key.as_bytes()).map_err(|_| {
        ConnectorError::other(format!(
            "proxy operation {op}: `{key}` is not a header name"
        ))
    })?;
    // The value is not quoted: it may hold a credential.
    let value = http::HeaderValue::from_str(value).map_err(|_| {
        ConnectorError::other(format!(
            "proxy operation {op}: the rendered value of header `{key}` cannot be sent"
        ))
    })?;
    headers.insert(name, value);
    Ok(())
}

/// The auth header: a rendered `credentialTemplate`, else the header App Connect prepared,
/// else `Bearer <access token>` for OAuth (the context always has a `user`, as in core).
fn auth_header_for(
    auth: Option<&ProxyAuth>,
    cx: &Value,
    prepared: Option<&str>,
) -> Option<(String, String)> {
    let name = auth
        .and_then(|a| a.header_name.as_deref())
        .filter(|n| !n.is_empty())
        .unwrap_or("Authorization")
        .to_owned();
    let scheme = auth
        .and_then(|a| a.scheme.as_deref())
        .filter(|s| !s.is_empty());
    if let Some(template) = auth
        .and_then(|a| a.credential_template.as_deref())
        .filter(|t| !t.is_empty())
    {
        let credentials = js_string(render_str(template, cx).as_ref());
        let token = match auth.and_then(|a| a.encode) {
            Some(CredentialEncoding::None) => credentials,
            _ => base64::engine::general_purpose::STANDARD.encode(credentials),
        };
        let value = match scheme {
            Some(s) => format!("{s} {token}"),
            None => token,
        };
        return Some((name, value));
    }
    if let Some(header) = prepared.filter(|h| !h.is_empty()) {
        return Some((name, header.to_owned()));
    }
    if auth.and_then(|a| a.auth_type) == Some(ProxyAuthType::OAuth) {
        let token = js_string(super::template::get_by_path(cx, Some("user.accessToken")));
        return Some((name, format!("{} {token}", scheme.unwrap_or("Bearer"))));
    }
    None
}

/// What the log line of a failed request says (App Connect's `PROXY_CONNECTOR_REQUEST_FAILED`):
/// never the path, the query, a header or a body.
struct Failure<'a> {
    op: &'a str,
    connector: &'a str,
    proxy_id: Option<&'a str>,
    method: &'a http::Method,
    host: Option<String>,
    timeout: Duration,
}

impl Failure<'_> {
    fn describe(
        &self,
        status: Option<StatusCode>,
        code: &str,
        started: Instant,
        request_id: Option<&str>,
    ) -> String {
        let mut text = format!(
            "PROXY_CONNECTOR_REQUEST_FAILED proxyOperation={} connectorName={} method={} targetHost={} statusCode={} errorCode={code} durationMs={} timeoutMs={}",
            self.op,
            self.connector,
            self.method,
            self.host.as_deref().unwrap_or("unknown"),
            status.map_or_else(|| "unknown".to_owned(), |s| s.as_u16().to_string()),
            started.elapsed().as_millis(),
            self.timeout.as_millis(),
        );
        if let Some(id) = self.proxy_id {
            text.push_str(&format!(" proxyId={id}"));
        }
        if let Some(id) = request_id {
            text.push_str(&format!(" upstreamRequestId={id}"));
        }
        text
    }
}

/// Sends `prepared` and returns the answer's body (JSON when it parses, else its text).
///
/// # Errors
///
/// A non-2xx answer is [`ConnectorError::Crm`] with its status (so 429 and 401/403 get App
/// Connect's rate-limit and authorization messages); no answer at all (timeout, connection)
/// is a `Crm` error without status.
pub(crate) async fn send(
    client: &reqwest::Client,
    prepared: Prepared,
    op: &str,
    connector: &str,
    user: Option<&User>,
) -> Result<Value, ConnectorError> {
    let failure = Failure {
        op,
        connector,
        proxy_id: user.and_then(|u| u.platform_additional_info.get("proxyId")?.as_str()),
        method: &prepared.method,
        host: url::Url::parse(&prepared.url).ok().and_then(|u| {
            u.host_str().map(|h| match u.port() {
                Some(p) => format!("{h}:{p}"),
                None => h.to_owned(),
            })
        }),
        timeout: prepared.timeout,
    };
    let started = Instant::now();
    let url = url::Url::parse(&prepared.url)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .ok_or_else(|| {
            ConnectorError::crm_unavailable(
                failure.describe(None, "ERR_INVALID_URL", started, None)
                    + " (the rendered URL is not an absolute http(s) URL)",
            )
        })?;
    let mut request = client
        .request(prepared.method.clone(), url)
        .headers(prepared.headers)
        .timeout(prepared.timeout);
    if !prepared.query.is_empty() {
        request = request.query(&prepared.query);
    }
    match prepared.body {
        Some(Value::String(text)) => request = request.body(text),
        Some(value) => request = request.json(&value),
        None => {}
    }
    let response = request.send().await.map_err(|e| {
        let code = if e.is_timeout() {
            "ECONNABORTED"
        } else if e.is_connect() {
            "ECONNREFUSED"
        } else {
            "ERR_NETWORK"
        };
        ConnectorError::crm_source(
            None,
            failure.describe(None, code, started, None),
            e.without_url(),
        )
    })?;
    let status = response.status();
    let request_id = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let bytes = response.bytes().await.map_err(|e| {
        ConnectorError::crm_source(
            Some(status),
            failure.describe(
                Some(status),
                "ERR_BAD_RESPONSE",
                started,
                request_id.as_deref(),
            ),
            e.without_url(),
        )
    })?;
    if !status.is_success() {
        let code = if status.is_client_error() {
            "ERR_BAD_REQUEST"
        } else {
            "ERR_BAD_RESPONSE"
        };
        return Err(ConnectorError::crm(
            status,
            failure.describe(Some(status), code, started, request_id.as_deref()),
        ));
    }
    Ok(serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned())))
}

/// `{ body: <answer> }`, the value response paths are read against.
pub(crate) fn response_context(body: Value) -> Value {
    json!({ "body": body })
}

/// Whether a value is truthy and then its text, for mapped strings.
pub(crate) fn text_if_truthy(value: Option<&Value>) -> Option<String> {
    truthy(value).then(|| js_string(value))
}
